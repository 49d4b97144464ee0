import { route } from "@/lib/http/route";
import { queryParams } from "@/lib/http/url";
import { getRolloutMetrics, type RolloutRef } from "@/lib/services/deployments";

export const GET = route<RolloutRef>(async (request, ctx, ref) => ({
  metrics: await getRolloutMetrics(ctx, ref, queryParams(request.nextUrl.searchParams)),
}));
