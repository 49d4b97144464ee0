import { route } from "@/lib/http/route";
import { getCanaryDetail } from "@/lib/services/deployments";
import { rolloutRef } from "@/lib/services/deployments/schemas";

export const GET = route(
  {
    summary: "One Flagger canary: phase, analysis, revisions, gates and their history",
    access: "deployments:read",
    params: rolloutRef,
  },
  async (_request, ctx, ref) => ({ canary: await getCanaryDetail(ctx, ref) }),
);
