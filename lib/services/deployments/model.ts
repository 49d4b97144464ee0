// The shapes of Deployments that the service, the API and the UI share (docs: /DEPLOYMENTS.md): one model
// of "a progressive delivery" fed by two sources, Argo Rollouts and (issue 12) Flagger. Types only; the
// UI imports them as types. Input schemas and constants for forms live in `schemas.ts`.
import type { ActionAvailability, RolloutAction, UndoChoice } from "@/lib/argo-rollouts/actions";
import type { RolloutView } from "@/lib/argo-rollouts/describe";
import type { SourceState } from "@/lib/upstream/sources";

export type DeliverySource = "argo-rollouts" | "flagger";

/** The common status every list shows; each source maps its own phase onto it. */
export type DeliveryStatus = "Healthy" | "Progressing" | "Paused" | "Degraded" | "Aborted";

export type DeliveryRef = { source: DeliverySource; cluster: string; namespace: string; name: string };

export type RevisionRole = "stable" | "canary" | "active" | "preview" | "primary";

export type DeliverySummary = DeliveryRef & {
  /** `${source}/${cluster}/${namespace}/${name}`: stable, URL-safe after encodeURIComponent per part. */
  key: string;
  /** The Opsdeck service (label `DEPLOYMENTS_SERVICE_LABEL`, default `app.kubernetes.io/name`, then `app`, then the name). */
  service: string;
  status: DeliveryStatus;
  /** The source's own word: Argo's phase (with Aborted) or Flagger's CanaryPhase. */
  phase: string;
  message: string;
  strategy: "Canary" | "BlueGreen" | "A/B" | "Mirroring" | null;
  /**
   * Canary step N of M (Argo: the current step, 1-based; M of M once every step is done), or iteration N
   * of M (Flagger); null when not applicable. `label` says it in words ("step 2 of 7: pause").
   */
  progress: { current: number; total: number; label: string } | null;
  weight: { set: number; actual: number } | null;
  /** Revision numbers (Argo) or short spec hashes (Flagger) with the images they run. */
  revisions: { role: RevisionRole; revision: string; images: string[] }[];
  replicas: { ready: number; desired: number };
  /** ISO time of the last change the status records. */
  lastChangeAt: string | null;
  /** Set when a person must act: paused for manual promotion, inconclusive analysis, a closed Flagger gate. */
  waiting: { reason: string; since: string | null; message: string } | null;
  /** The spec was changed and the controller has not observed it yet. */
  generationObserved: boolean;
};

export type ClusterStatus = {
  name: string;
  /** ok (in sync), stale since a time with the last data still served, or unavailable (never synced). */
  source: SourceState;
  namespaces: string[] | "all";
};

/** `GET /api/deployments`. */
export type DeploymentsList = {
  deployments: DeliverySummary[];
  /** Rollouts a person must act on, oldest first, across clusters and namespaces (filters apply). */
  waiting: DeliverySummary[];
  clusters: ClusterStatus[];
  /**
   * Kubernetes as a whole: `not_configured` (with what to set) when no cluster is configured; otherwise
   * the worst of the clusters' states.
   */
  kubernetes: SourceState;
};

/** A Kubernetes event about a rollout, as the pages show it. */
export type KubeEvent = {
  uid: string;
  type: "Normal" | "Warning";
  reason: string;
  message: string;
  count: number;
  /** ISO times; `lastAt` is when it last happened. */
  firstAt: string | null;
  lastAt: string | null;
  /** The component that reported it (`rollouts-controller`). */
  component: string | null;
};

/** An action's availability without its plan (the patch bodies stay on the server). */
export type ActionAvailabilityView = Omit<ActionAvailability, "plan">;

export type UndoChoiceView = Omit<UndoChoice, "availability"> & { availability: ActionAvailabilityView };

