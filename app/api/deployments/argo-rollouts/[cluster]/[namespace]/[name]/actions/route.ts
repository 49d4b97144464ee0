import { readJson } from "@/lib/http/body";
import { route } from "@/lib/http/route";
import { runRolloutAction, type RolloutRef } from "@/lib/services/deployments";

export const POST = route<RolloutRef>(async (request, ctx, ref) => ({
  outcome: await runRolloutAction(ctx, ref, await readJson(request)),
}));
