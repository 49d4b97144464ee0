// The resource kinds Opsdeck reads, each described by a small descriptor: where it lives in the API, which
// objects of it matter (selectors), and how an object is parsed. Informers, requests and caches are
// generic over descriptors, so another controller's kind (Flagger's Canary) is one more descriptor.
import { z } from "zod";

/** The part of `metadata` the app keeps; managedFields and the last-applied annotation are dropped. */
const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

export const objectMetaSchema = z.object({
  name: z.string().min(1),
  namespace: z.string().optional(),
  uid: z.string(),
  resourceVersion: z.string(),
  generation: z.number().int().optional(),
  creationTimestamp: z.string().optional(),
  deletionTimestamp: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z
    .record(z.string(), z.string())
    .optional()
    .transform((annotations) => {
      if (!annotations || !(LAST_APPLIED in annotations)) return annotations;
      const { [LAST_APPLIED]: _dropped, ...rest } = annotations;
      return rest;
    }),
  ownerReferences: z
    .array(
      z.object({
        apiVersion: z.string(),
        kind: z.string(),
        name: z.string(),
        uid: z.string(),
        controller: z.boolean().optional(),
      }),
    )
    .optional(),
});

export type ObjectMeta = z.infer<typeof objectMetaSchema>;

/** What every cached object has: the informers key objects by namespace and name, versioned. */
export type KubeObject = { metadata: ObjectMeta };

export type KindDescriptor<T extends KubeObject = KubeObject> = {
  /** As in the object's `kind:` field. */
  kind: string;
  /** API group; "" for the core group. */
  group: string;
  version: string;
  plural: string;
  namespaced: boolean;
  /** A custom resource: watched only where the API server serves it (found by discovery). */
  custom: boolean;
  /** Restricts the informer (list and watch) to the objects that matter. */
  labelSelector?: string;
  fieldSelector?: string;
  /** Turns an object from the API into the cached form; throws (any error) when it is not one. */
  parse: (raw: unknown) => T;
};

export const kindKey = (kind: Pick<KindDescriptor, "group" | "plural">) =>
  `${kind.plural}.${kind.group || "core"}`;

/**
 * One informer per descriptor: the kind, narrowed by its selectors (the Rollouts' events and the
 * Canaries' events are two informers on `events`).
 */
export const informerKey = (
  kind: Pick<KindDescriptor, "group" | "plural" | "labelSelector" | "fieldSelector">,
) => [kindKey(kind), kind.labelSelector, kind.fieldSelector].filter(Boolean).join("?");

/** `/api/v1` or `/apis/<group>/<version>`. */
export const groupVersionPath = (kind: Pick<KindDescriptor, "group" | "version">) =>
  kind.group ? `/apis/${kind.group}/${kind.version}` : `/api/${kind.version}`;

/** The collection: all namespaces when `namespace` is undefined. */
export function collectionPath(kind: KindDescriptor<KubeObject>, namespace?: string): string {
  const scope = kind.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : "";
  return `${groupVersionPath(kind)}${scope}/${kind.plural}`;
}

export function objectPath(
  kind: KindDescriptor<KubeObject>,
  namespace: string | undefined,
  name: string,
  subresource?: string,
): string {
  const path = `${collectionPath(kind, namespace)}/${encodeURIComponent(name)}`;
  return subresource ? `${path}/${subresource}` : path;
}

/** The reason a parse failed, short enough for one log line. */
export function parseFailure(error: unknown): string {
  if (error instanceof z.ZodError) {
    return error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join(".") || "(object)"}: ${issue.message}`)
      .join("; ");
  }
  return error instanceof Error ? error.message : String(error);
}

const genericObject = z.object({
  metadata: objectMetaSchema,
  spec: z.unknown().optional(),
  status: z.unknown().optional(),
});
export type GenericObject = z.infer<typeof genericObject>;

/** Metadata checked and trimmed, spec and status kept as they are (a kind's own schema parses further). */
export const parseGenericObject = (raw: unknown): GenericObject => genericObject.parse(raw);

const ARGO = { group: "argoproj.io", version: "v1alpha1", namespaced: true, custom: true } as const;

// The Argo kinds' own schemas live with the Argo Rollouts logic; the deployments service gives them as
// `parse` ({ ...ROLLOUTS, parse: rolloutSchema.parse }). Until then, objects are kept generically.
export const ROLLOUTS: KindDescriptor<GenericObject> = {
  ...ARGO,
  kind: "Rollout",
  plural: "rollouts",
  parse: parseGenericObject,
};

export const ANALYSIS_RUNS: KindDescriptor<GenericObject> = {
  ...ARGO,
  kind: "AnalysisRun",
  plural: "analysisruns",
  parse: parseGenericObject,
};

export const EXPERIMENTS: KindDescriptor<GenericObject> = {
  ...ARGO,
  kind: "Experiment",
  plural: "experiments",
  parse: parseGenericObject,
};

/** Only the ReplicaSets Argo Rollouts made: it labels each with its pod template hash. */
export const ROLLOUT_REPLICA_SETS: KindDescriptor<GenericObject> = {
  kind: "ReplicaSet",
  group: "apps",
  version: "v1",
  plural: "replicasets",
  namespaced: true,
  custom: false,
  labelSelector: "rollouts-pod-template-hash",
  parse: parseGenericObject,
};

const eventSchema = z.object({
  metadata: objectMetaSchema,
  involvedObject: z.object({
    kind: z.string(),
    name: z.string(),
    namespace: z.string().optional(),
    uid: z.string().optional(),
  }),
  reason: z.string().optional(),
  message: z.string().optional(),
  type: z.string().optional(),
  count: z.number().int().optional(),
  firstTimestamp: z.string().nullish(),
  lastTimestamp: z.string().nullish(),
  eventTime: z.string().nullish(),
  reportingComponent: z.string().optional(),
  source: z.object({ component: z.string().optional() }).optional(),
});
export type KubeEvent = z.infer<typeof eventSchema>;

/** The Rollouts controller's events about Rollouts (new revision, step changes, aborts, …). */
export const ROLLOUT_EVENTS: KindDescriptor<KubeEvent> = {
  kind: "Event",
  group: "",
  version: "v1",
  plural: "events",
  namespaced: true,
  custom: false,
  fieldSelector: "involvedObject.kind=Rollout",
  parse: (raw) => eventSchema.parse(raw),
};

/** Flagger's Canaries (v1beta1, as Flagger 1.44 serves them); parsed further by lib/flagger. */
export const CANARIES: KindDescriptor<GenericObject> = {
  kind: "Canary",
  group: "flagger.app",
  version: "v1beta1",
  plural: "canaries",
  namespaced: true,
  custom: true,
  parse: parseGenericObject,
};

/** Flagger's events about Canaries (the failed checks and their values are only there). */
export const CANARY_EVENTS: KindDescriptor<KubeEvent> = {
  ...ROLLOUT_EVENTS,
  fieldSelector: "involvedObject.kind=Canary",
};

/** The kinds every app instance watches in every cluster. */
export const WATCHED_KINDS: KindDescriptor<KubeObject>[] = [
  ROLLOUTS,
  ANALYSIS_RUNS,
  EXPERIMENTS,
  ROLLOUT_REPLICA_SETS,
  ROLLOUT_EVENTS,
  CANARIES,
  CANARY_EVENTS,
];
