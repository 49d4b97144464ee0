import { route } from "@/lib/http/route";
import { getOverviewSparklines, overviewInput } from "@/lib/services/health/overview";

export const GET = route(
  {
    summary: "Each service's recent request rate and errors, for sparklines",
    access: "overview:read",
    query: overviewInput,
  },
  async (request, ctx) => getOverviewSparklines(ctx, Object.fromEntries(request.nextUrl.searchParams)),
);
