// Server-Sent Events: "changed" whenever a rollout the list (with the same filters) shows changes, or a
// cluster's state does, as this instance's informers see it.
import { route } from "@/lib/http/route";
import { changeEvents } from "@/lib/http/sse";
import { queryParams } from "@/lib/http/url";
import { deploymentChanges } from "@/lib/services/deployments";
import { listQuery } from "@/lib/services/deployments/schemas";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    summary: "Follow changes of the deliveries a list shows (server-sent events)",
    access: "deployments:read",
    query: listQuery,
    success: { contentType: "text/event-stream" },
  },
  async (request, ctx) =>
    changeEvents(deploymentChanges(ctx, queryParams(request.nextUrl.searchParams)), request.signal),
);
