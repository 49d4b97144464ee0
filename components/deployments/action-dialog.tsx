"use client";

import { CheckCircle2 } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Banner } from "@/components/ui/feedback";
import { Field, Input, Textarea } from "@/components/ui/field";
import { ApiError } from "@/lib/client/fetch-json";
import { newIdempotencyKey, useRolloutAction } from "@/lib/client/deployments";
import type { ActionAvailabilityView, RolloutDetail } from "@/lib/services/deployments/model";
import { REASON_MAX, REASON_MIN } from "@/lib/services/deployments/schemas";
import { ACTION_WORDS, describeOutcome, effectSentence, needsConfirmName } from "./format";

const FIELDS = new Set(["reason", "confirmName"]);

/**
 * The confirmation of a rollout action, the one way every page acts on a rollout. It names the cluster,
 * namespace and rollout and says what the action will do; asks why; in a production namespace asks for
 * the rollout's name before abort and undo; then shows the request running and what landed. The
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
  const [reason, setReason] = useState("");
  const [confirmName, setConfirmName] = useState("");
  const action = useRolloutAction(ref);
  const words = ACTION_WORDS[request.action];
  const confirmNeeded = needsConfirmName(request.action, production);
  const error = action.error;
  const conflict = error instanceof ApiError && error.status === 409;
  const fields = error instanceof ApiError ? error.fields : {};
  // Errors of the two fields show under them; any other answer, in a banner.
  const inFields = Object.keys(fields).length > 0 && Object.keys(fields).every((f) => FIELDS.has(f));
  const ready = reason.trim().length >= REASON_MIN && (!confirmNeeded || confirmName.trim() === summary.name);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!ready || action.isPending || action.isSuccess || conflict) return;
    action.mutate({
      action: request.action,
      ...(request.action === "undo" && request.toRevision !== null && { toRevision: request.toRevision }),
      reason: reason.trim(),
      ...(confirmNeeded && { confirmName: confirmName.trim() }),
      expected,
      idempotencyKey,
    });
  };

  return (
    <Dialog
      open
      onOpenChange={(open) => !open && !action.isPending && onClose()}
      title={
        request.action === "undo" && request.toRevision !== null
          ? `Roll ${summary.name} back to revision ${request.toRevision}?`
          : words.question(summary.name)
      }
    >
      <form onSubmit={submit} className="space-y-4" aria-label={`${words.label} ${summary.name}`}>
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm" data-testid="action-target">
          <dt className="text-zinc-500">Cluster</dt>
          <dd className="font-medium">{summary.cluster}</dd>
          <dt className="text-zinc-500">Namespace</dt>
          <dd className="font-medium">
            {summary.namespace}
            {production && (
              <span className="ml-2 rounded bg-red-100 px-1.5 py-0.5 text-xs text-red-800 dark:bg-red-900/40 dark:text-red-300">
                production
              </span>
            )}
          </dd>
          <dt className="text-zinc-500">Rollout</dt>
          <dd className="font-medium">{summary.name}</dd>
        </dl>
        <p className="rounded-md bg-zinc-100 px-3 py-2 text-sm dark:bg-zinc-800" data-testid="action-effect">
          {effectSentence(request.effect ?? words.label)}
        </p>

        {action.isSuccess ? (
          <div role="status" className="space-y-1 text-sm" data-testid="action-outcome">
            <p className="flex items-center gap-1.5 font-medium text-green-700 dark:text-green-400">
              <CheckCircle2 className="size-4" aria-hidden /> Done
            </p>
            {describeOutcome(action.data, view.step?.count ?? null).map((line) => (
              <p key={line}>{line}</p>
            ))}
          </div>
        ) : (
          <>
            <Field
              label="Reason"
              hint="Recorded in the audit log and the rollout's history."
              errors={fields.reason}
            >
              {(props) => (
                <Textarea
                  {...props}
                  rows={3}
                  required
                  minLength={REASON_MIN}
                  maxLength={REASON_MAX}
                  value={reason}
                  disabled={action.isPending || conflict}
                  onChange={(e) => setReason(e.target.value)}
                  placeholder="Why now? (canary metrics look good, errors after the new revision, …)"
                />
              )}
            </Field>
            {confirmNeeded && (
              <Field
                label={`Type ${summary.name} to confirm`}
                hint={`${summary.namespace} is a production namespace.`}
                errors={fields.confirmName}
              >
                {(props) => (
                  <Input
                    {...props}
                    autoComplete="off"
                    spellCheck={false}
                    value={confirmName}
                    disabled={action.isPending || conflict}
                    onChange={(e) => setConfirmName(e.target.value)}
                  />
                )}
              </Field>
            )}
          </>
        )}

        {action.isPending && (
          <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
            Sending {words.label.toLowerCase()} to {summary.cluster}…
          </p>
        )}
        {error &&
          (conflict ? (
            <Banner tone="warn" title={error.message}>
              The page now shows where {summary.name} stands. Close this and decide again.
            </Banner>
          ) : (
            !inFields && (
              <Banner title={`${words.label} failed.`}>
                {[error.message, ...Object.values(fields).flat()].join(" ")}
                {error instanceof ApiError && error.status >= 500
                  ? " Trying again is safe: it is the same request, and Kubernetes gets it at most once."
                  : ""}
              </Banner>
            )
          ))}

        <div className="flex justify-end gap-2">
          <Button onClick={onClose} disabled={action.isPending}>
            {action.isSuccess || conflict ? "Close" : "Cancel"}
          </Button>
          {!action.isSuccess && !conflict && (
            <Button
              type="submit"
              variant={words.tone}
              busy={action.isPending}
              disabled={!ready}
              aria-describedby={ready ? undefined : "action-dialog-missing"}
            >
              {request.action === "undo" && request.toRevision !== null
                ? `Roll back to ${request.toRevision}`
                : words.confirm}
            </Button>
          )}
        </div>
        {!ready && !action.isSuccess && !conflict && (
          <p id="action-dialog-missing" className="sr-only">
            {reason.trim().length < REASON_MIN
              ? `Give a reason of at least ${REASON_MIN} characters.`
              : `Type ${summary.name} to confirm.`}
          </p>
        )}
      </form>
    </Dialog>
  );
}
