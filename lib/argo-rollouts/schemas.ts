// The Argo Rollouts objects Opsdeck reads (Rollout, ReplicaSet, AnalysisRun, Experiment), as the
// v1.9.1 CRDs and apps/v1 define them (pkg/apis/rollouts/v1alpha1/types.go, analysis_types.go,
// experiment_types.go). Only the fields Opsdeck uses are typed; unknown fields are dropped, except in
// pod templates, which are kept whole because undo writes a ReplicaSet's template back into the Rollout.
// Go's zero values and JSON null mean the same ("unset"), so every optional field is nullish.
import { z } from "zod";

export const POD_TEMPLATE_HASH_LABEL = "rollouts-pod-template-hash";
export const REVISION_ANNOTATION = "rollout.argoproj.io/revision";
export const WORKLOAD_GENERATION_ANNOTATION = "rollout.argoproj.io/workload-generation";
export const SCALE_DOWN_DEADLINE_ANNOTATION = "scale-down-deadline";
export const EXPERIMENT_TEMPLATE_NAME_ANNOTATION = "experiment.argoproj.io/template-name";
/** On AnalysisRuns: how the rollout created them (Step, Background, PrePromotion, PostPromotion). */
export const ROLLOUT_TYPE_LABEL = "rollout-type";
/** On step AnalysisRuns: the index of the canary step that created them. */
export const STEP_INDEX_LABEL = "step-index";

export const PauseReason = {
  CanaryPauseStep: "CanaryPauseStep",
  BlueGreenPause: "BlueGreenPause",
  InconclusiveAnalysisRun: "InconclusiveAnalysisRun",
  InconclusiveExperiment: "InconclusiveExperiment",
} as const;

export const ROLLOUT_PHASES = ["Healthy", "Progressing", "Paused", "Degraded"] as const;
export type RolloutPhase = (typeof ROLLOUT_PHASES)[number];

export const ANALYSIS_PHASES = [
  "Pending",
  "Running",
  "Successful",
  "Failed",
  "Error",
  "Inconclusive",
] as const;
export type AnalysisPhase = (typeof ANALYSIS_PHASES)[number];

/** Condition reasons the status logic looks at (utils/conditions/conditions.go). */
export const ConditionReason = {
  RolloutAborted: "RolloutAborted",
  TimedOut: "ProgressDeadlineExceeded",
} as const;

const str = z.string().nullish();
const int = z.number().int().nullish();
const bool = z.boolean().nullish();
/** RFC 3339 times stay strings, as the API sends them. */
const time = z.string().nullish();
const stringMap = z.record(z.string(), z.string()).nullish();
/** Kubernetes IntOrString: `5` and `"5"` are different values to Go (see duration.ts). */
const intOrString = z.union([z.number().int(), z.string()]);

export const ownerReferenceSchema = z.object({
  apiVersion: str,
  kind: str,
  name: str,
  uid: z.string(),
  controller: bool,
});
export type OwnerReference = z.infer<typeof ownerReferenceSchema>;

export const objectMetaSchema = z.object({
  name: z.string(),
  namespace: str,
  uid: str,
  generation: int,
  resourceVersion: str,
  creationTimestamp: time,
  labels: stringMap,
  annotations: stringMap,
  ownerReferences: z.array(ownerReferenceSchema).nullish(),
});
export type ObjectMeta = z.infer<typeof objectMetaSchema>;

export const labelSelectorSchema = z.object({
  matchLabels: stringMap,
  matchExpressions: z
    .array(z.object({ key: z.string(), operator: z.string(), values: z.array(z.string()).nullish() }))
    .nullish(),
});
export type LabelSelector = z.infer<typeof labelSelectorSchema>;

const containerSchema = z.looseObject({ name: z.string(), image: str });

/** A pod template, kept whole (loose at every level that is typed). */
export const podTemplateSchema = z.looseObject({
  metadata: z.looseObject({ labels: stringMap, annotations: stringMap }).nullish(),
  spec: z
    .looseObject({
      containers: z.array(containerSchema).nullish(),
      initContainers: z.array(containerSchema).nullish(),
    })
    .nullish(),
});
export type PodTemplate = z.infer<typeof podTemplateSchema>;

