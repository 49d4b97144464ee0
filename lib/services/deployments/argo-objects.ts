// Argo Rollouts objects as the deployments service reads them: the informers cache objects generically
// (lib/kubernetes/kinds.ts), and this parses them with the Argo schemas (lib/argo-rollouts/schemas.ts),
// from the cache for pages and from the API server for actions.
import {
  analysisRunSchema,
  experimentSchema,
  replicaSetSchema,
  rolloutSchema,
  type AnalysisRun,
  type Experiment,
  type ReplicaSet,
  type Rollout,
} from "@/lib/argo-rollouts/schemas";
import type { RelatedObjects } from "@/lib/argo-rollouts/describe";
import type { Cluster } from "@/lib/kubernetes/cluster";
import {
  ANALYSIS_RUNS,
  EXPERIMENTS,
  parseGenericObject,
  ROLLOUT_EVENTS,
  ROLLOUT_REPLICA_SETS,
  ROLLOUTS,
  type GenericObject,
  type KindDescriptor,
  type KubeObject,
} from "@/lib/kubernetes/kinds";
import type { KubeEvent } from "./model";
import { cachedObjectEvents } from "./object-events";
import { logger } from "@/lib/observability/logger";

export type ParsedRollout = Rollout & KubeObject;
export type ParsedReplicaSet = ReplicaSet & KubeObject;

/** Rollouts parsed with Argo's schema, for fresh reads and patches (the answer of a patch is the rollout). */
export const ARGO_ROLLOUT: KindDescriptor<ParsedRollout> = {
  ...ROLLOUTS,
  parse: (raw) => rolloutSchema.parse(parseGenericObject(raw)) as ParsedRollout,
};

export const ARGO_REPLICA_SET: KindDescriptor<ParsedReplicaSet> = {
  ...ROLLOUT_REPLICA_SETS,
  parse: (raw) => replicaSetSchema.parse(parseGenericObject(raw)) as ParsedReplicaSet,
};

/** Objects that do not fit Argo's schema are left out; each version is logged once. */
const reported = new Set<string>();

function parseCached<T>(
  schema: { safeParse: (raw: unknown) => { success: true; data: T } | { success: false; error: unknown } },
  object: GenericObject,
  kind: string,
): T | null {
  const parsed = schema.safeParse(object);
  if (parsed.success) return parsed.data;
  const key = `${kind}/${object.metadata.namespace}/${object.metadata.name}@${object.metadata.resourceVersion}`;
  if (!reported.has(key)) {
    reported.add(key);
    if (reported.size > 10_000) reported.clear();
    logger.warn(
      { kind, namespace: object.metadata.namespace, name: object.metadata.name },
      "deployments: an object does not fit Argo's schema; left out",
    );
  }
  return null;
}

const parseAll = <T>(
  schema: Parameters<typeof parseCached<T>>[0],
  objects: GenericObject[],
  kind: string,
): T[] => objects.flatMap((object) => parseCached(schema, object, kind) ?? []);

/** The cached rollout, parsed; null when the cache does not have it (or it does not parse). */
export function cachedRollout(cluster: Cluster, namespace: string, name: string): Rollout | null {
  const object = cluster.get(ROLLOUTS, namespace, name);
  return object ? parseCached<Rollout>(rolloutSchema, object, "Rollout") : null;
}

/** Every cached rollout of the cluster, generic (parse each with `parseRollout`). */
export const cachedRollouts = (cluster: Cluster, namespace?: string): GenericObject[] =>
  cluster.list(ROLLOUTS, namespace === undefined ? {} : { namespace });

export const parseRollout = (object: GenericObject): Rollout | null =>
  parseCached<Rollout>(rolloutSchema, object, "Rollout");

/**
 * What the rollout owns, from the cache: its ReplicaSets, AnalysisRuns and Experiments, and the
 * ReplicaSets and AnalysisRuns of its experiments (describeRollout checks ownership again).
 */
export function cachedRelated(cluster: Cluster, rollout: Rollout): Required<RelatedObjects> {
  const namespace = rollout.metadata.namespace ?? "";
  const uid = rollout.metadata.uid ?? "";
  const experiments = parseAll<Experiment>(
    experimentSchema,
    cluster.list(EXPERIMENTS, { namespace, ownerUid: uid }),
    "Experiment",
  );
  const owners = [uid, ...experiments.map((e) => e.metadata.uid ?? "")].filter(Boolean);
  const owned = (kind: KindDescriptor<GenericObject>) =>
    owners.flatMap((ownerUid) => cluster.list(kind, { namespace, ownerUid }));
  return {
    replicaSets: parseAll<ReplicaSet>(replicaSetSchema, owned(ROLLOUT_REPLICA_SETS), "ReplicaSet"),
    analysisRuns: parseAll<AnalysisRun>(analysisRunSchema, owned(ANALYSIS_RUNS), "AnalysisRun"),
    experiments,
  };
}

/** The controller's events about a rollout, newest first. */
export function cachedEvents(
  cluster: Cluster,
  namespace: string,
  name: string,
  uid: string | null,
): KubeEvent[] {
  return cachedObjectEvents(cluster, ROLLOUT_EVENTS, namespace, name, uid);
}
