// Open or close a Flagger canary's gate, or ask for a rollback (deployments:act, audited).
import { readJson } from "@/lib/http/body";
import { route } from "@/lib/http/route";
import { runGateAction, type CanaryRef } from "@/lib/services/deployments";

export const POST = route<CanaryRef>(async (request, ctx, ref) => ({
  outcome: await runGateAction(ctx, ref, await readJson(request)),
}));
