// One rollout as Opsdeck shows it: Argo's phase and message, the step list with what each step waits
// for, set and actual weight, the ReplicaSets by role, the analysis runs with their measurements, and
// whether a person has to act. Computed as `kubectl argo rollouts get` computes it (pkg/kubectl-argo-
// rollouts/info/rollout_info.go) from objects the caller has already read; no I/O.
import { ownedAnalysisRuns, ownedExperiments, type AnalysisRunView, type ExperimentView } from "./analysis";
import { pauseDurationSeconds } from "./duration";
import { ageSeconds, imagesOf, ownedReplicaSets, revisionOf, type ReplicaSetView } from "./replica-sets";
import {
  ConditionReason,
  PauseReason,
  type AnalysisRun,
  type CanaryStep,
  type Experiment,
  type ReplicaSet,
  type Rollout,
  type RolloutCondition,
  type RolloutPhase,
} from "./schemas";
import {
  canaryStepKind,
  canaryStepString,
  canarySteps,
  currentCanaryStep,
  currentSetWeight,
  desiredReplicas,
  isGenerationObserved,
  isUnpausing,
  maxTrafficWeight,
  rolloutPhase,
  stepSetWeight,
  type StepKind,
} from "./status";

/** Argo's four phases, with aborted rollouts apart from the other Degraded ones. */
export type OpsdeckPhase = RolloutPhase | "Aborted";

export type StepState = "done" | "current" | "pending";

/** What the current step waits for. */
export type StepWait =
  /** A pause without duration: until someone promotes. */
  | { kind: "promotion" }
  /** A timed pause; `until` is null until the controller has started it. */
  | { kind: "timer"; durationSeconds: number; until: string | null; remainingSeconds: number }
  | { kind: "analysis"; analysisRun: string | null; phase: string | null; message: string | null }
  | { kind: "experiment"; experiment: string | null };

export type StepView = {
  index: number;
  kind: StepKind;
  /** Argo's CanaryStepString: "setWeight: 20", "pause: 30s", "analysis", … */
  label: string;
  state: StepState;
  /** The canary weight the steps set while this step runs. */
  weight: number;
  step: CanaryStep;
  /** The latest AnalysisRun this step started for the current revision (analysis steps). */
  analysisRun: string | null;
  /** Only for the current step. */
  waitingFor: StepWait | null;
};

export type WaitingForHuman = {
  reason:
    | typeof PauseReason.CanaryPauseStep
    | typeof PauseReason.BlueGreenPause
    | typeof PauseReason.InconclusiveAnalysisRun
    | typeof PauseReason.InconclusiveExperiment;
  /** When the controller paused (the pause condition's start time). */
  since: string | null;
  message: string;
};

export type RunningImage = { image: string; tags: string[] };

export type RolloutView = {
  name: string;
  namespace: string | null;
  uid: string | null;
  resourceVersion: string | null;
  createdAt: string | null;
  ageSeconds: number | null;
  /** The rollout's `rollout.argoproj.io/revision` annotation: the revision it is updating to. */
  revision: number | null;
  generation: number | null;
  /** status.observedGeneration as the controller wrote it (a string). */
  observedGeneration: string | null;
  generationObserved: boolean;
  strategy: "Canary" | "BlueGreen" | null;
  phase: OpsdeckPhase;
  /** GetRolloutPhase: the phase and message Argo's own tools show. */
  argo: { phase: RolloutPhase; message: string };
  aborted: boolean;
  abortedAt: string | null;
  pause: { manual: boolean; controller: boolean; conditions: { reason: string; since: string | null }[] };
  /** Canaries with steps: `display` is kubectl's "index/count" ("" before the controller set an index). */
  step: { index: number | null; count: number; display: string; current: StepView | null } | null;
  steps: StepView[];
  /** Canaries: the weight the steps ask for, and the weight the canary has (kubectl's ActualWeight). */
  weights: {
    set: number;
    actual: number;
    max: number;
    traffic: { canary: number; stable: number; verified: boolean | null } | null;
  } | null;
  replicas: { desired: number; current: number; updated: number; ready: number; available: number };
  replicaSets: ReplicaSetView[];
  stable: ReplicaSetView | null;
  canary: ReplicaSetView | null;
  active: ReplicaSetView | null;
  preview: ReplicaSetView | null;
  /** Images of the rollout's pod template (the desired revision). */
  images: string[];
  /** Images of running ReplicaSets with their roles, as kubectl's Images(). */
  runningImages: RunningImage[];
  /** Every revision among the ReplicaSets, experiments and analysis runs, newest first. */
  revisions: number[];
  analysisRuns: AnalysisRunView[];
  experiments: ExperimentView[];
  blueGreen: {
    activeService: string | null;
    previewService: string | null;
    autoPromotionEnabled: boolean;
    /** When the controller promotes by itself (autoPromotionSeconds after the pause began). */
    autoPromotionAt: string | null;
  } | null;
  waitingForHuman: WaitingForHuman | null;
  conditions: RolloutCondition[];
  restart: { requestedAt: string | null; restartedAt: string | null };
  /** The latest time the status records: condition updates and transitions, pauses, abort, restart. */
  lastChangeAt: string | null;
};

