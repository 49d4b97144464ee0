import { route } from "@/lib/http/route";
import { diffRunbook } from "@/lib/services/runbooks";

export const GET = route<{ id: string }>(async (request, ctx, { id }) => {
  const params = request.nextUrl.searchParams;
  return { diff: await diffRunbook(ctx, id, Number(params.get("from")), Number(params.get("to"))) };
});
