"use client";

import { CheckCircle2 } from "lucide-react";
import { useState } from "react";
import { newIdempotencyKey, useRolloutAction } from "@/lib/client/deployments";
import type { ActionAvailabilityView, RolloutDetail } from "@/lib/services/deployments/model";
import { DeliveryConfirmDialog } from "./confirm-dialog";
import { ACTION_WORDS, describeOutcome, effectSentence, needsConfirmName } from "./format";

/**
 * The confirmation of a rollout action, the one way every page acts on a rollout (DeliveryConfirmDialog):
 * in a production namespace it asks for the rollout's name before abort and undo. The
 * idempotency key is made when the dialog opens (it mounts with it) and sent again with every retry of
 * this confirmation, so a retried request after a lost answer changes nothing twice. The state the person
 * saw (`detail` when the dialog opened) travels with the request; when the rollout moved on since, the
 * service refuses with a sentence saying what happened, shown here while the page refetches.
 */
export function ActionDialog({
  detail,
  request,
  onClose,
}: {
  detail: RolloutDetail;
  /** An available action (undo with its revision), as the rollout's detail offers it. */
  request: ActionAvailabilityView;
  onClose: () => void;
}) {
  const { summary, view, production } = detail;
  const ref = { cluster: summary.cluster, namespace: summary.namespace, name: summary.name };
  const [idempotencyKey] = useState(newIdempotencyKey);
  // What the person saw when they opened the confirmation, kept while live updates change the page.
  const [expected] = useState(() => ({
    resourceVersion: detail.resourceVersion,
    step: view.step?.index ?? null,
    revision: view.revision,
  }));
  const action = useRolloutAction(ref);
  const words = ACTION_WORDS[request.action];
  const confirmNeeded = needsConfirmName(request.action, production);
  const undoTo = request.action === "undo" ? request.toRevision : null;

  return (
    <DeliveryConfirmDialog
      title={
        undoTo !== null ? `Roll ${summary.name} back to revision ${undoTo}?` : words.question(summary.name)
      }
      target={{ ...ref, production, rows: [["Rollout", summary.name]] }}
      effect={effectSentence(request.effect ?? words.label)}
      state={action}
      outcome={
        action.data && (
          <>
            <p className="flex items-center gap-1.5 font-medium text-green-700 dark:text-green-400">
              <CheckCircle2 className="size-4" aria-hidden /> Done
            </p>
            {describeOutcome(action.data, view.step?.count ?? null).map((line) => (
              <p key={line}>{line}</p>
            ))}
          </>
        )
      }
      reasonHint="Recorded in the audit log and the rollout's history."
      reasonPlaceholder="Why now? (canary metrics look good, errors after the new revision, …)"
      confirmNeeded={confirmNeeded}
      pending={`Sending ${words.label.toLowerCase()} to ${summary.cluster}…`}
      failedTitle={`${words.label} failed.`}
      failedAdvice="Trying again is safe: it is the same request, and Kubernetes gets it at most once."
      submit={{ label: undoTo !== null ? `Roll back to ${undoTo}` : words.confirm, variant: words.tone }}
      onSubmit={(confirmed) =>
        action.mutate({
          action: request.action,
          ...(undoTo !== null && { toRevision: undoTo }),
          ...confirmed,
          expected,
          idempotencyKey,
        })
      }
      onClose={onClose}
    />
  );
}
