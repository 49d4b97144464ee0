import { route } from "@/lib/http/route";
import { queryParams } from "@/lib/http/url";
import { getDeploymentMarkers } from "@/lib/services/deployments";

export const GET = route(async (request, ctx) => ({
  markers: await getDeploymentMarkers(ctx, queryParams(request.nextUrl.searchParams)),
}));
