"use client";

import { GitCompare, History, ListChecks, Pencil, RotateCcw, Siren } from "lucide-react";
import { Link } from "@/components/ui/link";
import { parseAsInteger, useQueryState } from "nuqs";
import { useState } from "react";
import { Markdown } from "@/components/markdown";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Badge, Banner, Skeleton } from "@/components/ui/feedback";
import { ApiError } from "@/lib/client/fetch-json";
import { useIncidentQuery, useStartChecklist } from "@/lib/client/incidents";
import { useRestoreRunbook, useRunbookQuery } from "@/lib/client/runbooks";
import { formatAge } from "@/lib/format";
import type { RunbookDetail } from "@/lib/services/runbooks";

export function RunbookPage({
  id,
  canWrite,
  canRunIncidents,
}: {
  id: string;
  canWrite: boolean;
  canRunIncidents: boolean;
}) {
  const runbook = useRunbookQuery(id);
  const [incident] = useQueryState("incident", parseAsInteger);

  if (runbook.isPending) return <Skeleton className="h-96 w-full" />;
  if (runbook.isError)
    return <Banner title="This runbook could not be loaded.">{runbook.error.message}</Banner>;
  const r = runbook.data;
  return (
    <>
      <div className="mb-5 flex flex-wrap items-start justify-between gap-3">
        <div>
          <p className="text-sm">
            <Link href="/runbooks" className="text-zinc-500 hover:underline">
              Runbooks
            </Link>
          </p>
          <h1 className="text-xl font-semibold tracking-tight">{r.title}</h1>
          <div className="mt-1 flex flex-wrap items-center gap-2 text-xs text-zinc-500">
            <span>
              version {r.version}, {formatAge(r.updatedAt)}
            </span>
            {r.ownerTeam && <span>owned by {r.ownerTeam}</span>}
            {r.services.map((s) => (
              <Link key={s} href={`/services/${encodeURIComponent(s)}`}>
                <Badge tone="info">{s}</Badge>
              </Link>
            ))}
            {r.alertNames.map((a) => (
              <Link key={a} href={`/alerts?filter=${encodeURIComponent(`alertname="${a}"`)}`}>
                <Badge tone="warn">{a}</Badge>
              </Link>
            ))}
            {r.tags.map((t) => (
              <Badge key={t}>#{t}</Badge>
            ))}
          </div>
        </div>
        {canWrite && (
          <Link
            href={`/runbooks/${r.id}/edit`}
            className="inline-flex h-9 items-center gap-1.5 rounded-md border border-zinc-300 px-3 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
          >
            <Pencil className="size-4" aria-hidden /> Edit
          </Link>
        )}
      </div>
      {incident !== null && canRunIncidents && <IncidentBar incidentNumber={incident} runbook={r} />}
      <div className="grid gap-4 lg:grid-cols-[1fr_18rem]">
        <Card className="min-w-0 p-5">
          {r.body.trim() ? (
            <Markdown>{r.body}</Markdown>
          ) : (
            <p className="text-sm text-zinc-500">
              This runbook is empty. {canWrite && "Edit it to write the procedure."}
            </p>
          )}
        </Card>
        <Versions runbook={r} canWrite={canWrite} />
      </div>
    </>
  );
}