const analysisArgSchema = z.object({ name: z.string(), value: str, valueFrom: z.unknown().optional() });

const rolloutAnalysisSchema = z.object({
  templates: z.array(z.object({ templateName: z.string(), clusterScope: bool })).nullish(),
  args: z.array(analysisArgSchema).nullish(),
});

export const canaryStepSchema = z.object({
  setWeight: int,
  pause: z.object({ duration: intOrString.nullish() }).nullish(),
  experiment: z
    .object({
      duration: str,
      templates: z.array(z.object({ name: z.string(), specRef: str, replicas: int, weight: int })).nullish(),
      analyses: z.array(z.object({ name: z.string(), templateName: z.string() })).nullish(),
    })
    .nullish(),
  analysis: rolloutAnalysisSchema.nullish(),
  setCanaryScale: z.object({ weight: int, replicas: int, matchTrafficWeight: bool }).nullish(),
  setHeaderRoute: z.looseObject({ name: str }).nullish(),
  setMirrorRoute: z.looseObject({ name: str }).nullish(),
  plugin: z.looseObject({ name: str }).nullish(),
});
export type CanaryStep = z.infer<typeof canaryStepSchema>;

const canaryStrategySchema = z.object({
  canaryService: str,
  stableService: str,
  steps: z.array(canaryStepSchema).nullish(),
  /** Which router (istio, nginx, smi, plugins, …) is kept as sent; its presence is what matters. */
  trafficRouting: z.looseObject({ maxTrafficWeight: int }).nullish(),
  analysis: rolloutAnalysisSchema.extend({ startingStep: int }).nullish(),
  pingPong: z.object({ pingService: str, pongService: str }).nullish(),
  dynamicStableScale: bool,
  abortScaleDownDelaySeconds: int,
});

const blueGreenStrategySchema = z.object({
  activeService: str,
  previewService: str,
  autoPromotionEnabled: bool,
  autoPromotionSeconds: int,
  previewReplicaCount: int,
  prePromotionAnalysis: rolloutAnalysisSchema.nullish(),
  postPromotionAnalysis: rolloutAnalysisSchema.nullish(),
});

const analysisRunStatusRefSchema = z.object({ name: str, status: str, message: str });

export const rolloutConditionSchema = z.object({
  type: z.string(),
  status: str,
  reason: str,
  message: str,
  lastUpdateTime: time,
  lastTransitionTime: time,
});
export type RolloutCondition = z.infer<typeof rolloutConditionSchema>;

const weightDestinationSchema = z.object({ weight: int, serviceName: str, podTemplateHash: str });

export const rolloutSchema = z.object({
  apiVersion: str,
  kind: str,
  metadata: objectMetaSchema,
  spec: z.object({
    replicas: int,
    selector: labelSelectorSchema.nullish(),
    template: podTemplateSchema.nullish(),
    workloadRef: z.object({ apiVersion: str, kind: str, name: str, scaleDown: str }).nullish(),
    paused: bool,
    restartAt: time,
    progressDeadlineSeconds: int,
    progressDeadlineAbort: bool,
    strategy: z
      .object({ canary: canaryStrategySchema.nullish(), blueGreen: blueGreenStrategySchema.nullish() })
      .nullish(),
  }),
  status: z
    .object({
      phase: str,
      message: str,
      currentStepIndex: int,
      pauseConditions: z.array(z.object({ reason: z.string(), startTime: time })).nullish(),
      controllerPause: bool,
      abort: bool,
      abortedAt: time,
      promoteFull: bool,
      stableRS: str,
      currentPodHash: str,
      currentStepHash: str,
      /** A string since v0.10 (a hash before); numbers are accepted too. */
      observedGeneration: z.union([z.string(), z.number()]).nullish(),
      workloadObservedGeneration: str,
      replicas: int,
      updatedReplicas: int,
      readyReplicas: int,
      availableReplicas: int,
      restartedAt: time,
      conditions: z.array(rolloutConditionSchema).nullish(),
      canary: z
        .object({
          currentStepAnalysisRunStatus: analysisRunStatusRefSchema.nullish(),
          currentBackgroundAnalysisRunStatus: analysisRunStatusRefSchema.nullish(),
          currentExperiment: str,
          weights: z
            .object({
              canary: weightDestinationSchema,
              stable: weightDestinationSchema,
              additional: z.array(weightDestinationSchema).nullish(),
              verified: bool,
            })
            .nullish(),
          stablePingPong: str,
        })
        .nullish(),
      blueGreen: z
        .object({
          activeSelector: str,
          previewSelector: str,
          scaleUpPreviewCheckPoint: bool,
          prePromotionAnalysisRunStatus: analysisRunStatusRefSchema.nullish(),
          postPromotionAnalysisRunStatus: analysisRunStatusRefSchema.nullish(),
        })
        .nullish(),
    })
    .nullish(),
});
export type Rollout = z.infer<typeof rolloutSchema>;

