"use client";

import { useState } from "react";
import { Banner, Skeleton } from "@/components/ui/feedback";
import { Tab, TabList, TabPanel, Tabs } from "@/components/ui/tabs";
import { useIncidentLive, useIncidentQuery } from "@/lib/client/incidents";
import { AlertsPanel } from "./alerts-panel";
import { AttachPanel } from "./attach-panel";
import { ChecklistPanels } from "./checklist-panels";
import { DeploymentsPanel } from "./deployments-panel";
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
  canActOnDeployments,
  myEmail,
  serviceLabel,
}: {
  incidentRef: string;
  canWrite: boolean;
  /** Whether to offer Roll back and Abort on the services' rollouts (the service decides). */
  canActOnDeployments: boolean;
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
          <Tabs value={tab} onValueChange={setTab}>
            <TabList label="Incident" className="mb-3">
              {(["timeline", "postmortem"] as const).map((t) => (
                <Tab key={t} value={t} className="capitalize">
                  {t}
                </Tab>
              ))}
            </TabList>
            {/* A writer's timeline starts with the note field, a stop of the Tab key of its own. */}
            <TabPanel value="timeline" tabIndex={canWrite ? -1 : 0}>
              <Timeline {...panel} />
            </TabPanel>
            <TabPanel value="postmortem">
              <PostmortemEditor {...panel} />
            </TabPanel>
          </Tabs>
        </div>
        <div className="space-y-4">
          <RolesPanel {...panel} />
          <AlertsPanel {...panel} />
          <SummaryPanel {...panel} />
          <DeploymentsPanel {...panel} canAct={canActOnDeployments} />
          <ChecklistPanels {...panel} />
          <RunbooksPanel {...panel} />
          {canWrite && <AttachPanel incidentRef={incidentRef} />}
        </div>
      </div>
    </>
  );
}
