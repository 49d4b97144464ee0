"use client";

import { GitBranch } from "lucide-react";
import { Link } from "@/components/ui/link";
import type { ChartEvent } from "@/components/charts/time-series-chart";
import { Card } from "@/components/ui/card";
import { useDeploymentsLive, useDeploymentsQuery } from "@/lib/client/deployments";
import type { DeliverySummary, DeploymentMarker, MarkerKind } from "@/lib/services/deployments/model";
import { DeliveryStatusBadge } from "./badges";
import { deliveryHref, formatElapsed } from "./format";
import { useNow } from "./use-now";
import { Time } from "@/components/shell/time-format";

/** What a marker says on a chart, in a word or two; the whole sentence is in the list beside. */
const MARKER_WORDS: Record<MarkerKind, string> = {
  revision: "new revision",
  promotion: "promoted",
  abort: "aborted",
  retry: "retried",
  undo: "rolled back",
  pause: "paused",
  resume: "resumed",
  restart: "restarted",
};

/** Rollout events as chart events: short labels, aborts and rollbacks in red. */
export function markerEvents(markers: DeploymentMarker[]): ChartEvent[] {
  return markers.map((m) => ({
    t: Date.parse(m.at),
    label: MARKER_WORDS[m.kind],
    tone: m.kind === "abort" || m.kind === "undo" ? "bad" : "neutral",
  }));
}

/** A rollout that is not simply healthy: moving, paused, failed or aborted. */
export const inProgress = (d: DeliverySummary) => d.status !== "Healthy" || !d.generationObserved;

/**
 * The service's rollouts in progress, each a compact card linking to its page (live), and the rollout
 * events drawn on the charts below, listed with their whole sentence.
 */
export function ServiceRollouts({ service, markers }: { service: string; markers: DeploymentMarker[] }) {
  const filters = { service: [service] };
  const rollouts = useDeploymentsQuery(filters);
  useDeploymentsLive(filters);
  const now = useNow(15_000);
  const data = rollouts.data;
  // Nothing to say where Kubernetes is not configured, or the service has no rollout.
  if (!data || data.deployments.length === 0) return null;
  const moving = data.deployments.filter(inProgress);
  return (
    <section aria-label="Rollouts" className="mb-4 space-y-2" data-testid="service-rollouts">
      {moving.map((d) => (
        <Card key={d.key} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 text-sm">
          <GitBranch className="size-4 text-sky-600 dark:text-sky-400" aria-hidden />
          <span>
            Rollout{" "}
            <Link href={deliveryHref(d)} className="font-medium hover:underline">
              {d.name}
            </Link>{" "}
            <span className="text-xs text-zinc-500">
              ({d.cluster} / {d.namespace})
            </span>
          </span>
          <DeliveryStatusBadge status={d.status} phase={d.phase} />
          {d.progress && <span className="tabular-nums">{d.progress.label}</span>}
          {d.weight && (
            <span className="text-zinc-600 tabular-nums dark:text-zinc-400">
              weight {d.weight.set}% (actual {d.weight.actual}%)
            </span>
          )}
          {d.waiting && (
            <span className="text-amber-700 dark:text-amber-400">
              {d.waiting.since && `Waiting ${formatElapsed(d.waiting.since, now)}: `}
              {d.waiting.message}
            </span>
          )}
        </Card>
      ))}
      {moving.length === 0 && (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          No rollout of {service} is in progress:{" "}
          {data.deployments.map((d, i) => (
            <span key={d.key}>
              {i > 0 && ", "}
              <Link href={deliveryHref(d)} className="hover:underline">
                {d.name}
              </Link>{" "}
              runs revision{" "}
              {d.revisions.find((r) => r.role === "stable" || r.role === "active")?.revision ?? "—"}
            </span>
          ))}
          .
        </p>
      )}
      {markers.length > 0 && (
        <details className="text-xs text-zinc-600 dark:text-zinc-400">
          <summary className="cursor-pointer">
            {markers.length} rollout {markers.length === 1 ? "event" : "events"} in this time range, marked on
            the charts
          </summary>
          <ul className="mt-1 space-y-0.5 pl-4">
            {markers.map((m) => (
              <li key={`${m.at}-${m.kind}-${m.ref.name}`}>
                <Time at={m.at} /> {m.label}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
