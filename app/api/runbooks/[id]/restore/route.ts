import { readJson } from "@/lib/http/body";
import { route } from "@/lib/http/route";
import { restoreRunbook } from "@/lib/services/runbooks";

export const POST = route<{ id: string }>(async (request, ctx, { id }) => ({
  runbook: await restoreRunbook(ctx, id, await readJson(request)),
}));
