import { route } from "@/lib/http/route";
import { search, searchInput } from "@/lib/services/search";

export const GET = route(
  { summary: "Search incidents and runbooks", access: "incidents:read", query: searchInput },
  async (request, ctx) => ({
    hits: await search(ctx, { q: request.nextUrl.searchParams.get("q") ?? "" }),
  }),
);