/** Shown when the runbook was opened from an incident: one click turns its checklist into the incident's. */
function IncidentBar({ incidentNumber, runbook }: { incidentNumber: number; runbook: RunbookDetail }) {
  const ref = String(incidentNumber);
  const incident = useIncidentQuery(ref);
  const start = useStartChecklist(ref);
  const started = incident.data?.checklists.some((c) => c.runbookId === runbook.id);
  return (
    <div className="mb-4 flex flex-wrap items-center justify-between gap-2 rounded-md border border-red-200 bg-red-50/70 px-3 py-2 text-sm dark:border-red-900 dark:bg-red-950/30">
      <span className="flex items-center gap-2">
        <Siren className="size-4 text-red-600" aria-hidden />
        Opened from{" "}
        <Link href={`/incidents/${incidentNumber}`} className="font-medium hover:underline">
          incident #{incidentNumber}
          {incident.data && ` ${incident.data.title}`}
        </Link>
      </span>
      {runbook.steps > 0 &&
        (started ? (
          <Link
            href={`/incidents/${incidentNumber}`}
            className="text-sky-700 hover:underline dark:text-sky-400"
          >
            Checklist running in the incident →
          </Link>
        ) : (
          <Button
            size="sm"
            variant="primary"
            busy={start.isPending}
            disabled={!incident.data}
            onClick={() => start.mutate({ runbookId: runbook.id })}
          >
            <ListChecks className="size-3.5" aria-hidden /> Run its {runbook.steps} steps in #{incidentNumber}
          </Button>
        ))}
      {start.error && (
        <p role="alert" className="w-full text-xs text-red-600">
          {start.error.message}
        </p>
      )}
    </div>
  );
}

function Versions({ runbook, canWrite }: { runbook: RunbookDetail; canWrite: boolean }) {
  const restore = useRestoreRunbook(runbook.id);
  const [restoring, setRestoring] = useState<number | null>(null);
  const conflict = restore.error instanceof ApiError && restore.error.status === 409;
  return (
    <Card className="h-fit p-4">
      <h2 className="mb-2 flex items-center gap-1.5 text-sm font-semibold">
        <History className="size-4" aria-hidden /> History
      </h2>
      {restore.error && (
        <p role="alert" className="mb-2 text-xs text-red-600">
          {conflict
            ? "Someone saved a newer version meanwhile; reload and choose again."
            : restore.error.message}
        </p>
      )}
      <ol className="space-y-2 text-sm" aria-label="Versions">
        {runbook.versions.map((v) => (
          <li key={v.version} className="border-l-2 border-zinc-200 pl-2 dark:border-zinc-800">
            <div className="flex items-center justify-between gap-2">
              <span className="font-medium">
                v{v.version}
                {v.version === runbook.version && (
                  <span className="ml-1 text-xs font-normal text-green-700 dark:text-green-400">current</span>
                )}
              </span>
              <span className="text-xs text-zinc-500" title={v.createdAt}>
                {formatAge(v.createdAt)}
              </span>
            </div>
            <p className="text-xs text-zinc-500">
              {v.authorEmail}
              {v.note && ` — ${v.note}`}
            </p>
            {v.version !== runbook.version && (
              <div className="mt-1 flex gap-3 text-xs">
                <Link
                  className="inline-flex items-center gap-1 text-sky-700 hover:underline dark:text-sky-400"
                  href={`/runbooks/${runbook.id}/diff?from=${v.version}&to=${runbook.version}`}
                >
                  <GitCompare className="size-3" aria-hidden /> Compare with current
                </Link>
                {canWrite && (
                  <button
                    type="button"
                    className="inline-flex items-center gap-1 text-sky-700 hover:underline dark:text-sky-400"
                    onClick={() => setRestoring(v.version)}
                  >
                    <RotateCcw className="size-3" aria-hidden /> Restore
                  </button>
                )}
              </div>
            )}
          </li>
        ))}
      </ol>
      <ConfirmDialog
        open={restoring !== null}
        onOpenChange={(o) => !o && setRestoring(null)}
        title={`Restore version ${restoring} of “${runbook.title}”?`}
        description={
          <>
            Its text becomes version {runbook.version + 1}; nothing is lost, version {runbook.version} stays
            in the history.
          </>
        }
        confirmLabel={`Restore v${restoring}`}
        tone="primary"
        busy={restore.isPending}
        onConfirm={() =>
          restoring &&
          restore.mutate(
            { version: restoring, expectedVersion: runbook.version },
            { onSettled: () => setRestoring(null) },
          )
        }
      />
    </Card>
  );
}
