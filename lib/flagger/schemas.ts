// Flagger's Canary as Opsdeck reads it, from the v1.44.0 CRD (pkg/apis/flagger/v1beta1/canary.go,
// status.go). Only the fields Opsdeck uses are typed; unknown fields are dropped. Go's zero values and JSON
// null mean the same ("unset"), so every optional field is nullish. Pure: shared by server and browser.
import { z } from "zod";

/** Every CanaryPhase (status.go), in the order a revision goes through them. */
export const CANARY_PHASES = [
  "Initializing",
  "Initialized",
  "Waiting",
  "Progressing",
  "WaitingPromotion",
  "Promoting",
  "Finalising",
  "Succeeded",
  "Failed",
  "Terminating",
  "Terminated",
] as const;
export type CanaryPhase = (typeof CANARY_PHASES)[number];

/** The webhook types Opsdeck serves as gates (HookType in canary.go). */
export const GATE_TYPES = ["confirm-rollout", "confirm-promotion", "rollback"] as const;
export type GateType = (typeof GATE_TYPES)[number];

const metadata = z.object({
  name: z.string(),
  namespace: z.string().nullish(),
  uid: z.string().nullish(),
  resourceVersion: z.string().nullish(),
  generation: z.number().nullish(),
  creationTimestamp: z.string().nullish(),
  labels: z.record(z.string(), z.string()).nullish(),
  annotations: z.record(z.string(), z.string()).nullish(),
});

const thresholdRange = z.object({ min: z.number().nullish(), max: z.number().nullish() });

export const canaryMetricSchema = z.object({
  name: z.string(),
  interval: z.string().nullish(),
  /** Deprecated single threshold (a maximum), for the built-in metrics. */
  threshold: z.number().nullish(),
  thresholdRange: thresholdRange.nullish(),
  query: z.string().nullish(),
  templateRef: z.object({ name: z.string(), namespace: z.string().nullish() }).nullish(),
  templateVariables: z.record(z.string(), z.string()).nullish(),
});
export type CanaryMetric = z.infer<typeof canaryMetricSchema>;

export const canaryWebhookSchema = z.object({
  name: z.string(),
  type: z.string().nullish(),
  url: z.string(),
  timeout: z.string().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
});
export type CanaryWebhook = z.infer<typeof canaryWebhookSchema>;

const analysisSchema = z.object({
  interval: z.string().nullish(),
  iterations: z.number().nullish(),
  threshold: z.number().nullish(),
  maxWeight: z.number().nullish(),
  stepWeight: z.number().nullish(),
  stepWeights: z.array(z.number()).nullish(),
  mirror: z.boolean().nullish(),
  match: z.array(z.unknown()).nullish(),
  metrics: z.array(canaryMetricSchema).nullish(),
  webhooks: z.array(canaryWebhookSchema).nullish(),
});
export type CanaryAnalysis = z.infer<typeof analysisSchema>;

const conditionSchema = z.object({
  type: z.string(),
  status: z.string(),
  reason: z.string().nullish(),
  message: z.string().nullish(),
  lastUpdateTime: z.string().nullish(),
  lastTransitionTime: z.string().nullish(),
});
export type CanaryCondition = z.infer<typeof conditionSchema>;

export const canarySchema = z.object({
  metadata,
  spec: z.object({
    provider: z.string().nullish(),
    targetRef: z.object({ apiVersion: z.string().nullish(), kind: z.string(), name: z.string() }),
    progressDeadlineSeconds: z.number().nullish(),
    skipAnalysis: z.boolean().nullish(),
    suspend: z.boolean().nullish(),
    analysis: analysisSchema.nullish(),
    /** Before v1beta1's `analysis`; Flagger still reads it (GetAnalysis). */
    canaryAnalysis: analysisSchema.nullish(),
  }),
  status: z
    .object({
      phase: z.string().nullish(),
      failedChecks: z.number().nullish(),
      canaryWeight: z.number().nullish(),
      iterations: z.number().nullish(),
      lastAppliedSpec: z.string().nullish(),
      lastPromotedSpec: z.string().nullish(),
      lastTransitionTime: z.string().nullish(),
      conditions: z.array(conditionSchema).nullish(),
    })
    .nullish(),
});
export type Canary = z.infer<typeof canarySchema>;

/** The analysis Flagger runs (`analysis`, or the older `canaryAnalysis`), as GetAnalysis reads it. */
export const analysisOf = (canary: Canary): CanaryAnalysis | null =>
  canary.spec.analysis ?? canary.spec.canaryAnalysis ?? null;