/**
 * The objects around a rollout: those of its namespace, or only those it owns (ownership is checked
 * here either way; with many rollouts, group them by owner uid first rather than pass them all).
 */
export type RelatedObjects = {
  replicaSets: ReplicaSet[];
  analysisRuns: AnalysisRun[];
  experiments?: Experiment[];
};

/** Opsdeck's phase: Aborted for status.abort, or Argo's Degraded caused by a RolloutAborted condition. */
export function opsdeckPhase(rollout: Rollout, argoPhase: RolloutPhase): OpsdeckPhase {
  if (rollout.status?.abort) return "Aborted";
  const abortedCondition = (rollout.status?.conditions ?? []).some(
    (condition) => condition.reason === ConditionReason.RolloutAborted,
  );
  return argoPhase === "Degraded" && abortedCondition ? "Aborted" : argoPhase;
}

function pauseCondition(rollout: Rollout, reason: string) {
  return rollout.status?.pauseConditions?.find((condition) => condition.reason === reason) ?? null;
}

function addSeconds(time: string, seconds: number): string | null {
  const start = Date.parse(time);
  return Number.isNaN(start) ? null : new Date(start + seconds * 1000).toISOString();
}

function stepWait(rollout: Rollout, step: CanaryStep, now: Date): StepWait | null {
  const canaryStatus = rollout.status?.canary;
  switch (canaryStepKind(step)) {
    case "pause": {
      const duration = step.pause?.duration;
      if (duration === null || duration === undefined) return { kind: "promotion" };
      // A duration Argo cannot read (-1) ends the pause at once, as in the controller.
      const durationSeconds = Math.max(0, pauseDurationSeconds(duration));
      const started = pauseCondition(rollout, PauseReason.CanaryPauseStep)?.startTime;
      const until = started ? addSeconds(started, durationSeconds) : null;
      const remainingSeconds =
        until === null ? durationSeconds : Math.max(0, Math.ceil((Date.parse(until) - now.getTime()) / 1000));
      return { kind: "timer", durationSeconds, until, remainingSeconds };
    }
    case "analysis": {
      const run = canaryStatus?.currentStepAnalysisRunStatus;
      return {
        kind: "analysis",
        analysisRun: run?.name ?? null,
        phase: run?.status ?? null,
        message: run?.message ?? null,
      };
    }
    case "experiment":
      return { kind: "experiment", experiment: canaryStatus?.currentExperiment ?? null };
    default:
      return null;
  }
}

function stepViews(
  rollout: Rollout,
  aborted: boolean,
  analysisRuns: AnalysisRunView[],
  now: Date,
): StepView[] {
  const steps = canarySteps(rollout);
  if (steps.length === 0) return [];
  const status = rollout.status;
  const index = status?.currentStepIndex ?? 0;
  const stableRS = status?.stableRS ?? "";
  const allDone = index >= steps.length || (stableRS !== "" && stableRS === status?.currentPodHash);
  const currentHash = status?.currentPodHash ?? null;
  return steps.map((step, i): StepView => {
    const state: StepState = aborted
      ? "pending"
      : allDone || i < index
        ? "done"
        : i === index
          ? "current"
          : "pending";
    // Runs are oldest first within a revision: the last one is the latest attempt.
    const runs = analysisRuns.filter(
      (run) => run.rolloutType === "Step" && run.stepIndex === i && run.podTemplateHash === currentHash,
    );
    return {
      index: i,
      kind: canaryStepKind(step),
      label: canaryStepString(step),
      state,
      weight: stepSetWeight(steps, i),
      step,
      analysisRun: runs.at(-1)?.name ?? null,
      waitingFor: state === "current" ? stepWait(rollout, step, now) : null,
    };
  });
}

