// AnalysisRuns and Experiments of a rollout, with every measurement (pkg/kubectl-argo-rollouts/info/
// analysisrun_info.go and experiment_info.go show counts and phases; Opsdeck also shows the values, the
// query and the conditions each measurement was held to).
import { parseGoDuration } from "./duration";
import { isOwnedBy, ageSeconds, ownedReplicaSets, revisionOf, type ReplicaSetView } from "./replica-sets";
import {
  POD_TEMPLATE_HASH_LABEL,
  ROLLOUT_TYPE_LABEL,
  STEP_INDEX_LABEL,
  type AnalysisRun,
  type Experiment,
  type Metric,
  type ReplicaSet,
} from "./schemas";

export type MeasurementView = {
  value: string | null;
  phase: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  message: string | null;
  /** The Job a job-provider measurement ran. */
  jobName: string | null;
};

export type MetricView = {
  name: string;
  /** The provider's key: "prometheus", "web", "job", "datadog", "plugin", … */
  providerKind: string | null;
  /** The provider object as the run holds it. */
  provider: Record<string, unknown>;
  /** The provider's query, for the providers that have one (Prometheus, Datadog, New Relic, …). */
  query: string | null;
  prometheus: { address: string | null; query: string | null } | null;
  successCondition: string | null;
  failureCondition: string | null;
  interval: string | null;
  intervalSeconds: number | null;
  count: number | string | null;
  failureLimit: number | string | null;
  inconclusiveLimit: number | string | null;
  consecutiveErrorLimit: number | string | null;
  /** Measured without affecting the run's phase. */
  dryRun: boolean;
  /** The metric's result so far: null until the run measured it. */
  phase: string | null;
  message: string | null;
  counts: { measured: number; successful: number; failed: number; inconclusive: number; error: number };
  measurements: MeasurementView[];
};

export type AnalysisRunView = {
  name: string;
  uid: string | null;
  revision: number | null;
  podTemplateHash: string | null;
  /** How the rollout started it: "Step", "Background", "PrePromotion" or "PostPromotion". */
  rolloutType: string | null;
  /** For step runs: the index of the canary step that started it. */
  stepIndex: number | null;
  phase: string | null;
  message: string | null;
  createdAt: string | null;
  startedAt: string | null;
  completedAt: string | null;
  /** Sums over the metrics, as `kubectl argo rollouts get` prints them (✔ 4,✖ 4,? 1,⚠ 1). */
  summary: { successful: number; failed: number; inconclusive: number; error: number };
  metrics: MetricView[];
};

export type ExperimentView = {
  name: string;
  uid: string | null;
  revision: number | null;
  phase: string | null;
  message: string | null;
  createdAt: string | null;
  ageSeconds: number | null;
  replicaSets: ReplicaSetView[];
  analysisRuns: AnalysisRunView[];
};

/** Providers whose spec has a `query` string (analysis_types.go). */
const QUERY_PROVIDERS = [
  "prometheus",
  "datadog",
  "newRelic",
  "wavefront",
  "graphite",
  "influxdb",
  "skywalking",
];

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function stringField(object: Record<string, unknown> | null, key: string): string | null {
  const value = object?.[key];
  return typeof value === "string" ? value : null;
}

/** IntOrString limits and counts: numbers stay numbers, digit strings become numbers, others stay. */
function intOrString(value: number | string | null | undefined): number | string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" && /^-?\d+$/.test(value)) return Number(value);
  return value;
}

