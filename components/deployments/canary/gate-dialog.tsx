"use client";

import { CheckCircle2 } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Banner } from "@/components/ui/feedback";
import { Field, Input, Textarea } from "@/components/ui/field";
import { ApiError } from "@/lib/client/fetch-json";
import { newIdempotencyKey, useGateAction } from "@/lib/client/deployments";
import type { GateType } from "@/lib/flagger/schemas";
import type { CanaryDetail, GateAction } from "@/lib/services/deployments/model";
import { REASON_MAX, REASON_MIN } from "@/lib/services/deployments/schemas";

const FIELDS = new Set(["reason", "confirmName"]);

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
 * The confirmation of a gate change: names the cluster, namespace, canary and gate and what Flagger will
 * do, asks why, lets an opening last beyond this revision, and for a rollback in a production namespace
 * asks for the canary's name. The idempotency key is made when it opens, reused by retries.
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
  const [reason, setReason] = useState("");
  const [confirmName, setConfirmName] = useState("");
  const [always, setAlways] = useState(false);
  const mutation = useGateAction(ref);
  const confirmNeeded = action === "rollback" && production;
  const error = mutation.error;
  const conflict = error instanceof ApiError && error.status === 409;
  const fields = error instanceof ApiError ? error.fields : {};
  const inFields = Object.keys(fields).length > 0 && Object.keys(fields).every((f) => FIELDS.has(f));
  const ready = reason.trim().length >= REASON_MIN && (!confirmNeeded || confirmName.trim() === summary.name);
  const title =
    action === "rollback"
      ? `Roll ${summary.name} back?`
      : `${GATE_ACTION_LABEL[action]} the ${gate} gate of ${summary.name}?`;

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!ready || mutation.isPending || mutation.isSuccess || conflict) return;
    mutation.mutate({
      action,
      ...(action !== "rollback" && { gate }),
      ...(action === "open" && { scope: always ? "always" : "revision" }),
      reason: reason.trim(),
      ...(confirmNeeded && { confirmName: confirmName.trim() }),
      idempotencyKey,
    });
  };

  return (
    <Dialog open onOpenChange={(open) => !open && !mutation.isPending && onClose()} title={title}>
      <form onSubmit={submit} className="space-y-4" aria-label={title}>
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
          <dt className="text-zinc-500">Canary</dt>
          <dd className="font-medium">{summary.name}</dd>
          <dt className="text-zinc-500">Gate</dt>
          <dd className="font-medium">{gate}</dd>
        </dl>
        <p className="rounded-md bg-zinc-100 px-3 py-2 text-sm dark:bg-zinc-800" data-testid="action-effect">
          {gateEffect(action, gate, summary.name, always)}
        </p>
        {mutation.isSuccess ? (
          <p
            role="status"
            className="flex items-center gap-1.5 text-sm font-medium text-green-700 dark:text-green-400"
            data-testid="action-outcome"
          >
            <CheckCircle2 className="size-4" aria-hidden /> {mutation.data.message}
          </p>
        ) : (
          <>
            <Field
              label="Reason"
              hint="Recorded in the audit log and the canary's history."
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
                  disabled={mutation.isPending || conflict}
                  onChange={(e) => setReason(e.target.value)}
                  placeholder="Why now? (the canary's errors are flat, the change was verified, …)"
                />
              )}
            </Field>
            {action === "open" && (
              <label className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  checked={always}
                  onChange={(e) => setAlways(e.target.checked)}
                  disabled={mutation.isPending || conflict}
                />
                Keep it open for later revisions too, until someone closes it
              </label>
            )}
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
                    disabled={mutation.isPending || conflict}
                    onChange={(e) => setConfirmName(e.target.value)}
                  />
                )}
              </Field>
            )}
          </>
        )}
        {mutation.isPending && (
          <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
            Saving…
          </p>
        )}
        {error &&
          (conflict ? (
            <Banner tone="warn" title={error.message}>
              The page now shows where {summary.name} stands. Close this and decide again.
            </Banner>
          ) : (
            !inFields && (
              <Banner title={`${GATE_ACTION_LABEL[action]} failed.`}>
                {[error.message, ...Object.values(fields).flat()].join(" ")}
              </Banner>
            )
          ))}
        <div className="flex justify-end gap-2">
          <Button onClick={onClose} disabled={mutation.isPending}>
            {mutation.isSuccess || conflict ? "Close" : "Cancel"}
          </Button>
          {!mutation.isSuccess && !conflict && (
            <Button
              type="submit"
              variant={action === "open" ? "primary" : "danger"}
              busy={mutation.isPending}
              disabled={!ready}
            >
              {action === "rollback" ? "Roll back" : `${GATE_ACTION_LABEL[action]} ${gate}`}
            </Button>
          )}
        </div>
        {!ready && !mutation.isSuccess && !conflict && (
          <p className="sr-only">
            {reason.trim().length < REASON_MIN
              ? `Give a reason of at least ${REASON_MIN} characters.`
              : `Type ${summary.name} to confirm.`}
          </p>
        )}
      </form>
    </Dialog>
  );
}
