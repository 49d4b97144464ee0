import { route } from "@/lib/http/route";
import { getRolloutDetail } from "@/lib/services/deployments";
import { rolloutRef } from "@/lib/services/deployments/schemas";

export const GET = route(
  {
    summary: "One rollout: status, steps, revisions, analysis, the actions available now",
    access: "deployments:read",
    params: rolloutRef,
  },
  async (_request, ctx, ref) => ({ rollout: await getRolloutDetail(ctx, ref) }),
);