/** rollout_info.go's ActualWeight: the canary's share of available pods, or the router's weight. */
function actualWeight(rollout: Rollout, replicaSets: ReplicaSetView[], setWeight: number): number {
  const max = maxTrafficWeight(rollout);
  if (currentCanaryStep(rollout).step === null) return max;
  const available = rollout.status?.availableReplicas ?? 0;
  if (available <= 0) return 0;
  if (!rollout.spec.strategy?.canary?.trafficRouting) {
    const canary = replicaSets.findLast((replicaSet) => replicaSet.canary);
    return canary ? Math.trunc((canary.replicas.available * max) / available) : 0;
  }
  return rollout.status?.canary?.weights?.canary.weight ?? setWeight;
}

function addImage(images: RunningImage[], image: string, tags: string[]): RunningImage[] {
  const existing = images.find((candidate) => candidate.image === image);
  if (existing) existing.tags = [...new Set([...tags, ...existing.tags])].sort();
  else images.push({ image, tags });
  return images.sort((a, b) => (a.image < b.image ? -1 : a.image > b.image ? 1 : 0));
}

/** kubectl's Images(): images of ReplicaSets with pods, tagged with their roles. */
function runningImages(replicaSets: ReplicaSetView[], experiments: ExperimentView[]): RunningImage[] {
  const images: RunningImage[] = [];
  for (const replicaSet of replicaSets) {
    if (replicaSet.replicas.current <= 0) continue;
    const roles = (["canary", "stable", "active", "preview", "ping", "pong"] as const).filter(
      (role) => replicaSet[role],
    );
    for (const image of replicaSet.images) addImage(images, image, [...roles]);
  }
  for (const experiment of experiments) {
    for (const replicaSet of experiment.replicaSets) {
      if (replicaSet.replicas.current <= 0) continue;
      const tags = replicaSet.experimentTemplate ? [`Σ:${replicaSet.experimentTemplate}`] : [];
      for (const image of replicaSet.images) addImage(images, image, tags);
    }
  }
  return images;
}

function waitingForHuman(
  rollout: Rollout,
  step: StepView | null,
  preview: ReplicaSetView | null,
  aborted: boolean,
): WaitingForHuman | null {
  if (aborted || !isGenerationObserved(rollout) || isUnpausing(rollout)) return null;
  const status = rollout.status;
  const name = rollout.metadata.name;
  for (const condition of status?.pauseConditions ?? []) {
    const since = condition.startTime ?? null;
    switch (condition.reason) {
      case PauseReason.CanaryPauseStep:
        if (step?.waitingFor?.kind === "promotion") {
          const count = canarySteps(rollout).length;
          return {
            reason: condition.reason,
            since,
            message: `${name} is paused at step ${step.index + 1} of ${count} until promoted`,
          };
        }
        break;
      case PauseReason.BlueGreenPause:
        if (rollout.spec.strategy?.blueGreen?.autoPromotionEnabled === false) {
          const which = preview?.revision ? `revision ${preview.revision}` : "its preview";
          return { reason: condition.reason, since, message: `${name} waits for promotion of ${which}` };
        }
        break;
      case PauseReason.InconclusiveAnalysisRun: {
        const run = [
          status?.canary?.currentStepAnalysisRunStatus,
          status?.canary?.currentBackgroundAnalysisRunStatus,
        ]
          .concat([
            status?.blueGreen?.prePromotionAnalysisRunStatus,
            status?.blueGreen?.postPromotionAnalysisRunStatus,
          ])
          .find((candidate) => candidate?.status === "Inconclusive");
        const which = run?.name ? `analysis ${run.name}` : "an analysis";
        return {
          reason: condition.reason,
          since,
          message: `${which} of ${name} was inconclusive: promote or abort`,
        };
      }
      case PauseReason.InconclusiveExperiment: {
        const experiment = status?.canary?.currentExperiment;
        const which = experiment ? `experiment ${experiment}` : "an experiment";
        return {
          reason: condition.reason,
          since,
          message: `${which} of ${name} was inconclusive: promote or abort`,
        };
      }
    }
  }
  return null;
}

function latest(times: (string | null | undefined)[]): string | null {
  let best: string | null = null;
  let bestMs = -Infinity;
  for (const time of times) {
    const ms = time ? Date.parse(time) : NaN;
    if (!Number.isNaN(ms) && ms > bestMs) [best, bestMs] = [time!, ms];
  }
  return best;
}

