"use client";

import { Button } from "@/components/ui/button";
import { Banner } from "@/components/ui/feedback";
import { conflictsOf } from "@/lib/client/incidents";
import type { FieldConflict } from "@/lib/services/incidents/schemas";

const FIELD_NAMES: Record<FieldConflict["field"], string> = {
  title: "Title",
  severity: "Severity",
  status: "Status",
  services: "Affected services",
  summary: "Summary",
  customerImpact: "Customer impact",
  rootCause: "Root cause",
  wentWell: "What went well",
  actionItems: "Action items",
};

function shown(value: unknown): string {
  if (Array.isArray(value))
    return value.length
      ? value.map((v) => (typeof v === "object" && v && "text" in v ? String(v.text) : String(v))).join(", ")
      : "(none)";
  return value === "" || value == null ? "(empty)" : String(value);
}

/**
 * Why a change of the incident was refused. For a conflict (someone else changed the same field first),
 * both values side by side, with the choice of which to keep; the person's own input stays where it was.
 */
export function ChangeError({
  error,
  onKeepMine,
  onKeepTheirs,
  busy,
}: {
  error: Error | null;
  onKeepMine: () => void;
  onKeepTheirs: () => void;
  busy: boolean;
}) {
  if (!error) return null;
  const conflicts = conflictsOf(error);
  if (!conflicts.length) return <Banner title={error.message} />;
  return (
    <Banner tone="warn" title="Someone else changed this first. Your change is not saved yet.">
      <dl className="mt-1 space-y-1.5" data-testid="change-conflicts">
        {conflicts.map((c) => (
          <div key={c.field}>
            <dt className="font-medium">{FIELD_NAMES[c.field]}</dt>
            <dd className="grid grid-cols-[auto_1fr] gap-x-2 text-xs">
              <span>Theirs{c.changedBy ? ` (${c.changedBy})` : ""}:</span>
              <span className="line-clamp-3 whitespace-pre-wrap">{shown(c.theirs)}</span>
              <span>Yours:</span>
              <span className="line-clamp-3 whitespace-pre-wrap">{shown(c.yours)}</span>
            </dd>
          </div>
        ))}
      </dl>
      <div className="mt-2 flex gap-2">
        <Button size="sm" variant="primary" busy={busy} onClick={onKeepMine}>
          Keep mine
        </Button>
        <Button size="sm" onClick={onKeepTheirs}>
          Keep theirs
        </Button>
      </div>
    </Banner>
  );
}
