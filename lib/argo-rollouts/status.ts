// A rollout's phase, step and weights, computed as Argo Rollouts v1.9.1 computes them for its clients
// (utils/rollout/rolloututil.go, utils/replicaset/canary.go, utils/weightutil). Pure functions of the
// Rollout object.
import {
  ConditionReason,
  ROLLOUT_PHASES,
  WORKLOAD_GENERATION_ANNOTATION,
  type AnalysisPhase,
  type CanaryStep,
  type Rollout,
  type RolloutPhase,
} from "./schemas";

export type PhaseAndMessage = { phase: RolloutPhase; message: string };

export type StepKind =
  | "setWeight"
  | "pause"
  | "experiment"
  | "analysis"
  | "setCanaryScale"
  | "plugin"
  | "setHeaderRoute"
  | "setMirrorRoute"
  | "invalid";

/** The canary steps, or [] for blue-green and canaries without steps. */
export function canarySteps(rollout: Rollout): CanaryStep[] {
  return rollout.spec.strategy?.canary?.steps ?? [];
}

export function isCanary(rollout: Rollout): boolean {
  return Boolean(rollout.spec.strategy?.canary);
}

export function isBlueGreen(rollout: Rollout): boolean {
  return Boolean(rollout.spec.strategy?.blueGreen);
}

/** IsFullyPromoted: the stable ReplicaSet is the desired one (both unset counts as promoted, as in Go). */
export function isFullyPromoted(rollout: Rollout): boolean {
  return (rollout.status?.stableRS ?? "") === (rollout.status?.currentPodHash ?? "");
}

/** IsUnpausing: someone cleared the pause conditions and the controller has not reacted yet. */
export function isUnpausing(rollout: Rollout): boolean {
  return Boolean(rollout.status?.controllerPause) && (rollout.status?.pauseConditions ?? []).length === 0;
}

const DECIMAL_INTEGER = /^[+-]?\d+$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** strconv.ParseInt(text, 10, bits), or null where Go returns an error. */
function parseGoInt(text: string, bits: 32 | 64): bigint | null {
  if (!DECIMAL_INTEGER.test(text)) return null;
  const value = BigInt(text);
  const [min, max] = bits === 64 ? [INT64_MIN, INT64_MAX] : [-(2n ** 31n), 2n ** 31n - 1n];
  return value < min || value > max ? null : value;
}

/**
 * isGenerationObserved: status.observedGeneration is a string; a non-numeric one (a v0.9 hash) or one
 * above metadata.generation (an all-digit hash) counts as observed.
 */
export function isGenerationObserved(rollout: Rollout): boolean {
  const observed = parseGoInt(String(rollout.status?.observedGeneration ?? ""), 64);
  if (observed === null) return true;
  const generation = BigInt(rollout.metadata.generation ?? 0);
  return observed >= generation;
}

/** isWorkloadGenerationObserved, for rollouts whose template comes from spec.workloadRef. */
export function isWorkloadGenerationObserved(rollout: Rollout): boolean {
  const annotation = rollout.metadata.annotations?.[WORKLOAD_GENERATION_ANNOTATION];
  const wanted = annotation === undefined ? null : parseGoInt(annotation, 32);
  if (wanted === null) return true;
  const observed = parseGoInt(rollout.status?.workloadObservedGeneration ?? "", 32);
  if (observed === null) return true;
  return observed === wanted;
}

/**
 * GetRolloutPhase: what `kubectl argo rollouts` and the Argo dashboard show. The controller's own
 * status.phase/message win once the spec update has been observed; a controller older than v1.0 leaves
 * them empty and the phase is calculated here.
 */
export function rolloutPhase(rollout: Rollout): PhaseAndMessage {
  if (!isGenerationObserved(rollout)) {
    return { phase: "Progressing", message: "waiting for rollout spec update to be observed" };
  }
  if (isUnpausing(rollout)) return { phase: "Progressing", message: "waiting for rollout to unpause" };
  // Go checks an in-memory flag set when the template was resolved from spec.workloadRef; a client
  // reading the object sees spec.workloadRef itself.
  if (rollout.spec.workloadRef && !isWorkloadGenerationObserved(rollout)) {
    return {
      phase: "Progressing",
      message: "waiting for rollout spec update to be observed for the reference workload",
    };
  }
  const reported = rollout.status?.phase;
  if (reported && (ROLLOUT_PHASES as readonly string[]).includes(reported)) {
    return { phase: reported as RolloutPhase, message: rollout.status?.message ?? "" };
  }
  return calculateRolloutPhase(rollout);
}

const COMPLETED_ANALYSIS: readonly string[] = [
  "Successful",
  "Failed",
  "Error",
  "Inconclusive",
] satisfies AnalysisPhase[];

