// One Argo Rollout as every list shows it (DeliverySummary), computed from the rollout's view once per
// change of the rollout or of what it owns; and the rollout's position (step, revision, phase) that
// actions compare and record. Pure.
import type { RolloutView } from "@/lib/argo-rollouts/describe";
import type { ReplicaSetView } from "@/lib/argo-rollouts/replica-sets";
import type { Rollout } from "@/lib/argo-rollouts/schemas";
import type { DeliveryRef, DeliverySummary, RevisionRole, RolloutPosition } from "./model";
import { deliveryKey } from "./schemas";

/** Labels tried after the configured one, in order; then the rollout's name. */
const FALLBACK_SERVICE_LABELS = ["app"];

/**
 * The Opsdeck service a rollout belongs to: the configured label (DEPLOYMENTS_SERVICE_LABEL), then `app`,
 * each read from the Rollout's labels and then from its pod template's; else the rollout's name.
 */
export function serviceOf(rollout: Rollout, serviceLabel: string): string {
  const sources = [rollout.metadata.labels, rollout.spec.template?.metadata?.labels];
  for (const label of [serviceLabel, ...FALLBACK_SERVICE_LABELS]) {
    for (const labels of sources) {
      const value = (labels as Record<string, string> | null | undefined)?.[label];
      if (value) return value;
    }
  }
  return rollout.metadata.name;
}

function revisionsOf(view: RolloutView): DeliverySummary["revisions"] {
  const roles: [RevisionRole, ReplicaSetView | null][] =
    view.strategy === "BlueGreen"
      ? [
          ["active", view.active],
          ["preview", view.preview],
        ]
      : [
          ["stable", view.stable],
          ["canary", view.canary],
        ];
  const seen = new Set<string>();
  const revisions: DeliverySummary["revisions"] = [];
  for (const [role, replicaSet] of roles) {
    // A fully promoted canary's canary is its stable; a blue-green preview equal to the active likewise.
    if (!replicaSet || seen.has(replicaSet.name)) continue;
    seen.add(replicaSet.name);
    revisions.push({
      role,
      revision: replicaSet.revision === null ? replicaSet.name : String(replicaSet.revision),
      images: replicaSet.images,
    });
  }
  return revisions;
}

/** "step 3 of 7", or "past its last step" once every step is done. */
export function stepName(index: number, count: number): string {
  return index >= count ? `past its last step (${count} of ${count})` : `step ${index + 1} of ${count}`;
}

function progressOf(view: RolloutView): DeliverySummary["progress"] {
  if (!view.step || view.step.count === 0) return null;
  const { index, count, current } = view.step;
  const at = index ?? 0;
  if (at >= count) return { current: count, total: count, label: `all ${count} steps done` };
  return {
    current: at + 1,
    total: count,
    label: current ? `step ${at + 1} of ${count}: ${current.label}` : `step ${at + 1} of ${count}`,
  };
}

export function argoRef(cluster: string, rollout: Pick<Rollout, "metadata">): DeliveryRef {
  return {
    source: "argo-rollouts",
    cluster,
    namespace: rollout.metadata.namespace ?? "",
    name: rollout.metadata.name,
  };
}

/** The list's row of a rollout, from its view (describeRollout). */
export function rolloutSummary(
  cluster: string,
  rollout: Rollout,
  view: RolloutView,
  serviceLabel: string,
): DeliverySummary {
  const ref = argoRef(cluster, rollout);
  return {
    ...ref,
    key: deliveryKey(ref),
    service: serviceOf(rollout, serviceLabel),
    status: view.phase,
    phase: view.phase,
    message: view.argo.message,
    strategy: view.strategy,
    progress: progressOf(view),
    weight: view.weights ? { set: view.weights.set, actual: view.weights.actual } : null,
    revisions: revisionsOf(view),
    replicas: { ready: view.replicas.ready, desired: view.replicas.desired },
    lastChangeAt: view.lastChangeAt,
    waiting: view.waitingForHuman
      ? {
          reason: view.waitingForHuman.reason,
          since: view.waitingForHuman.since,
          message: view.waitingForHuman.message,
        }
      : null,
    generationObserved: view.generationObserved,
  };
}

/** Where the rollout stands: its current step index (0-based, as Argo's status), revision and phase. */
export function positionOf(view: Pick<RolloutView, "step" | "revision" | "phase">): RolloutPosition {
  return { step: view.step?.index ?? null, revision: view.revision, phase: view.phase };
}
