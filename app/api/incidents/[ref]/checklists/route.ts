import { readJson } from "@/lib/http/body";
import { route } from "@/lib/http/route";
import { startChecklist } from "@/lib/services/incidents";

export const POST = route<{ ref: string }>(async (request, ctx, { ref }) => ({
  incident: await startChecklist(ctx, ref, await readJson(request)),
}));
