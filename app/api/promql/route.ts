import { route } from "@/lib/http/route";
import { explore, exploreInput } from "@/lib/services/health/explore";

export const GET = route(
  { summary: "Run a PromQL query, instant or range", access: "promql:query", query: exploreInput },
  async (request, ctx) => explore(ctx, Object.fromEntries(request.nextUrl.searchParams)),
);
