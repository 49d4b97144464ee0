import { route } from "@/lib/http/route";
import { getOverviewSparklines } from "@/lib/services/health/overview";

export const GET = route(async (request, ctx) =>
  getOverviewSparklines(ctx, Object.fromEntries(request.nextUrl.searchParams)),
);
