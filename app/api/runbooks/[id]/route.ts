import { readJson } from "@/lib/http/body";
import { route } from "@/lib/http/route";
import { getRunbook, updateRunbook } from "@/lib/services/runbooks";

export const GET = route<{ id: string }>(async (_request, ctx, { id }) => ({
  runbook: await getRunbook(ctx, id),
}));

export const PUT = route<{ id: string }>(async (request, ctx, { id }) => ({
  runbook: await updateRunbook(ctx, id, await readJson(request)),
}));
