import { route } from "@/lib/http/route";
import { getOverview, overviewInput } from "@/lib/services/health/overview";

export const GET = route(
  {
    summary: "Every service's health now and its SLO, likely origins first",
    access: "overview:read",
    query: overviewInput,
  },
  async (request, ctx) => getOverview(ctx, Object.fromEntries(request.nextUrl.searchParams)),
);
