// A rollout's ReplicaSets as `kubectl argo rollouts get` shows them (pkg/kubectl-argo-rollouts/info/
// replicaset_info.go): which ones it owns, their revision, role (stable, canary, active, preview),
// health and images.
import {
  EXPERIMENT_TEMPLATE_NAME_ANNOTATION,
  POD_TEMPLATE_HASH_LABEL,
  REVISION_ANNOTATION,
  SCALE_DOWN_DEADLINE_ANNOTATION,
  type LabelSelector,
  type ObjectMeta,
  type PodTemplate,
  type ReplicaSet,
  type Rollout,
} from "./schemas";

export type ReplicaSetHealth = "Healthy" | "Progressing" | "ScaledDown" | "ReplicaFailure";

export type ReplicaSetView = {
  name: string;
  uid: string | null;
  /** The `rollout.argoproj.io/revision` annotation; null when missing or not a number. */
  revision: number | null;
  podTemplateHash: string | null;
  stable: boolean;
  canary: boolean;
  active: boolean;
  preview: boolean;
  /** Ping-pong canaries only: which of the two services selects it. */
  ping: boolean;
  pong: boolean;
  health: ReplicaSetHealth;
  images: string[];
  initContainerImages: string[];
  /** spec.replicas (null when unset), and status.replicas / readyReplicas / availableReplicas. */
  replicas: { desired: number | null; current: number; ready: number; available: number };
  createdAt: string | null;
  ageSeconds: number | null;
  /** When the controller may scale an old ReplicaSet down (`scale-down-deadline` annotation). */
  scaleDownDeadline: string | null;
  /** The experiment template it runs, for ReplicaSets owned by an experiment. */
  experimentTemplate: string | null;
};

/** parseRevision: the revision annotation as an integer, or null (Argo treats both as 0). */
export function revisionOf(metadata: ObjectMeta): number | null {
  const text = metadata.annotations?.[REVISION_ANNOTATION];
  if (text === undefined || !/^[+-]?\d+$/.test(text)) return null;
  return Number(text);
}

export function podTemplateHashOf(replicaSet: ReplicaSet): string {
  return replicaSet.metadata.labels?.[POD_TEMPLATE_HASH_LABEL] ?? "";
}

/** Any owner reference with this uid, as the `info` package matches ReplicaSets and AnalysisRuns. */
export function isOwnedBy(metadata: ObjectMeta, ownerUid: string | null | undefined): boolean {
  return Boolean(ownerUid) && (metadata.ownerReferences ?? []).some((owner) => owner.uid === ownerUid);
}

/** metav1.IsControlledBy: the controller owner reference has this uid. */
export function isControlledBy(metadata: ObjectMeta, ownerUid: string | null | undefined): boolean {
  const controller = (metadata.ownerReferences ?? []).find((owner) => owner.controller === true);
  return Boolean(ownerUid) && controller?.uid === ownerUid;
}

/**
 * Whether labels match a label selector (metav1.LabelSelectorAsSelector). A missing selector, as an
 * empty one, matches everything. Throws on an operator Kubernetes does not know.
 */
export function matchesLabelSelector(
  labels: Record<string, string> | null | undefined,
  selector: LabelSelector | null | undefined,
): boolean {
  const present = labels ?? {};
  for (const [key, value] of Object.entries(selector?.matchLabels ?? {})) {
    if (present[key] !== value) return false;
  }
  for (const { key, operator, values } of selector?.matchExpressions ?? []) {
    const has = Object.hasOwn(present, key);
    const listed = has && (values ?? []).includes(present[key]!);
    switch (operator) {
      case "In":
        if (!listed) return false;
        break;
      case "NotIn":
        if (listed) return false;
        break;
      case "Exists":
        if (!has) return false;
        break;
      case "DoesNotExist":
        if (has) return false;
        break;
      default:
        throw new Error(`"${operator}" is not a valid label selector operator`);
    }
  }
  return true;
}

