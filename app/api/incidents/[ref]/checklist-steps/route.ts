import { readJson } from "@/lib/http/body";
import { route } from "@/lib/http/route";
import { checkStep } from "@/lib/services/incidents";

export const POST = route<{ ref: string }>(async (request, ctx, { ref }) => ({
  incident: await checkStep(ctx, ref, await readJson(request)),
}));