function metricView(metric: Metric, run: AnalysisRun): MetricView {
  const provider = metric.provider ?? {};
  const providerKind = Object.keys(provider)[0] ?? null;
  const prometheusSpec = record(provider.prometheus);
  const queryKind = QUERY_PROVIDERS.find((kind) => stringField(record(provider[kind]), "query") !== null);
  const result = run.status?.metricResults?.find((candidate) => candidate.name === metric.name);
  const intervalMs = metric.interval ? parseGoDuration(metric.interval) : null;
  return {
    name: metric.name,
    providerKind,
    provider,
    query: queryKind ? stringField(record(provider[queryKind]), "query") : null,
    prometheus: prometheusSpec
      ? { address: stringField(prometheusSpec, "address"), query: stringField(prometheusSpec, "query") }
      : null,
    successCondition: metric.successCondition ?? null,
    failureCondition: metric.failureCondition ?? null,
    interval: metric.interval ?? null,
    intervalSeconds: intervalMs === null ? null : intervalMs / 1000,
    count: intOrString(metric.count),
    failureLimit: intOrString(metric.failureLimit),
    inconclusiveLimit: intOrString(metric.inconclusiveLimit),
    consecutiveErrorLimit: intOrString(metric.consecutiveErrorLimit),
    // The controller marks dry-run results (spec.dryRun holds Go regular expressions).
    dryRun: result?.dryRun ?? false,
    phase: result?.phase ?? null,
    message: result?.message ?? null,
    counts: {
      measured: result?.count ?? 0,
      successful: result?.successful ?? 0,
      failed: result?.failed ?? 0,
      inconclusive: result?.inconclusive ?? 0,
      error: result?.error ?? 0,
    },
    measurements: (result?.measurements ?? []).map((measurement) => ({
      value: measurement.value ?? null,
      phase: measurement.phase ?? null,
      startedAt: measurement.startedAt ?? null,
      finishedAt: measurement.finishedAt ?? null,
      message: measurement.message ?? null,
      jobName: measurement.metadata?.["job-name"] ?? null,
    })),
  };
}

export function analysisRunView(run: AnalysisRun): AnalysisRunView {
  const { metadata } = run;
  const stepLabel = metadata.labels?.[STEP_INDEX_LABEL];
  const results = run.status?.metricResults ?? [];
  const sum = (pick: (result: (typeof results)[number]) => number | null | undefined) =>
    results.reduce((total, result) => total + (pick(result) ?? 0), 0);
  return {
    name: metadata.name,
    uid: metadata.uid ?? null,
    revision: revisionOf(metadata),
    podTemplateHash: metadata.labels?.[POD_TEMPLATE_HASH_LABEL] ?? null,
    rolloutType: metadata.labels?.[ROLLOUT_TYPE_LABEL] ?? null,
    stepIndex: stepLabel !== undefined && /^\d+$/.test(stepLabel) ? Number(stepLabel) : null,
    phase: run.status?.phase ?? null,
    message: run.status?.message ?? null,
    createdAt: metadata.creationTimestamp ?? null,
    startedAt: run.status?.startedAt ?? null,
    completedAt: run.status?.completedAt ?? null,
    summary: {
      successful: sum((result) => result.successful),
      failed: sum((result) => result.failed),
      inconclusive: sum((result) => result.inconclusive),
      error: sum((result) => result.error),
    },
    metrics: (run.spec?.metrics ?? []).map((metric) => metricView(metric, run)),
  };
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** getAnalysisRunInfo: the runs owned by `ownerUid`, newest revision first, then oldest first. */
export function ownedAnalysisRuns(
  ownerUid: string | null | undefined,
  runs: AnalysisRun[],
): AnalysisRunView[] {
  return runs
    .filter((run) => isOwnedBy(run.metadata, ownerUid))
    .map(analysisRunView)
    .sort(
      (a, b) =>
        (b.revision ?? 0) - (a.revision ?? 0) ||
        (Date.parse(a.createdAt ?? "") || 0) - (Date.parse(b.createdAt ?? "") || 0) ||
        compareStrings(b.name, a.name),
    );
}

/** getExperimentInfo: the experiments owned by the rollout, each with its ReplicaSets and runs. */
export function ownedExperiments(
  ownerUid: string | null | undefined,
  experiments: Experiment[],
  replicaSets: ReplicaSet[],
  runs: AnalysisRun[],
  now: Date,
): ExperimentView[] {
  return experiments
    .filter((experiment) => isOwnedBy(experiment.metadata, ownerUid))
    .map((experiment): ExperimentView => {
      const { metadata } = experiment;
      return {
        name: metadata.name,
        uid: metadata.uid ?? null,
        revision: revisionOf(metadata),
        phase: experiment.status?.phase ?? null,
        message: experiment.status?.message ?? null,
        createdAt: metadata.creationTimestamp ?? null,
        ageSeconds: ageSeconds(metadata.creationTimestamp, now),
        replicaSets: ownedReplicaSets(metadata.uid, null, replicaSets, now),
        analysisRuns: ownedAnalysisRuns(metadata.uid, runs),
      };
    })
    .sort(
      (a, b) =>
        (b.revision ?? 0) - (a.revision ?? 0) ||
        (Date.parse(a.createdAt ?? "") || 0) - (Date.parse(b.createdAt ?? "") || 0),
    );
}
