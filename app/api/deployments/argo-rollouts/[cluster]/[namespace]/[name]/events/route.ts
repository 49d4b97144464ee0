// Server-Sent Events: "changed" whenever the rollout, its ReplicaSets, analysis runs or events change, or
// its cluster's state does.
import { route } from "@/lib/http/route";
import { changeEvents } from "@/lib/http/sse";
import { rolloutChanges, type RolloutRef } from "@/lib/services/deployments";

export const dynamic = "force-dynamic";

export const GET = route<RolloutRef>(async (request, ctx, ref) =>
  changeEvents(rolloutChanges(ctx, ref), request.signal),
);
