import { route } from "@/lib/http/route";
import { getOverview } from "@/lib/services/health/overview";

export const GET = route(async (request, ctx) =>
  getOverview(ctx, Object.fromEntries(request.nextUrl.searchParams)),
);
