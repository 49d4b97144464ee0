import { route } from "@/lib/http/route";
import { queryParams } from "@/lib/http/url";
import { listDeployments } from "@/lib/services/deployments";
import { listQuery } from "@/lib/services/deployments/schemas";

export const GET = route(
  {
    summary: "List progressive deliveries (Argo Rollouts), filtered and sorted, with who waits for whom",
    access: "deployments:read",
    query: listQuery,
  },
  async (request, ctx) => listDeployments(ctx, queryParams(request.nextUrl.searchParams)),
);
