"use client";

import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Banner } from "@/components/ui/feedback";
import { Field, Input, Textarea } from "@/components/ui/field";
import { ApiError } from "@/lib/client/fetch-json";
import { REASON_MAX, REASON_MIN } from "@/lib/services/deployments/schemas";

const FIELDS = new Set(["reason", "confirmName"]);

export type ConfirmedInput = { reason: string; confirmName?: string };

/**
 * The one confirmation of a dangerous deployment change (a rollout action, a Flagger gate): it names the
 * target (cluster, namespace, object and any more rows), says what will happen, asks why, asks for the
 * name in a production namespace when `confirmNeeded`, then shows the request running and its outcome. A
 * 409 means the target moved on since the person looked: shown as such, with no way to send it again.
 */
export function DeliveryConfirmDialog({
  title,
  target,
  effect,
  state,
  outcome,
  reasonHint,
  reasonPlaceholder,
  options,
  confirmNeeded,
  pending,
  failedTitle,
  failedAdvice,
  submit,
  onSubmit,
  onClose,
}: {
  title: string;
  target: {
    cluster: string;
    namespace: string;
    production: boolean;
    rows: [label: string, value: string][];
    name: string;
  };
  effect: string;
  state: { isPending: boolean; isSuccess: boolean; error: Error | null };
  /** What landed, once the request succeeded. */
  outcome: ReactNode;
  reasonHint: string;
  reasonPlaceholder: string;
  /** More choices under the reason (given whether they are disabled now). */
  options?: (disabled: boolean) => ReactNode;
  confirmNeeded: boolean;
  pending: string;
  failedTitle: string;
  /** Said after a failure's message, for a server error (5xx). */
  failedAdvice?: string;
  submit: { label: string; variant: "primary" | "danger" };
  onSubmit: (input: ConfirmedInput) => void;
  onClose: () => void;
}) {
  const [reason, setReason] = useState("");
  const [confirmName, setConfirmName] = useState("");
  const { isPending, isSuccess, error } = state;
  const conflict = error instanceof ApiError && error.status === 409;
  const fields = error instanceof ApiError ? error.fields : {};
  // Errors of the two fields show under them; any other answer, in a banner.
  const inFields = Object.keys(fields).length > 0 && Object.keys(fields).every((f) => FIELDS.has(f));
  const ready = reason.trim().length >= REASON_MIN && (!confirmNeeded || confirmName.trim() === target.name);
  const locked = isPending || conflict;

  const send = (event: React.FormEvent) => {
    event.preventDefault();
    if (!ready || isPending || isSuccess || conflict) return;
    onSubmit({ reason: reason.trim(), ...(confirmNeeded && { confirmName: confirmName.trim() }) });
  };

  return (
    <Dialog open onOpenChange={(open) => !open && !isPending && onClose()} title={title}>
      <form onSubmit={send} className="space-y-4" aria-label={title}>
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm" data-testid="action-target">
          <dt className="text-zinc-500">Cluster</dt>
          <dd className="font-medium">{target.cluster}</dd>
          <dt className="text-zinc-500">Namespace</dt>
          <dd className="font-medium">
            {target.namespace}
            {target.production && (
              <span className="ml-2 rounded bg-red-100 px-1.5 py-0.5 text-xs text-red-800 dark:bg-red-900/40 dark:text-red-300">
                production
              </span>
            )}
          </dd>
          {target.rows.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="text-zinc-500">{label}</dt>
              <dd className="font-medium">{value}</dd>
            </div>
          ))}
        </dl>
        <p className="rounded-md bg-zinc-100 px-3 py-2 text-sm dark:bg-zinc-800" data-testid="action-effect">
          {effect}
        </p>

        {isSuccess ? (
          <div role="status" className="space-y-1 text-sm" data-testid="action-outcome">
            {outcome}
          </div>
        ) : (
          <>
            <Field label="Reason" hint={reasonHint} errors={fields.reason}>
              {(props) => (
                <Textarea
                  {...props}
                  rows={3}
                  required
                  minLength={REASON_MIN}
                  maxLength={REASON_MAX}
                  value={reason}
                  disabled={locked}
                  onChange={(e) => setReason(e.target.value)}
                  placeholder={reasonPlaceholder}
                />
              )}
            </Field>
            {options?.(locked)}
            {confirmNeeded && (
              <Field
                label={`Type ${target.name} to confirm`}
                hint={`${target.namespace} is a production namespace.`}
                errors={fields.confirmName}
              >
                {(props) => (
                  <Input
                    {...props}
                    autoComplete="off"
                    spellCheck={false}
                    value={confirmName}
                    disabled={locked}
                    onChange={(e) => setConfirmName(e.target.value)}
                  />
                )}
              </Field>
            )}
          </>
        )}

        {isPending && (
          <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
            {pending}
          </p>
        )}
        {error &&
          (conflict ? (
            <Banner tone="warn" title={error.message}>
              The page now shows where {target.name} stands. Close this and decide again.
            </Banner>
          ) : (
            !inFields && (
              <Banner title={failedTitle}>
                {[error.message, ...Object.values(fields).flat()].join(" ")}
                {failedAdvice && error instanceof ApiError && error.status >= 500 ? ` ${failedAdvice}` : ""}
              </Banner>
            )
          ))}

        <div className="flex justify-end gap-2">
          <Button onClick={onClose} disabled={isPending}>
            {isSuccess || conflict ? "Close" : "Cancel"}
          </Button>
          {!isSuccess && !conflict && (
            <Button
              type="submit"
              variant={submit.variant}
              busy={isPending}
              disabled={!ready}
              aria-describedby={ready ? undefined : "confirm-dialog-missing"}
            >
              {submit.label}
            </Button>
          )}
        </div>
        {!ready && !isSuccess && !conflict && (
          <p id="confirm-dialog-missing" className="sr-only">
            {reason.trim().length < REASON_MIN
              ? `Give a reason of at least ${REASON_MIN} characters.`
              : `Type ${target.name} to confirm.`}
          </p>
        )}
      </form>
    </Dialog>
  );
}
