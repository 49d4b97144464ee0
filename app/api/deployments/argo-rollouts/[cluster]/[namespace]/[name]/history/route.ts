import { route } from "@/lib/http/route";
import { getRolloutHistory, type RolloutRef } from "@/lib/services/deployments";

export const GET = route<RolloutRef>(async (_request, ctx, ref) => ({
  history: await getRolloutHistory(ctx, ref),
}));
