import { route } from "@/lib/http/route";
import { search } from "@/lib/services/search";

export const GET = route(async (request, ctx) => ({
  hits: await search(ctx, { q: request.nextUrl.searchParams.get("q") ?? "" }),
}));
