import { readJson } from "@/lib/http/body";
import { route } from "@/lib/http/route";
import { runRolloutAction } from "@/lib/services/deployments";
import { actionInput, rolloutRef } from "@/lib/services/deployments/schemas";

export const POST = route(
  {
    summary: "Act on a rollout: promote, abort, retry, pause, resume, restart or undo",
    access: "deployments:act",
    params: rolloutRef,
    body: actionInput,
  },
  async (request, ctx, ref) => ({ outcome: await runRolloutAction(ctx, ref, await readJson(request)) }),
);
