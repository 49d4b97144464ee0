"use client";

import { useState } from "react";
import { Badge } from "@/components/ui/feedback";
import { Panel } from "@/components/ui/panel";
import { TableCell, TableRow } from "@/components/ui/table";
import { useRolloutHistoryQuery, type RolloutRef } from "@/lib/client/deployments";
import type { DeploymentHistoryEntry, RolloutPosition } from "@/lib/services/deployments/model";
import { ACTION_WORDS } from "../format";
import { HistoryTable, RESULT_TONE } from "../history-table";
import { Time } from "@/components/shell/time-format";

function move(before: RolloutPosition | null, after: RolloutPosition | null): string {
  if (!before || !after) return "";
  const parts: string[] = [];
  if (before.step !== after.step && after.step !== null) {
    parts.push(`step ${before.step === null ? "—" : before.step + 1} → ${after.step + 1}`);
  }
  if (before.revision !== after.revision && after.revision !== null) {
    parts.push(`revision ${before.revision ?? "—"} → ${after.revision}`);
  }
  if (before.phase !== after.phase) parts.push(`${before.phase} → ${after.phase}`);
  return parts.join(", ");
}

function What({ entry }: { entry: DeploymentHistoryEntry }) {
  if (entry.kind === "event") {
    return (
      <>
        <span className="font-medium">{entry.reason}</span>{" "}
        <span className="text-zinc-600 dark:text-zinc-400">{entry.message}</span>
        {entry.count > 1 && <span className="text-xs text-zinc-500"> (×{entry.count})</span>}
      </>
    );
  }
  const change = move(entry.before, entry.after);
  return (
    <>
      <span className="font-medium">
        {ACTION_WORDS[entry.action].label}
        {entry.action === "undo" && entry.toRevision ? ` to revision ${entry.toRevision}` : ""}
      </span>
      {change && <span className="text-zinc-600 dark:text-zinc-400"> {change}</span>}
    </>
  );
}

/** Who did what to the rollout, when, why and with what result (audit log), with the controller's events. */
export function HistoryPanel({ rolloutRef }: { rolloutRef: RolloutRef }) {
  const history = useRolloutHistoryQuery(rolloutRef);
  const [peopleOnly, setPeopleOnly] = useState(false);
  const entries = history.data?.filter((entry) => !peopleOnly || entry.kind === "action");
  return (
    <Panel
      title="History"
      action={
        <label className="flex items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-400">
          <input type="checkbox" checked={peopleOnly} onChange={(e) => setPeopleOnly(e.target.checked)} />
          Only what people did
        </label>
      }
    >
      {history.isError && (
        <p className="mb-2 text-sm text-red-600">The history could not be loaded: {history.error.message}</p>
      )}
      <HistoryTable
        caption="History"
        data-testid="rollout-history"
        loading={history.isPending}
        empty={
          entries?.length === 0 && (
            <p className="text-sm text-zinc-500">
              {peopleOnly
                ? "Nobody has acted on this rollout through Opsdeck yet."
                : "Nothing recorded yet: nobody acted through Opsdeck, and Kubernetes keeps no event of it."}
            </p>
          )
        }
      >
        {entries?.map((entry) => (
          <TableRow key={entry.id} data-kind={entry.kind} tone={entry.kind === "event" ? undefined : "info"}>
            <TableCell className="text-xs whitespace-nowrap tabular-nums" title={entry.at}>
              <Time at={entry.at} dateTime />
            </TableCell>
            <TableCell className="text-sm">
              {entry.kind === "action" ? (
                (entry.actor ?? "unknown")
              ) : (
                <span className="text-zinc-500">controller</span>
              )}
            </TableCell>
            <TableCell className="text-sm">
              <What entry={entry} />
            </TableCell>
            <TableCell className="text-sm">{entry.kind === "action" ? (entry.reason ?? "") : ""}</TableCell>
            <TableCell>
              {entry.kind === "action" ? (
                <span className="flex flex-col gap-0.5">
                  <span>
                    <Badge tone={RESULT_TONE[entry.result]}>{entry.result}</Badge>
                  </span>
                  {entry.failure && (
                    <span className="text-xs text-zinc-600 dark:text-zinc-400">{entry.failure}</span>
                  )}
                </span>
              ) : (
                entry.type === "Warning" && <Badge tone="warn">Warning</Badge>
              )}
            </TableCell>
          </TableRow>
        ))}
      </HistoryTable>
    </Panel>
  );
}
