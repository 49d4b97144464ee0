import { route } from "@/lib/http/route";
import { queryParams } from "@/lib/http/url";
import { getRolloutMetrics } from "@/lib/services/deployments";
import { metricsQuery, rolloutRef } from "@/lib/services/deployments/schemas";

export const GET = route(
  {
    summary: "A rollout's canary and stable (or preview and active) request rate, errors and latency",
    access: "deployments:read",
    params: rolloutRef,
    query: metricsQuery,
  },
  async (request, ctx, ref) => ({
    metrics: await getRolloutMetrics(ctx, ref, queryParams(request.nextUrl.searchParams)),
  }),
);
