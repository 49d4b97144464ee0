"use client";

import Link from "next/link";
import { useId, useState } from "react";
import { ActionDialog } from "@/components/deployments/action-dialog";
import { ActionButton } from "@/components/deployments/actions-bar";
import { DeliveryStatusBadge } from "@/components/deployments/badges";
import { deliveryHref, formatElapsed, previousRevision } from "@/components/deployments/format";
import { Skeleton } from "@/components/ui/feedback";
import { Panel } from "@/components/ui/panel";
import { useDeploymentsLive, useDeploymentsQuery, useRolloutQuery } from "@/lib/client/deployments";
import type { ActionAvailabilityView, DeliverySummary } from "@/lib/services/deployments/model";
import type { PanelProps } from "./panel-props";

/** How far before an incident opened its services' rollouts count as "what changed". */
const LOOKBACK_HOURS = 6;

/** When a rollout last changed, said against the incident: "40 min before", "5 min after". */
function relativeToIncident(changedAt: string, openedAt: string): string {
  const before = Date.parse(changedAt) <= Date.parse(openedAt);
  return before
    ? `${formatElapsed(changedAt, Date.parse(openedAt))} before`
    : `${formatElapsed(openedAt, Date.parse(changedAt))} after`;
}

/** Roll back (undo to the previous revision) and Abort for one rollout, through the shared confirmation. */
function RolloutButtons({ delivery }: { delivery: DeliverySummary }) {
  const ref = { cluster: delivery.cluster, namespace: delivery.namespace, name: delivery.name };
  const rollout = useRolloutQuery(ref, { enabled: delivery.source === "argo-rollouts" });
  const [opened, setOpened] = useState<ActionAvailabilityView | null>(null);
  const [explained, setExplained] = useState<string | null>(null);
  const id = useId();
  if (delivery.source !== "argo-rollouts") return null;
  if (rollout.isPending) return <Skeleton className="h-8 w-40" />;
  if (!rollout.data) return null;
  const detail = rollout.data;
  const previous = previousRevision(detail.undo, detail.view.revision);
  const rollBack: ActionAvailabilityView = previous?.availability ?? {
    action: "undo",
    toRevision: null,
    available: false,
    reason: `${delivery.name} has no earlier revision to roll back to.`,
    effect: null,
  };
  const abort = detail.actions.find((a) => a.action === "abort");
  const describedBy = (action: string) => `${id}-why-${action}`;
  return (
    <div>
      <div className="flex flex-wrap gap-2">
        <ActionButton
          availability={rollBack}
          label={previous ? `Roll back to ${previous.revision}` : "Roll back"}
          variant="danger"
          describedBy={describedBy("undo")}
          onExplain={setExplained}
          onPress={() => setOpened(rollBack)}
        />
        {abort && (
          <ActionButton
            availability={abort}
            label="Abort"
            variant="danger"
            describedBy={describedBy("abort")}
            onExplain={setExplained}
            onPress={() => setOpened(abort)}
          />
        )}
      </div>
      {explained && <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">{explained}</p>}
      <div hidden>
        <span id={describedBy("undo")}>{rollBack.reason}</span>
        <span id={describedBy("abort")}>{abort?.reason}</span>
      </div>
      {opened && <ActionDialog detail={detail} request={opened} onClose={() => setOpened(null)} />}
    </div>
  );
}

/**
 * "What changed?": the rollouts of the incident's services that changed in the hours before it opened
 * (or since), live, with their state; operators roll back or abort from here, through the same
 * confirmation, service function and audit as on the rollout's page.
 */
export function DeploymentsPanel({ incident, canAct }: PanelProps & { canAct: boolean }) {
  if (incident.services.length === 0) return null;
  return <RecentRollouts incident={incident} canAct={canAct} />;
}

function RecentRollouts({ incident, canAct }: Pick<PanelProps, "incident"> & { canAct: boolean }) {
  const changedSince = new Date(Date.parse(incident.createdAt) - LOOKBACK_HOURS * 3_600_000).toISOString();
  const filters = { service: incident.services, changedSince };
  const rollouts = useDeploymentsQuery(filters);
  useDeploymentsLive(filters);
  const data = rollouts.data;
  // Where Kubernetes is not configured, there is nothing to say here.
  if (data?.kubernetes.state === "not_configured") return null;
  return (
    <Panel title="Recent rollouts" note={`from ${LOOKBACK_HOURS} h before it opened`}>
      {rollouts.isPending && <Skeleton className="h-12 w-full" />}
      {rollouts.isError && (
        <p className="text-sm text-red-600">Rollouts could not be loaded: {rollouts.error.message}</p>
      )}
      {data?.deployments.length === 0 && (
        <p className="text-sm text-zinc-500">
          No rollout of {incident.services.join(", ")} changed in the {LOOKBACK_HOURS} hours before this
          incident.
        </p>
      )}
      <ul className="space-y-3 text-sm" data-testid="incident-rollouts">
        {data?.deployments.map((d) => (
          <li key={d.key} className="space-y-1" data-testid={`incident-rollout-${d.name}`}>
            <div className="flex flex-wrap items-center gap-2">
              <Link href={deliveryHref(d)} className="font-medium hover:underline">
                {d.name}
              </Link>
              <DeliveryStatusBadge status={d.status} phase={d.phase} />
              {d.progress && <span className="text-xs text-zinc-500">{d.progress.label}</span>}
            </div>
            <p className="text-xs text-zinc-600 dark:text-zinc-400">
              {d.revisions.map((r) => `${r.role} ${r.revision}`).join(", ") || "no revision yet"}
              {d.lastChangeAt && ` · changed ${relativeToIncident(d.lastChangeAt, incident.createdAt)}`}
            </p>
            {canAct && <RolloutButtons delivery={d} />}
          </li>
        ))}
      </ul>
    </Panel>
  );
}
