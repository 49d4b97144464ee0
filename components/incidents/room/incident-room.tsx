"use client";

import { useState } from "react";
import { cn } from "@/components/ui/cn";
import { Banner, Skeleton } from "@/components/ui/feedback";
import { useIncidentLive, useIncidentQuery } from "@/lib/client/incidents";
import { AttachPanel } from "./attach-panel";
import { ChecklistPanels } from "./checklist-panels";
import { IncidentHeader } from "./header";
import { PostmortemEditor } from "./postmortem-editor";
import { RolesPanel } from "./roles-panel";
import { RunbooksPanel } from "./runbooks-panel";
import { SummaryPanel } from "./summary-panel";
import { Timeline } from "./timeline";

/** One incident, live: its header, the timeline or the postmortem, and the side panels. */
export function IncidentRoom({
  incidentRef,
  canWrite,
  myEmail,
  serviceLabel,
}: {
  incidentRef: string;
  canWrite: boolean;
  myEmail: string;
  /** The alert label naming the service (SERVICE_LABEL), for the link to the services' alerts. */
  serviceLabel: string;
}) {
  const incident = useIncidentQuery(incidentRef);
  const live = useIncidentLive(incidentRef);
  const [tab, setTab] = useState<"timeline" | "postmortem">("timeline");

  if (incident.isPending) return <Skeleton className="h-96 w-full" />;
  if (incident.isError)
    return <Banner title="This incident could not be loaded.">{incident.error.message}</Banner>;
  const panel = { incident: incident.data, incidentRef, canWrite };
  return (
    <>
      <IncidentHeader {...panel} myEmail={myEmail} live={live} serviceLabel={serviceLabel} />
      <div className="grid gap-4 lg:grid-cols-[1fr_22rem]">
        <div className="min-w-0">
          <div
            role="tablist"
            aria-label="Incident"
            className="mb-3 flex gap-1 border-b border-zinc-200 dark:border-zinc-800"
          >
            {(["timeline", "postmortem"] as const).map((t) => (
              <button
                key={t}
                role="tab"
                aria-selected={tab === t}
                onClick={() => setTab(t)}
                className={cn(
                  "-mb-px border-b-2 px-3 py-2 text-sm font-medium capitalize",
                  tab === t ? "border-sky-600" : "border-transparent text-zinc-500",
                )}
              >
                {t}
              </button>
            ))}
          </div>
          {tab === "timeline" ? <Timeline {...panel} /> : <PostmortemEditor {...panel} />}
        </div>
        <div className="space-y-4">
          <RolesPanel {...panel} />
          <SummaryPanel {...panel} />
          <ChecklistPanels {...panel} />
          <RunbooksPanel {...panel} />
          {canWrite && <AttachPanel incidentRef={incidentRef} />}
        </div>
      </div>
    </>
  );
}