/** apps/v1 ReplicaSet, the part Opsdeck reads (any apiVersion: old objects say extensions/v1beta1). */
export const replicaSetSchema = z.object({
  apiVersion: str,
  kind: str,
  metadata: objectMetaSchema,
  spec: z
    .object({ replicas: int, selector: labelSelectorSchema.nullish(), template: podTemplateSchema.nullish() })
    .nullish(),
  status: z
    .object({
      replicas: int,
      readyReplicas: int,
      availableReplicas: int,
      observedGeneration: int,
      conditions: z.array(z.object({ type: z.string(), status: str, reason: str, message: str })).nullish(),
    })
    .nullish(),
});
export type ReplicaSet = z.infer<typeof replicaSetSchema>;

export const metricSchema = z.object({
  name: z.string(),
  interval: str,
  initialDelay: str,
  count: intOrString.nullish(),
  successCondition: str,
  failureCondition: str,
  failureLimit: intOrString.nullish(),
  inconclusiveLimit: intOrString.nullish(),
  consecutiveErrorLimit: intOrString.nullish(),
  /** The provider object as sent: `{prometheus: {...}}`, `{job: {...}}`, `{plugin: {...}}`, … */
  provider: z.record(z.string(), z.unknown()).nullish(),
});
export type Metric = z.infer<typeof metricSchema>;

export const measurementSchema = z.object({
  phase: str,
  message: str,
  startedAt: time,
  finishedAt: time,
  value: str,
  metadata: stringMap,
  resumeAt: time,
});
export type Measurement = z.infer<typeof measurementSchema>;

export const analysisRunSchema = z.object({
  apiVersion: str,
  kind: str,
  metadata: objectMetaSchema,
  spec: z.object({ metrics: z.array(metricSchema).nullish() }).nullish(),
  status: z
    .object({
      phase: str,
      message: str,
      startedAt: time,
      completedAt: time,
      metricResults: z
        .array(
          z.object({
            name: z.string(),
            phase: str,
            message: str,
            measurements: z.array(measurementSchema).nullish(),
            count: int,
            successful: int,
            failed: int,
            inconclusive: int,
            error: int,
            consecutiveError: int,
            dryRun: bool,
          }),
        )
        .nullish(),
    })
    .nullish(),
});
export type AnalysisRun = z.infer<typeof analysisRunSchema>;

/** Only what the rollout page shows of an experiment step. */
export const experimentSchema = z.object({
  apiVersion: str,
  kind: str,
  metadata: objectMetaSchema,
  spec: z
    .object({
      duration: str,
      templates: z.array(z.object({ name: z.string(), replicas: int })).nullish(),
    })
    .nullish(),
  status: z.object({ phase: str, message: str, availableAt: time }).nullish(),
});
export type Experiment = z.infer<typeof experimentSchema>;
