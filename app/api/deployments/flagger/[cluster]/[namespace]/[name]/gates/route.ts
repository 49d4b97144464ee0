// Open or close a Flagger canary's gate, or ask for a rollback (deployments:act, audited).
import { readJson } from "@/lib/http/body";
import { route } from "@/lib/http/route";
import { runGateAction } from "@/lib/services/deployments";
import { gateInput, rolloutRef } from "@/lib/services/deployments/schemas";

export const POST = route(
  {
    summary: "Open or close a canary's gate, or ask Flagger to roll back",
    access: "deployments:act",
    params: rolloutRef,
    body: gateInput,
  },
  async (request, ctx, ref) => ({ outcome: await runGateAction(ctx, ref, await readJson(request)) }),
);