/** Everything the rollout page, the list and the "Waiting for you" section show of one rollout. */
export function describeRollout(rollout: Rollout, related: RelatedObjects, now: Date): RolloutView {
  const { metadata, spec } = rollout;
  const status = rollout.status;
  const argo = rolloutPhase(rollout);
  const phase = opsdeckPhase(rollout, argo.phase);
  const aborted = phase === "Aborted";
  const replicaSets = ownedReplicaSets(metadata.uid, rollout, related.replicaSets, now);
  const analysisRuns = ownedAnalysisRuns(metadata.uid, related.analysisRuns);
  const experiments = ownedExperiments(
    metadata.uid,
    related.experiments ?? [],
    related.replicaSets,
    related.analysisRuns,
    now,
  );
  const canary = spec.strategy?.canary;
  const blueGreen = spec.strategy?.blueGreen;
  const steps = stepViews(rollout, aborted, analysisRuns, now);
  const stepIndex = status?.currentStepIndex ?? null;
  const current = steps.find((step) => step.state === "current") ?? null;
  const setWeight = currentSetWeight(rollout);
  const weights = status?.canary?.weights;
  const blueGreenPause = pauseCondition(rollout, PauseReason.BlueGreenPause);
  const autoPromotionSeconds = blueGreen?.autoPromotionSeconds ?? 0;

  const preview = replicaSets.find((replicaSet) => replicaSet.preview) ?? null;
  const revisions = new Set<number>();
  for (const item of [...replicaSets, ...experiments, ...analysisRuns]) revisions.add(item.revision ?? 0);

  return {
    name: metadata.name,
    namespace: metadata.namespace ?? null,
    uid: metadata.uid ?? null,
    resourceVersion: metadata.resourceVersion ?? null,
    createdAt: metadata.creationTimestamp ?? null,
    ageSeconds: ageSeconds(metadata.creationTimestamp, now),
    revision: revisionOf(metadata),
    generation: metadata.generation ?? null,
    observedGeneration:
      status?.observedGeneration === null || status?.observedGeneration === undefined
        ? null
        : String(status.observedGeneration),
    generationObserved: isGenerationObserved(rollout),
    strategy: canary ? "Canary" : blueGreen ? "BlueGreen" : null,
    phase,
    argo,
    aborted,
    abortedAt: status?.abortedAt ?? null,
    pause: {
      manual: Boolean(spec.paused),
      controller: Boolean(status?.controllerPause),
      conditions: (status?.pauseConditions ?? []).map((condition) => ({
        reason: condition.reason,
        since: condition.startTime ?? null,
      })),
    },
    step:
      steps.length > 0
        ? {
            index: stepIndex,
            count: steps.length,
            display: stepIndex === null ? "" : `${stepIndex}/${steps.length}`,
            current,
          }
        : null,
    steps,
    weights: canary
      ? {
          set: setWeight,
          actual: actualWeight(rollout, replicaSets, setWeight),
          max: maxTrafficWeight(rollout),
          traffic: weights
            ? {
                canary: weights.canary.weight ?? 0,
                stable: weights.stable.weight ?? 0,
                verified: weights.verified ?? null,
              }
            : null,
        }
      : null,
    replicas: {
      desired: desiredReplicas(rollout),
      current: status?.replicas ?? 0,
      updated: status?.updatedReplicas ?? 0,
      ready: status?.readyReplicas ?? 0,
      available: status?.availableReplicas ?? 0,
    },
    replicaSets,
    stable: replicaSets.find((replicaSet) => replicaSet.stable) ?? null,
    canary: replicaSets.find((replicaSet) => replicaSet.canary) ?? null,
    active: replicaSets.find((replicaSet) => replicaSet.active) ?? null,
    preview,
    images: imagesOf(spec.template),
    runningImages: runningImages(replicaSets, experiments),
    revisions: [...revisions].sort((a, b) => b - a),
    analysisRuns,
    experiments,
    blueGreen: blueGreen
      ? {
          activeService: blueGreen.activeService ?? null,
          previewService: blueGreen.previewService ?? null,
          autoPromotionEnabled: blueGreen.autoPromotionEnabled !== false,
          autoPromotionAt:
            blueGreen.autoPromotionEnabled !== false && autoPromotionSeconds > 0 && blueGreenPause?.startTime
              ? addSeconds(blueGreenPause.startTime, autoPromotionSeconds)
              : null,
        }
      : null,
    waitingForHuman: waitingForHuman(rollout, current, preview, aborted),
    conditions: status?.conditions ?? [],
    restart: { requestedAt: spec.restartAt ?? null, restartedAt: status?.restartedAt ?? null },
    lastChangeAt: latest([
      ...(status?.conditions ?? []).flatMap((condition) => [
        condition.lastUpdateTime,
        condition.lastTransitionTime,
      ]),
      ...(status?.pauseConditions ?? []).map((condition) => condition.startTime),
      status?.abortedAt,
      status?.restartedAt,
    ]),
  };
}
