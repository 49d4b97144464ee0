"use client";

import { Download, Merge, UserCheck } from "lucide-react";
import { Link } from "@/components/ui/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Banner } from "@/components/ui/feedback";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Select } from "@/components/ui/field";
import { useAssignRole, useUpdateIncident } from "@/lib/client/incidents";
import type { IncidentDetail } from "@/lib/services/incidents";
import { SEVERITIES, STATUSES } from "@/lib/services/incidents/schemas";
import { ChangeError } from "./change-error";
import { IncidentTitle } from "./incident-title";
import { MergeDialog } from "./merge-dialog";
import type { PanelProps } from "./panel-props";

/**
 * The incident's title, and its controls: take command, severity, status (resolving asks first), the
 * postmortem export; with what a refused change means (409: someone else changed the same field first).
 */
export function IncidentHeader({
  incident,
  incidentRef,
  canWrite,
  myEmail,
  live,
  serviceLabel,
}: PanelProps & {
  myEmail: string;
  live: boolean;
  serviceLabel: string;
}) {
  const update = useUpdateIncident(incidentRef);
  const assign = useAssignRole(incidentRef);
  const [confirmResolve, setConfirmResolve] = useState(false);
  const [merging, setMerging] = useState(false);
  const commander = incident.roles.find((r) => r.role === "commander")?.userEmail;

  return (
    <div className="mb-5 space-y-3">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <IncidentTitle incident={incident} live={live} serviceLabel={serviceLabel} />
        <div className="flex flex-wrap items-end gap-2">
          {canWrite && commander !== myEmail && (
            <Button onClick={() => assign.mutate({ role: "commander" })} busy={assign.isPending}>
              <UserCheck className="size-4" aria-hidden /> Take command
            </Button>
          )}
          {canWrite && (
            <>
              <label className="sr-only" htmlFor="incident-severity">
                Severity
              </label>
              <Select
                id="incident-severity"
                className="w-24"
                value={incident.severity}
                onChange={(e) => update.save({ severity: e.target.value as IncidentDetail["severity"] })}
              >
                {SEVERITIES.map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </Select>
              <label className="sr-only" htmlFor="incident-status">
                Status
              </label>
              <Select
                id="incident-status"
                className="w-36"
                value={incident.status}
                onChange={(e) => {
                  const status = e.target.value as IncidentDetail["status"];
                  if (status === "resolved") setConfirmResolve(true);
                  else update.save({ status });
                }}
              >
                {STATUSES.map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </Select>
            </>
          )}
          {canWrite && incident.status !== "resolved" && (
            <Button onClick={() => setMerging(true)}>
              <Merge className="size-4" aria-hidden /> Merge into…
            </Button>
          )}
          <a
            href={`/api/incidents/${encodeURIComponent(incidentRef)}/postmortem`}
            className="inline-flex h-9 items-center gap-1.5 rounded-md border border-zinc-300 px-3 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
            download
          >
            <Download className="size-4" aria-hidden /> Export postmortem
          </a>
        </div>
      </div>
      {incident.mergedInto && (
        <Banner
          tone="info"
          title={`Merged into #${incident.mergedInto.number}: ${incident.mergedInto.title}`}
        >
          <Link
            className="text-sky-700 hover:underline dark:text-sky-400"
            href={`/incidents/${incident.mergedInto.number}`}
          >
            Open #{incident.mergedInto.number}
          </Link>
        </Banner>
      )}
      <MergeDialog incident={incident} incidentRef={incidentRef} open={merging} onOpenChange={setMerging} />
      <ChangeError
        error={update.error ?? assign.error}
        busy={update.isPending}
        onKeepMine={() => update.keepMine()}
        onKeepTheirs={() => update.reset()}
      />
      <ConfirmDialog
        open={confirmResolve}
        onOpenChange={setConfirmResolve}
        title={`Resolve incident #${incident.number}?`}
        description={
          <>
            “{incident.title}” is marked resolved; the postmortem can be written afterwards. It can be
            reopened.
          </>
        }
        confirmLabel={`Resolve #${incident.number}`}
        tone="primary"
        busy={update.isPending}
        onConfirm={() => update.save({ status: "resolved" }, { onSettled: () => setConfirmResolve(false) })}
      />
    </div>
  );
}
