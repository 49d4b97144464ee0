// Reads of Deployments, all from this instance's caches and index (never one Kubernetes call per viewer):
// the list with "Waiting for you" and the clusters' states, and one rollout's detail.
import { rolloutActions, undoChoices } from "@/lib/argo-rollouts/actions";
import { describeRollout } from "@/lib/argo-rollouts/describe";
import { env } from "@/lib/config/env";
import { NotFoundError } from "@/lib/errors";
import { sourceState } from "@/lib/kubernetes/state";
import { authorize, parseInput, type ServiceContext } from "@/lib/services/context";
import { NotConfiguredError } from "@/lib/upstream/configured";
import type { SourceState } from "@/lib/upstream/sources";
import { cachedEvents, cachedRelated, cachedRollout } from "./argo-objects";
import { deliveries, type DeliveryIndex } from "./deliveries";
import type { ClusterStatus, DeliveryRef, DeploymentsList, RolloutDetail } from "./model";
import {
  defaultOrder,
  isProductionNamespace,
  compileFilters,
  sortSummaries,
  waitingOldestFirst,
} from "./query";
import { deliveryKey, listQuery, rolloutRef } from "./schemas";
import { rolloutSummary } from "./summary";

const SETUP =
  "KUBECONFIG (a kubeconfig whose contexts are the clusters), or run Opsdeck in a pod with a service account";

export const KUBERNETES_NOT_CONFIGURED = `Kubernetes is not configured: set ${SETUP}.`;

/** The index, or a 503 that says what to configure. */
export function requireDeliveries(): DeliveryIndex {
  const index = deliveries();
  if (!index) throw new NotConfiguredError({ name: "kubernetes", label: "Kubernetes" }, SETUP);
  return index;
}

export function clusterStatuses(index: DeliveryIndex, now = new Date()): ClusterStatus[] {
  const namespaces = env().KUBE_NAMESPACES ?? "all";
  return index
    .clusterStates()
    .map((state) => ({ name: state.cluster, source: sourceState(state, now), namespaces }));
}

/** Kubernetes as a whole: the worst of its clusters (unavailable, then stale since the earliest, then ok). */
export function overallState(clusters: ClusterStatus[], now = new Date()): SourceState {
  const unavailable = clusters.filter((c) => c.source.state === "unavailable");
  if (unavailable.length) {
    return {
      state: "unavailable",
      message: unavailable.map((c) => ("message" in c.source ? c.source.message : c.name)).join(" "),
    };
  }
  const stale = clusters.flatMap((c) => (c.source.state === "stale" ? [c.source] : []));
  if (stale.length) {
    const oldest = stale.reduce((a, b) => (Date.parse(a.asOf) <= Date.parse(b.asOf) ? a : b));
    return { state: "stale", asOf: oldest.asOf, message: stale.map((s) => s.message).join(" ") };
  }
  return { state: "ok", asOf: now.toISOString() };
}

/** `GET /api/deployments`: filtered and sorted summaries, who is waiting, and how current each cluster is. */
export async function listDeployments(ctx: ServiceContext, raw: unknown): Promise<DeploymentsList> {
  authorize(ctx, "deployments:read");
  const { sort, order, ...filters } = parseInput(listQuery, raw);
  const index = deliveries();
  if (!index) {
    return {
      deployments: [],
      waiting: [],
      clusters: [],
      kubernetes: { state: "not_configured", message: KUBERNETES_NOT_CONFIGURED },
    };
  }
  const clusters = clusterStatuses(index);
  // Every viewer of the same filters shares one answer until a summary changes.
  const { deployments, waiting } = index.derived(`list:${JSON.stringify([filters, sort, order])}`, () => {
    // A service's, a namespace's or a cluster's rollouts from their index; the rest from the sorted list.
    const narrowed = Boolean(filters.service?.length || filters.namespace?.length || filters.cluster?.length);
    const ordered = narrowed
      ? sortSummaries(index.candidates(filters), sort, order)
      : index.sorted(sort, order ?? defaultOrder(sort));
    const passes = compileFilters(filters);
    const matching = passes ? ordered.filter(passes) : [...ordered];
    return { deployments: matching, waiting: waitingOldestFirst(matching) };
  });
  return {
    deployments,
    waiting,
    clusters,
    kubernetes: overallState(clusters),
  };
}

export type RolloutRef = Omit<DeliveryRef, "source">;

export function isProduction(namespace: string): boolean {
  return isProductionNamespace(namespace, env().DEPLOYMENTS_PRODUCTION_NAMESPACES);
}

/** `GET /api/deployments/argo-rollouts/:cluster/:namespace/:name`: everything the rollout page shows. */
export async function getRolloutDetail(ctx: ServiceContext, ref: RolloutRef): Promise<RolloutDetail> {
  authorize(ctx, "deployments:read");
  parseInput(rolloutRef, ref);
  const index = requireDeliveries();
  const cluster = index.kube.cluster(ref.cluster);
  const rollout = cachedRollout(cluster, ref.namespace, ref.name);
  if (!rollout) {
    throw new NotFoundError(
      `No rollout "${ref.name}" in namespace "${ref.namespace}" of Kubernetes cluster "${ref.cluster}".`,
    );
  }
  const now = new Date();
  const related = cachedRelated(cluster, rollout);
  const view = describeRollout(rollout, related, now);
  const context = { rollout, replicaSets: related.replicaSets, now };
  const key = deliveryKey({ source: "argo-rollouts", ...ref });
  const strip = <T extends { plan: unknown }>({ plan: _plan, ...rest }: T) => rest;
  const status = clusterStatuses(index, now).find((c) => c.name === ref.cluster)!;
  return {
    summary: index.get(key) ?? rolloutSummary(ref.cluster, rollout, view, env().DEPLOYMENTS_SERVICE_LABEL),
    view,
    actions: rolloutActions(context).map(strip),
    undo: undoChoices(context).map((choice) => ({ ...choice, availability: strip(choice.availability) })),
    events: cachedEvents(cluster, ref.namespace, ref.name, rollout.metadata.uid ?? null),
    production: isProduction(ref.namespace),
    cluster: status,
    resourceVersion: rollout.metadata.resourceVersion ?? "",
    weightHistory: index.weights(key),
  };
}
