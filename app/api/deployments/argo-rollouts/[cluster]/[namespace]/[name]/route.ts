import { route } from "@/lib/http/route";
import { getRolloutDetail, type RolloutRef } from "@/lib/services/deployments";

export const GET = route<RolloutRef>(async (_request, ctx, ref) => ({
  rollout: await getRolloutDetail(ctx, ref),
}));
