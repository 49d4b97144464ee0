import { readJson } from "@/lib/http/body";
import { route } from "@/lib/http/route";
import { getTimePreferences, updateTimePreferences } from "@/lib/services/account";
import { timePreferencesInput } from "@/lib/services/account/schemas";

export const GET = route(
  { summary: "How the signed-in person wants times shown", access: "authenticated" },
  async (_request, ctx) => ({ preferences: await getTimePreferences(ctx) }),
);

export const PUT = route(
  {
    summary: "Choose how times are shown: the browser's zone or UTC, a 12- or 24-hour clock",
    access: "account:write",
    body: timePreferencesInput,
  },
  async (request, ctx) => ({ preferences: await updateTimePreferences(ctx, await readJson(request)) }),
);
