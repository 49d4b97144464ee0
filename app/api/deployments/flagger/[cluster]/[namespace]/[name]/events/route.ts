// Server-Sent Events: "changed" whenever the canary or its events change, or its cluster's state does.
import { route } from "@/lib/http/route";
import { changeEvents } from "@/lib/http/sse";
import { rolloutChanges, type CanaryRef } from "@/lib/services/deployments";

export const dynamic = "force-dynamic";

export const GET = route<CanaryRef>(async (request, ctx, ref) =>
  changeEvents(rolloutChanges(ctx, ref, "flagger"), request.signal),
);
