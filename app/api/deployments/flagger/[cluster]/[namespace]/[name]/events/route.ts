// Server-Sent Events: "changed" whenever the canary or its events change, or its cluster's state does.
import { route } from "@/lib/http/route";
import { changeEvents } from "@/lib/http/sse";
import { rolloutChanges } from "@/lib/services/deployments";
import { rolloutRef } from "@/lib/services/deployments/schemas";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    summary: "Follow a canary's changes (server-sent events)",
    access: "deployments:read",
    params: rolloutRef,
    success: { contentType: "text/event-stream" },
  },
  async (request, ctx, ref) => changeEvents(rolloutChanges(ctx, ref, "flagger"), request.signal),
);
