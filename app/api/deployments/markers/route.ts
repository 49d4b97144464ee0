import { route } from "@/lib/http/route";
import { queryParams } from "@/lib/http/url";
import { getDeploymentMarkers } from "@/lib/services/deployments";
import { markersQuery } from "@/lib/services/deployments/schemas";

export const GET = route(
  {
    summary: "Deployment markers for services' charts: rollouts started, promoted, aborted, rolled back",
    access: "deployments:read",
    query: markersQuery,
  },
  async (request, ctx) => ({
    markers: await getDeploymentMarkers(ctx, queryParams(request.nextUrl.searchParams)),
  }),
);
