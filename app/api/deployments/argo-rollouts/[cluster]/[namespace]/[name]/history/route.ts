import { route } from "@/lib/http/route";
import { getRolloutHistory } from "@/lib/services/deployments";
import { rolloutRef } from "@/lib/services/deployments/schemas";

export const GET = route(
  {
    summary: "A rollout's history: actions taken in Opsdeck and the controller's events, newest first",
    access: "deployments:read",
    params: rolloutRef,
  },
  async (_request, ctx, ref) => ({ history: await getRolloutHistory(ctx, ref) }),
);