function replicaSetHealth(replicaSet: ReplicaSet): ReplicaSetHealth {
  const desired = replicaSet.spec?.replicas;
  const status = replicaSet.status;
  if ((replicaSet.metadata.generation ?? 0) > (status?.observedGeneration ?? 0)) return "Progressing";
  const failure = status?.conditions?.find((condition) => condition.type === "ReplicaFailure");
  if (failure?.status === "True") return "ReplicaFailure";
  if (desired !== null && desired !== undefined && (status?.availableReplicas ?? 0) < desired)
    return "Progressing";
  if (desired === 0) return "ScaledDown";
  return "Healthy";
}

export function imagesOf(template: PodTemplate | null | undefined): string[] {
  return (template?.spec?.containers ?? []).map((container) => container.image ?? "");
}

export function ageSeconds(createdAt: string | null | undefined, now: Date): number | null {
  if (!createdAt) return null;
  const created = Date.parse(createdAt);
  return Number.isNaN(created) ? null : Math.max(0, Math.floor((now.getTime() - created) / 1000));
}

/**
 * GetReplicaSetInfo: the ReplicaSets owned by `ownerUid` (a rollout's, or an experiment's when
 * `rollout` is null), newest revision first, then by name.
 */
export function ownedReplicaSets(
  ownerUid: string | null | undefined,
  rollout: Rollout | null,
  replicaSets: ReplicaSet[],
  now: Date,
): ReplicaSetView[] {
  const status = rollout?.status;
  const canary = rollout?.spec.strategy?.canary;
  const blueGreen = rollout?.spec.strategy?.blueGreen;
  const pingPong = Boolean(canary?.pingPong);
  const stableIsPing = status?.canary?.stablePingPong === "ping";
  const views = replicaSets
    .filter((replicaSet) => isOwnedBy(replicaSet.metadata, ownerUid))
    .map((replicaSet): ReplicaSetView => {
      const hash = podTemplateHashOf(replicaSet);
      const roles = { stable: false, canary: false, active: false, preview: false, ping: false, pong: false };
      if (canary) {
        if ((status?.stableRS ?? "") === hash) {
          roles.stable = true;
          roles.ping = pingPong && stableIsPing;
          roles.pong = pingPong && !stableIsPing;
        } else if ((status?.currentPodHash ?? "") === hash) {
          roles.canary = true;
          roles.ping = pingPong && !stableIsPing;
          roles.pong = pingPong && stableIsPing;
        }
      }
      if (blueGreen) {
        if ((status?.stableRS ?? "") === hash) roles.stable = true;
        if ((status?.blueGreen?.activeSelector ?? "") === hash) roles.active = true;
        else if ((status?.blueGreen?.previewSelector ?? "") === hash) roles.preview = true;
      }
      const { metadata } = replicaSet;
      return {
        name: metadata.name,
        uid: metadata.uid ?? null,
        revision: revisionOf(metadata),
        podTemplateHash: hash || null,
        ...roles,
        health: replicaSetHealth(replicaSet),
        images: imagesOf(replicaSet.spec?.template),
        initContainerImages: (replicaSet.spec?.template?.spec?.initContainers ?? []).map(
          (c) => c.image ?? "",
        ),
        replicas: {
          desired: replicaSet.spec?.replicas ?? null,
          current: replicaSet.status?.replicas ?? 0,
          ready: replicaSet.status?.readyReplicas ?? 0,
          available: replicaSet.status?.availableReplicas ?? 0,
        },
        createdAt: metadata.creationTimestamp ?? null,
        ageSeconds: ageSeconds(metadata.creationTimestamp, now),
        scaleDownDeadline: metadata.annotations?.[SCALE_DOWN_DEADLINE_ANNOTATION] ?? null,
        experimentTemplate: metadata.annotations?.[EXPERIMENT_TEMPLATE_NAME_ANNOTATION] ?? null,
      };
    });
  // Upstream also compares creation times, but discards the result; name breaks revision ties.
  return views.sort(
    (a, b) => (b.revision ?? 0) - (a.revision ?? 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
}
