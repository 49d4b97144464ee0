import { route } from "@/lib/http/route";
import { diffRunbook } from "@/lib/services/runbooks";

export const GET = route<{ id: string }>(async (request, ctx, { id }) => ({
  diff: await diffRunbook(ctx, id, Object.fromEntries(request.nextUrl.searchParams)),
}));
