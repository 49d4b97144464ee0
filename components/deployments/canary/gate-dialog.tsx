"use client";

import { CheckCircle2 } from "lucide-react";
import { useState } from "react";
import { newIdempotencyKey, useGateAction } from "@/lib/client/deployments";
import type { GateType } from "@/lib/flagger/schemas";
import type { CanaryDetail, GateAction } from "@/lib/services/deployments/model";
import { DeliveryConfirmDialog } from "../confirm-dialog";

/** What each change does, in the words of the confirmation. */
export function gateEffect(action: GateAction, gate: GateType, name: string, always: boolean): string {
  if (action === "rollback")
    return `Flagger rolls ${name} back at its next check: the canary is scaled to zero and the primary keeps serving.`;
  if (action === "close")
    return `Flagger's next ${gate} call is answered closed: ${name} waits there until the gate is opened again.`;
  const until = always
    ? "until someone closes it"
    : "for this revision only (a new revision closes it again)";
  return gate === "confirm-promotion"
    ? `Flagger promotes ${name} at its next call (every analysis interval): the gate stays open ${until}.`
    : `Flagger starts the rollout of ${name}'s new revision at its next call: the gate stays open ${until}.`;
}

export const GATE_ACTION_LABEL: Record<GateAction, string> = {
  open: "Open",
  close: "Close",
  rollback: "Roll back",
};

/**
 * The confirmation of a gate change (DeliveryConfirmDialog): names the gate too, lets an opening last
 * beyond this revision, and for a rollback in a production namespace asks for the canary's name. The
 * idempotency key is made when it opens, reused by retries.
 */
export function GateDialog({
  detail,
  action,
  gate,
  onClose,
}: {
  detail: CanaryDetail;
  action: GateAction;
  gate: GateType;
  onClose: () => void;
}) {
  const { summary, production } = detail;
  const ref = { cluster: summary.cluster, namespace: summary.namespace, name: summary.name };
  const [idempotencyKey] = useState(newIdempotencyKey);
  const [always, setAlways] = useState(false);
  const mutation = useGateAction(ref);

  return (
    <DeliveryConfirmDialog
      title={
        action === "rollback"
          ? `Roll ${summary.name} back?`
          : `${GATE_ACTION_LABEL[action]} the ${gate} gate of ${summary.name}?`
      }
      target={{
        ...ref,
        production,
        rows: [
          ["Canary", summary.name],
          ["Gate", gate],
        ],
      }}
      effect={gateEffect(action, gate, summary.name, always)}
      state={mutation}
      outcome={
        <p className="flex items-center gap-1.5 font-medium text-green-700 dark:text-green-400">
          <CheckCircle2 className="size-4" aria-hidden /> {mutation.data?.message}
        </p>
      }
      reasonHint="Recorded in the audit log and the canary's history."
      reasonPlaceholder="Why now? (the canary's errors are flat, the change was verified, …)"
      options={(disabled) =>
        action === "open" && (
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={always}
              onChange={(e) => setAlways(e.target.checked)}
              disabled={disabled}
            />
            Keep it open for later revisions too, until someone closes it
          </label>
        )
      }
      confirmNeeded={action === "rollback" && production}
      pending="Saving…"
      failedTitle={`${GATE_ACTION_LABEL[action]} failed.`}
      submit={{
        label: action === "rollback" ? "Roll back" : `${GATE_ACTION_LABEL[action]} ${gate}`,
        variant: action === "open" ? "primary" : "danger",
      }}
      onSubmit={(confirmed) =>
        mutation.mutate({
          action,
          ...(action !== "rollback" && { gate }),
          ...(action === "open" && { scope: always ? "always" : "revision" }),
          ...confirmed,
          idempotencyKey,
        })
      }
      onClose={onClose}
    />
  );
}
