"use client";

import { Link } from "@/components/ui/link";
import { useState } from "react";
import { Badge, FormError } from "@/components/ui/feedback";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Panel } from "@/components/ui/panel";
import { useSplitAlertGroup } from "@/lib/client/incidents";
import type { IncidentDetail } from "@/lib/services/incidents";
import type { PanelProps } from "./panel-props";

type AlertGroup = IncidentDetail["alertGroups"][number];

const name = (g: AlertGroup) => `${g.alertname}${g.service ? ` on ${g.service}` : ""}`;

/**
 * The alert groups in the incident and why each is there (opened it, joined it, merged or split); a
 * writer splits one out into an incident of its own, after a confirmation naming both.
 */
export function AlertsPanel({ incident, incidentRef, canWrite }: PanelProps) {
  const split = useSplitAlertGroup(incidentRef);
  const [splitting, setSplitting] = useState<AlertGroup | null>(null);
  const [created, setCreated] = useState<{ number: number; what: string } | null>(null);
  if (!incident.alertGroups.length && !created) return null;
  return (
    <Panel title={`Alerts (${incident.alertGroups.length})`}>
      <ul className="space-y-2 text-sm" aria-label="Alerts in this incident">
        {incident.alertGroups.map((g) => (
          <li key={g.groupKey} data-testid={`alert-group-${g.alertname}-${g.service ?? ""}`}>
            <div className="flex items-center justify-between gap-2">
              <span className="font-medium">{name(g)}</span>
              {g.resolvedAt ? <Badge tone="ok">resolved</Badge> : <Badge tone="crit">firing</Badge>}
            </div>
            <div className="text-xs text-zinc-500">
              {g.reason === "opened" ? "Opened the incident" : `Joined: ${g.reasonText}`}
            </div>
            {canWrite && incident.alertGroups.length > 1 && (
              <button
                type="button"
                className="text-xs text-sky-700 hover:underline dark:text-sky-400"
                onClick={() => setSplitting(g)}
              >
                Split out
              </button>
            )}
          </li>
        ))}
      </ul>
      {created && (
        <p className="mt-2 text-xs" role="status">
          {created.what} is now{" "}
          <Link
            className="text-sky-700 hover:underline dark:text-sky-400"
            href={`/incidents/${created.number}`}
          >
            incident #{created.number}
          </Link>
          .
        </p>
      )}
      <FormError error={split.error} className="mt-2" />
      <ConfirmDialog
        open={splitting !== null}
        onOpenChange={(open) => !open && setSplitting(null)}
        title={splitting ? `Split ${name(splitting)} out of #${incident.number}?` : ""}
        description={
          <>
            A new incident is opened for this alert; its later notifications go there. The timeline of #
            {incident.number} keeps its history and says where it went.
          </>
        }
        confirmLabel="Split into a new incident"
        tone="primary"
        busy={split.isPending}
        onConfirm={() =>
          splitting &&
          split.mutate(
            { groupKey: splitting.groupKey },
            {
              onSuccess: (made) => setCreated({ number: made.number, what: name(splitting) }),
              onSettled: () => setSplitting(null),
            },
          )
        }
      />
    </Panel>
  );
}