/** CalculateRolloutPhase: the controller-side phase, from spec and status alone. */
export function calculateRolloutPhase(rollout: Rollout): PhaseAndMessage {
  const { spec } = rollout;
  const status = rollout.status ?? {};
  for (const condition of status.conditions ?? []) {
    if (condition.type === "InvalidSpec") {
      return { phase: "Degraded", message: `InvalidSpec: ${condition.message ?? ""}` };
    }
    if (
      condition.reason === ConditionReason.RolloutAborted ||
      condition.reason === ConditionReason.TimedOut
    ) {
      return { phase: "Degraded", message: `${condition.reason}: ${condition.message ?? ""}` };
    }
  }
  if (spec.paused) return { phase: "Paused", message: "manually paused" };
  const firstPause = status.pauseConditions?.[0];
  if (firstPause) return { phase: "Paused", message: firstPause.reason };
  if (spec.restartAt && !sameInstant(spec.restartAt, status.restartedAt)) {
    return { phase: "Progressing", message: "rollout is restarting" };
  }
  const updated = status.updatedReplicas ?? 0;
  if (updated < desiredReplicas(rollout)) {
    return { phase: "Progressing", message: "more replicas need to be updated" };
  }
  if ((status.availableReplicas ?? 0) < updated) {
    return { phase: "Progressing", message: "updated replicas are still becoming available" };
  }
  const blueGreen = spec.strategy?.blueGreen;
  const canary = spec.strategy?.canary;
  const stableRS = status.stableRS ?? "";
  if (blueGreen) {
    const active = status.blueGreen?.activeSelector ?? "";
    if (active === "" || active !== (status.currentPodHash ?? "")) {
      return { phase: "Progressing", message: "active service cutover pending" };
    }
    if (stableRS === "" || !isFullyPromoted(rollout)) {
      const postPromotion = status.blueGreen?.postPromotionAnalysisRunStatus;
      if (blueGreen.postPromotionAnalysis && !COMPLETED_ANALYSIS.includes(postPromotion?.status ?? "")) {
        return { phase: "Progressing", message: "waiting for analysis to complete" };
      }
      return { phase: "Progressing", message: "waiting for post-promotion verification to complete" };
    }
  } else if (canary) {
    // Only basic canaries: with traffic routing, old replicas may stay up for scaleDownDelay.
    if (!canary.trafficRouting && (status.replicas ?? 0) > updated) {
      return { phase: "Progressing", message: "old replicas are pending termination" };
    }
    if (stableRS === "" || !isFullyPromoted(rollout)) {
      return { phase: "Progressing", message: "waiting for all steps to complete" };
    }
  }
  return { phase: "Healthy", message: "" };
}

function sameInstant(a: string, b: string | null | undefined): boolean {
  return typeof b === "string" && Date.parse(a) === Date.parse(b);
}

/** defaults.GetReplicasOrDefault: spec.replicas, 1 when unset. */
export function desiredReplicas(rollout: Rollout): number {
  return rollout.spec.replicas ?? 1;
}

/** weightutil.MaxTrafficWeight: 100 unless the traffic router says otherwise. */
export function maxTrafficWeight(rollout: Rollout): number {
  return rollout.spec.strategy?.canary?.trafficRouting?.maxTrafficWeight ?? 100;
}

/**
 * GetCurrentCanaryStep: the index is null for blue-green and for canaries without steps; the step is
 * null when the index is past the last step (all steps done).
 */
export function currentCanaryStep(rollout: Rollout): { index: number | null; step: CanaryStep | null } {
  const steps = canarySteps(rollout);
  if (!isCanary(rollout) || steps.length === 0) return { index: null, step: null };
  const index = rollout.status?.currentStepIndex ?? 0;
  return { index, step: steps[index] ?? null };
}

/** The weight the steps set at a step index: the nearest setWeight at or before it, else 0. */
export function stepSetWeight(steps: CanaryStep[], index: number): number {
  for (let i = Math.min(index, steps.length - 1); i >= 0; i--) {
    const weight = steps[i]?.setWeight;
    if (weight !== null && weight !== undefined) return weight;
  }
  return 0;
}

/**
 * GetCurrentSetWeight: the desired canary weight (not the actual one): 0 when aborted, the maximum
 * once every step is done or when there are no steps.
 */
export function currentSetWeight(rollout: Rollout): number {
  if (rollout.status?.abort) return 0;
  const { index, step } = currentCanaryStep(rollout);
  if (step === null || index === null) return maxTrafficWeight(rollout);
  return stepSetWeight(canarySteps(rollout), index);
}

/** What a step does, in CanaryStepString's order of precedence. */
export function canaryStepKind(step: CanaryStep): StepKind {
  if (isSet(step.setWeight)) return "setWeight";
  if (step.pause) return "pause";
  if (step.experiment) return "experiment";
  if (step.analysis) return "analysis";
  const scale = step.setCanaryScale;
  if (scale && (isSet(scale.weight) || scale.matchTrafficWeight || isSet(scale.replicas)))
    return "setCanaryScale";
  if (step.plugin) return "plugin";
  if (step.setHeaderRoute) return "setHeaderRoute";
  if (step.setMirrorRoute) return "setMirrorRoute";
  return "invalid";
}

/** CanaryStepString: "setWeight: 20", "pause", "pause: 10s", "analysis", "plugin: name", … */
export function canaryStepString(step: CanaryStep): string {
  switch (canaryStepKind(step)) {
    case "setWeight":
      return `setWeight: ${step.setWeight}`;
    case "pause": {
      const duration = step.pause?.duration;
      return isSet(duration) ? `pause: ${duration}` : "pause";
    }
    case "experiment":
      return "experiment";
    case "analysis":
      return "analysis";
    case "setCanaryScale": {
      const scale = step.setCanaryScale!;
      if (isSet(scale.weight)) return `setCanaryScale{weight: ${scale.weight}}`;
      if (scale.matchTrafficWeight) return "setCanaryScale{matchTrafficWeight: true}";
      return `setCanaryScale{replicas: ${scale.replicas}}`;
    }
    case "plugin":
      return `plugin: ${step.plugin?.name ?? ""}`;
    case "setHeaderRoute":
      return `setHeaderRoute: ${step.setHeaderRoute?.name ?? ""}`;
    case "setMirrorRoute":
      return `setMirrorRoute: ${step.setMirrorRoute?.name ?? ""}`;
    case "invalid":
      return "invalid";
  }
}

function isSet<T>(value: T | null | undefined): value is T {
  return value !== null && value !== undefined;
}
