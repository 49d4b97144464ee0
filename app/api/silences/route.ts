import { readJson } from "@/lib/http/body";
import { created } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { createSilence, listSilences } from "@/lib/services/alerts";
import { createSilenceInput } from "@/lib/services/alerts/schemas";

export const GET = route({ summary: "List silences", access: "alerts:read" }, async (_request, ctx) => ({
  silences: await listSilences(ctx),
}));

export const POST = route(
  {
    summary: "Create a silence",
    access: "silences:write",
    body: createSilenceInput,
    success: { status: 201 },
  },
  async (request, ctx) => created({ silence: await createSilence(ctx, await readJson(request)) }),
);
