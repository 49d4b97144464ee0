import { readJson } from "@/lib/http/body";
import { created } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { createRunbook, listRunbooks } from "@/lib/services/runbooks";

export const GET = route(async (request, ctx) => ({
  runbooks: await listRunbooks(ctx, Object.fromEntries(request.nextUrl.searchParams)),
}));

export const POST = route(async (request, ctx) => {
  const runbook = await createRunbook(ctx, await readJson(request));
  return created({ runbook }, `/api/runbooks/${runbook.id}`);
});
