import { route } from "@/lib/http/route";
import { queryParams } from "@/lib/http/url";
import { search } from "@/lib/services/search";
import { searchInput } from "@/lib/services/search/schemas";

export const GET = route(
  {
    summary:
      "Search services, alerts, deployments, incidents, runbooks and a trace by id, each kind as the caller's role may read",
    access: "authenticated",
    query: searchInput,
  },
  async (request, ctx) => search(ctx, queryParams(request.nextUrl.searchParams)),
);
