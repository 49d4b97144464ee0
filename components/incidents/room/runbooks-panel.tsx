"use client";

import { ListChecks } from "lucide-react";
import { Link } from "@/components/ui/link";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/feedback";
import { Panel } from "@/components/ui/panel";
import { useStartChecklist } from "@/lib/client/incidents";
import { useRunbooksQuery } from "@/lib/client/runbooks";
import type { TimelineEntryView } from "@/lib/services/incidents";
import type { PanelProps } from "./panel-props";

/** The alert an entry is about, if any. */
function alertNameOf(entry: TimelineEntryView): string | undefined {
  switch (entry.kind) {
    case "alert_attached":
    case "alert_fired":
    case "alert_resolved":
      return entry.data.labels.alertname;
    default:
      return undefined;
  }
}

/** The runbooks that name the incident's services or alerts; a writer starts one's checklist here. */
export function RunbooksPanel({ incident, incidentRef, canWrite }: PanelProps) {
  const alert = incident.timeline.map(alertNameOf).find(Boolean);
  const runbooks = useRunbooksQuery({ alert, service: incident.services[0] });
  const start = useStartChecklist(incidentRef);
  const matching = (runbooks.data ?? []).filter((r) => r.matches.length > 0).slice(0, 3);
  return (
    <Panel
      title="Runbooks"
      action={
        <Link
          href={`/runbooks${alert || incident.services[0] ? `?${new URLSearchParams({ ...(alert && { alert }), ...(incident.services[0] && { service: incident.services[0] }) })}` : ""}`}
          className="text-xs text-sky-700 hover:underline dark:text-sky-400"
        >
          All
        </Link>
      }
    >
      {runbooks.isPending && <Skeleton className="h-10 w-full" />}
      {runbooks.isSuccess && matching.length === 0 && (
        <p className="text-sm text-zinc-500">No runbook names this incident’s services or alerts.</p>
      )}
      <ul className="space-y-2 text-sm">
        {matching.map((r) => (
          <li key={r.id} className="flex items-center justify-between gap-2">
            <Link
              href={`/runbooks/${r.id}?incident=${incident.number}`}
              className="font-medium hover:underline"
            >
              {r.title}
            </Link>
            {canWrite && r.steps > 0 && !incident.checklists.some((c) => c.runbookId === r.id) && (
              <Button size="sm" onClick={() => start.mutate({ runbookId: r.id })} busy={start.isPending}>
                <ListChecks className="size-3.5" aria-hidden /> Start checklist
              </Button>
            )}
          </li>
        ))}
      </ul>
      {start.error && (
        <p role="alert" className="mt-2 text-xs text-red-600">
          {start.error.message}
        </p>
      )}
    </Panel>
  );
}