/** `GET /api/deployments/argo-rollouts/:cluster/:namespace/:name` → `{ rollout }`. */
export type RolloutDetail = {
  summary: DeliverySummary;
  view: RolloutView;
  /** Every action but undo, in button order. */
  actions: ActionAvailabilityView[];
  /** Undo to each revision of the rollout's history, newest first. */
  undo: UndoChoiceView[];
  /** The controller's events about this rollout, newest first. */
  events: KubeEvent[];
  /** In a namespace of DEPLOYMENTS_PRODUCTION_NAMESPACES: abort and undo need `confirmName`. */
  production: boolean;
  cluster: ClusterStatus;
  /** What `expected.resourceVersion` of an action should carry. */
  resourceVersion: string;
  /**
   * Canaries: the set and actual weight each time either changed, oldest first, as this app instance saw
   * them since it started watching (kept in memory, at most 500 points over 24 h; empty for blue-green).
   */
  weightHistory: { at: string; set: number; actual: number }[];
};

export type DeliveryAction = RolloutAction;

/**
 * Where a rollout stood, before and after an action: `step` is Argo's `status.currentStepIndex` (0-based;
 * the step count once done), `revision` the rollout's revision, `phase` its status.
 */
export type RolloutPosition = { step: number | null; revision: number | null; phase: string };

/** Which requests of an action reached the API server: the status subresource, the Rollout, its workload. */
export type PatchTarget = "status" | "main" | "workload";

/** `POST …/:name/actions` → `{ outcome }`. */
export type ActionOutcome = {
  action: DeliveryAction;
  ref: DeliveryRef;
  /** Undo: the revision asked for (0: the previous one). */
  toRevision: number | null;
  before: RolloutPosition;
  /** As the last patch left it (the controller then moves on by itself). */
  after: RolloutPosition;
  /** In order; empty when the action had nothing to send (undo to a template it already runs). */
  landed: PatchTarget[];
  /** A retried request answered from the stored outcome; nothing was sent to Kubernetes again. */
  replayed: boolean;
  /** What `kubectl argo rollouts` says on success ("rollout 'checkout' promoted"). */
  message: string;
  at: string;
  /** The email of who acted. */
  by: string;
};

/** `GET …/:name/history` → `{ history }`: who did what (audit log) and what the controller did (events). */
export type DeploymentHistoryEntry =
  | {
      kind: "action";
      id: string;
      at: string;
      action: DeliveryAction;
      toRevision: number | null;
      actor: string | null;
      reason: string | null;
      result: "success" | "denied" | "failed";
      /** Why it was denied or failed. */
      failure: string | null;
      before: RolloutPosition | null;
      after: RolloutPosition | null;
      landed: PatchTarget[];
    }
  | {
      kind: "event";
      id: string;
      at: string;
      type: "Normal" | "Warning";
      reason: string;
      message: string;
      count: number;
    };

export type MarkerKind =
  "revision" | "promotion" | "abort" | "retry" | "undo" | "pause" | "resume" | "restart";

/** A rollout event to draw on a service's charts (`GET /api/deployments/markers` → `{ markers }`). */
export type DeploymentMarker = {
  at: string;
  kind: MarkerKind;
  ref: DeliveryRef;
  service: string;
  /** A short sentence: "checkout: new revision 4", "promoted by ana@example.com: looks good". */
  label: string;
  /** Who did it (from the audit log); null for what the controller did on its own. */
  by: string | null;
};

/** `[unix seconds, value]`, as Prometheus answers range queries. */
export type MetricPoint = [number, number];

/** `GET …/:name/metrics` → `{ metrics }`: canary vs stable RED per revision, from Prometheus. */
export type DeploymentMetrics = {
  service: string;
  /** The Prometheus label that carries the pod template hash (DEPLOYMENTS_REVISION_LABEL). */
  label: string;
  range: { start: string; end: string; stepSeconds: number };
  revisions: {
    role: RevisionRole;
    /** The pod template hash. */
    hash: string;
    revision: number | null;
    series: { rate: MetricPoint[]; errorRatio: MetricPoint[]; p95: MetricPoint[] };
  }[];
  /** Why no revision has series (the service is unknown to Prometheus, or its series lack the label); else null. */
  noSeries: string | null;
  source: SourceState;
};
