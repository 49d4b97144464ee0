import { route } from "@/lib/http/route";
import { queryParams } from "@/lib/http/url";
import { listDeployments } from "@/lib/services/deployments";

export const GET = route(async (request, ctx) =>
  listDeployments(ctx, queryParams(request.nextUrl.searchParams)),
);
