// The rollout actions with exactly the semantics of `kubectl argo rollouts` v1.9.1 (pkg/kubectl-argo-
// rollouts/cmd/{promote,abort,retry,pause,restart,undo}): for each, the ordered Kubernetes patches to
// send (a plan), whether the action does anything in the rollout's current state (and if not, why, for
// a disabled button), and what it will do (for the confirmation). Pure: the caller reads the Rollout
// (and, for undo, its ReplicaSets) just before planning, as upstream does, and sends the requests.
//
// Sending a plan: send `requests` in order, stopping at the first error. Where the first request goes to
// the status subresource and answers 404 NotFound (a controller older than v0.10, without the status
// subresource), send `statusNotFoundFallback` to the main resource instead of the requests after it;
// any other error is final. No request carries a resourceVersion: they are blind merge patches.
import { ownedReplicaSets, isControlledBy, matchesLabelSelector, type ReplicaSetView } from "./replica-sets";
import { REVISION_ANNOTATION, PauseReason, ConditionReason, type ReplicaSet, type Rollout } from "./schemas";
import {
  canaryStepKind,
  canarySteps,
  currentCanaryStep,
  isBlueGreen,
  isCanary,
  isFullyPromoted,
  isUnpausing,
  maxTrafficWeight,
  stepSetWeight,
} from "./status";
import { templateMatchesIgnoringHash, withoutPodTemplateHash } from "./template";

export const ROLLOUT_ACTIONS = [
  "promote",
  "promote-full",
  "abort",
  "retry",
  "pause",
  "resume",
  "restart",
  "undo",
] as const;
export type RolloutAction = (typeof ROLLOUT_ACTIONS)[number];

export type ActionRequest =
  { action: Exclude<RolloutAction, "undo"> } | { action: "undo"; toRevision: number };

export type ActionContext = {
  rollout: Rollout;
  /** The ReplicaSets of the rollout's namespace (others are ignored). */
  replicaSets: ReplicaSet[];
  now: Date;
};

export type JsonObject = { [key: string]: unknown };

export type MergePatchRequest = { target: "status" | "main"; patchType: "merge"; body: JsonObject };

export type JsonPatchOperation = { op: "replace"; path: string; value: unknown };

export type WorkloadKind = "Deployment" | "ReplicaSet" | "PodTemplate";

export type JsonPatchRequest =
  | { target: "main"; patchType: "json"; body: JsonPatchOperation[] }
  /** Undo of a rollout whose template comes from spec.workloadRef patches that workload instead. */
  | {
      target: "workload";
      workload: { apiVersion: string | null; kind: WorkloadKind; name: string };
      patchType: "json";
      body: JsonPatchOperation[];
    };

/** One PATCH: "status" is the rollout's /status subresource, "main" the rollout itself. */
export type PatchRequest = MergePatchRequest | JsonPatchRequest;

export const PATCH_CONTENT_TYPES = {
  merge: "application/merge-patch+json",
  json: "application/json-patch+json",
} as const;

export type ActionPlan = {
  action: RolloutAction;
  /** In order; empty when upstream sends nothing. */
  requests: PatchRequest[];
  /** Replaces the requests after a status-subresource request that answered 404 NotFound. */
  statusNotFoundFallback: MergePatchRequest | null;
  /** What `kubectl argo rollouts` prints on success. */
  result: string;
};

export type PlanResult = { ok: true; plan: ActionPlan } | { ok: false; error: string };

const UNPAUSE = { spec: { paused: false } };

function merge(target: "status" | "main", body: JsonObject): MergePatchRequest {
  return { target, patchType: "merge", body };
}

/** The plan of a status patch that falls back to the same body on the main resource (abort, retry). */
function statusPatch(action: RolloutAction, body: JsonObject, result: string): ActionPlan {
  return { action, requests: [merge("status", body)], statusNotFoundFallback: merge("main", body), result };
}

/** GetCurrentCanaryStep's index plus one, not past the last step; null without canary steps. */
function nextStepIndex(rollout: Rollout): number | null {
  const { index } = currentCanaryStep(rollout);
  if (index === null) return null;
  return index < canarySteps(rollout).length ? index + 1 : index;
}

/** `promote` and `promote --full` (getPatches in promote.go; the deprecated skip flags are left out). */
export function planPromote(rollout: Rollout, { full = false }: { full?: boolean } = {}): ActionPlan {
  const status = rollout.status;
  const name = rollout.metadata.name;
  const specPatch = rollout.spec.paused ? UNPAUSE : null;
  let statusBody: JsonObject | null = null;
  let unified: JsonObject;
  if (full) {
    if ((status?.currentPodHash ?? "") !== (status?.stableRS ?? ""))
      statusBody = { status: { promoteFull: true } };
    unified = { spec: { paused: false }, status: { promoteFull: true } };
  } else {
    unified = { spec: { paused: false }, status: { pauseConditions: null } };
    const pauseConditions = status?.pauseConditions ?? [];
    const inconclusiveStep =
      isCanary(rollout) && status?.canary?.currentStepAnalysisRunStatus?.status === "Inconclusive";
    const next = nextStepIndex(rollout);
    if (inconclusiveStep && pauseConditions.length > 0 && status?.controllerPause) {
      // Without the step increment the rollout stays stuck when the next step is a pause.
      if (next !== null) {
        statusBody = { status: { pauseConditions: null, controllerPause: false, currentStepIndex: next } };
      }
    } else if (pauseConditions.length > 0) {
      statusBody = { status: { pauseConditions: null } };
    } else if (isCanary(rollout) && next !== null) {
      // Promoting during an analysis or experiment step moves on to the next step.
      statusBody = { status: { pauseConditions: null, currentStepIndex: next } };
      unified = { spec: { paused: false }, status: { pauseConditions: null, currentStepIndex: next } };
    }
  }
  const requests: PatchRequest[] = [];
  if (statusBody) requests.push(merge("status", statusBody));
  if (specPatch) requests.push(merge("main", specPatch));
  return {
    action: full ? "promote-full" : "promote",
    requests,
    statusNotFoundFallback: statusBody ? merge("main", unified) : null,
    result: full ? `rollout '${name}' fully promoted` : `rollout '${name}' promoted`,
  };
}

export function planAbort(rollout: Rollout): ActionPlan {
  return statusPatch("abort", { status: { abort: true } }, `rollout '${rollout.metadata.name}' aborted`);
}

/** `retry rollout` (`retry experiment`, a `{"status":null}` patch of the Experiment, is not offered). */
export function planRetry(rollout: Rollout): ActionPlan {
  return statusPatch("retry", { status: { abort: false } }, `rollout '${rollout.metadata.name}' retried`);
}

export function planPause(rollout: Rollout): ActionPlan {
  return {
    action: "pause",
    requests: [merge("main", { spec: { paused: true } })],
    statusNotFoundFallback: null,
    result: `rollout '${rollout.metadata.name}' paused`,
  };
}

/**
 * Resume: v1.9.1 has no resume command; this is the inverse of `pause` ({"spec":{"paused":false}} on
 * the main resource), which `promote` also sends when the rollout is paused by hand.
 */
export function planResume(rollout: Rollout): ActionPlan {
  return {
    action: "resume",
    requests: [merge("main", UNPAUSE)],
    statusNotFoundFallback: null,
    result: `rollout '${rollout.metadata.name}' resumed`,
  };
}

/** `restart` without --in: spec.restartAt = now, RFC 3339 in UTC with whole seconds. */
export function planRestart(rollout: Rollout, now: Date): ActionPlan {
  const restartAt = now.toISOString().replace(/\.\d+Z$/, "Z");
  return {
    action: "restart",
    requests: [merge("main", { spec: { restartAt } })],
    statusNotFoundFallback: null,
    result: `rollout '${rollout.metadata.name}' restarts in 0s`,
  };
}

/** undo.go's revision(): a missing annotation is revision 0; one that is not an integer is skipped. */
function undoRevision(replicaSet: ReplicaSet): number | null {
  const text = replicaSet.metadata.annotations?.[REVISION_ANNOTATION];
  if (text === undefined) return 0;
  return /^[+-]?\d+$/.test(text) ? Number(text) : null;
}

/** The rollout's history as undo sees it: ReplicaSets it controls that match its selector. */
function historyOf(rollout: Rollout, replicaSets: ReplicaSet[]): ReplicaSet[] {
  const { namespace, uid } = rollout.metadata;
  return replicaSets.filter(
    (replicaSet) =>
      (!namespace || !replicaSet.metadata.namespace || replicaSet.metadata.namespace === namespace) &&
      isControlledBy(replicaSet.metadata, uid) &&
      matchesLabelSelector(replicaSet.metadata.labels, rollout.spec.selector),
  );
}

/** rolloutRevision: the exact revision, or with 0 the second newest (the previous) one. */
function findRevision(
  rollout: Rollout,
  replicaSets: ReplicaSet[],
  toRevision: number,
): { ok: true; replicaSet: ReplicaSet } | { ok: false; error: string } {
  let history: ReplicaSet[];
  try {
    history = historyOf(rollout, replicaSets);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      error: `failed to retrieve replica sets from rollout ${rollout.metadata.name}: ${detail}`,
    };
  }
  let latest: { revision: number; replicaSet: ReplicaSet | null } = { revision: -1, replicaSet: null };
  let previous: { revision: number; replicaSet: ReplicaSet | null } = { revision: -1, replicaSet: null };
  for (const replicaSet of history) {
    const revision = undoRevision(replicaSet);
    if (revision === null) continue;
    if (toRevision === 0) {
      if (latest.revision < revision) {
        previous = latest;
        latest = { revision, replicaSet };
      } else if (previous.revision < revision) {
        previous = { revision, replicaSet };
      }
    } else if (toRevision === revision) {
      return { ok: true, replicaSet };
    }
  }
  if (toRevision > 0)
    return { ok: false, error: `unable to find specified revision ${toRevision} in history` };
  if (!previous.replicaSet) {
    return { ok: false, error: `no revision found for rollout ${JSON.stringify(rollout.metadata.name)}` };
  }
  return { ok: true, replicaSet: previous.replicaSet };
}

const WORKLOAD_KINDS: readonly string[] = [
  "Deployment",
  "ReplicaSet",
  "PodTemplate",
] satisfies WorkloadKind[];

/**
 * `undo --to-revision=N` (0: the previous revision): a JSON Patch replacing /spec/template with the
 * ReplicaSet's template minus the rollouts-pod-template-hash label; no request when the template
 * already matches (upstream's message then names the revision asked for, 0 included).
 */
export function planUndo(rollout: Rollout, replicaSets: ReplicaSet[], toRevision: number): PlanResult {
  const found = findRevision(rollout, replicaSets, toRevision);
  if (!found.ok) return found;
  const { replicaSet } = found;
  if (templateMatchesIgnoringHash(rollout.spec.template, replicaSet.spec?.template)) {
    return {
      ok: true,
      plan: {
        action: "undo",
        requests: [],
        statusNotFoundFallback: null,
        result: `skipped rollback (current template already matches revision ${toRevision})`,
      },
    };
  }
  const template = withoutPodTemplateHash(replicaSet.spec?.template ?? {}, { dropEmptyLabels: true });
  const body: JsonPatchOperation[] = [{ op: "replace", path: "/spec/template", value: template }];
  const workloadRef = rollout.spec.workloadRef;
  let request: JsonPatchRequest;
  if (!workloadRef) {
    request = { target: "main", patchType: "json", body };
  } else if (workloadRef.kind && WORKLOAD_KINDS.includes(workloadRef.kind)) {
    request = {
      target: "workload",
      workload: {
        apiVersion: workloadRef.apiVersion ?? null,
        kind: workloadRef.kind as WorkloadKind,
        name: workloadRef.name ?? "",
      },
      patchType: "json",
      body,
    };
  } else {
    return { ok: false, error: `workload of type ${workloadRef.kind ?? ""} is not supported` };
  }
  return {
    ok: true,
    plan: {
      action: "undo",
      requests: [request],
      statusNotFoundFallback: null,
      result: `rollout '${rollout.metadata.name}' undo`,
    },
  };
}

/** The plan of any action; only undo can fail. */
export function planAction(request: ActionRequest, { rollout, replicaSets, now }: ActionContext): PlanResult {
  switch (request.action) {
    case "promote":
      return { ok: true, plan: planPromote(rollout) };
    case "promote-full":
      return { ok: true, plan: planPromote(rollout, { full: true }) };
    case "abort":
      return { ok: true, plan: planAbort(rollout) };
    case "retry":
      return { ok: true, plan: planRetry(rollout) };
    case "pause":
      return { ok: true, plan: planPause(rollout) };
    case "resume":
      return { ok: true, plan: planResume(rollout) };
    case "restart":
      return { ok: true, plan: planRestart(rollout, now) };
    case "undo":
      return planUndo(rollout, replicaSets, request.toRevision);
  }
}

// ---- Whether an action does something, and what --------------------------------------------------

export type ActionAvailability = {
  action: RolloutAction;
  /** For undo: the revision asked for. */
  toRevision: number | null;
  available: boolean;
  /** Why not, for a disabled button; null when available. */
  reason: string | null;
  /** What it will do, for the confirmation; null when unavailable. */
  effect: string | null;
  plan: ActionPlan | null;
};

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Go's zero values: unset, null, false, 0, "" and empty lists and maps all read as "unset". */
function isZero(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  return isPlainObject(value) && Object.keys(value).length === 0;
}

function jsonEqual(a: unknown, b: unknown): boolean {
  if (isZero(a) && isZero(b)) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => jsonEqual(a[key], b[key]));
  }
  return a === b;
}

/** Whether applying a JSON merge patch (RFC 7386) to `target` would change what the controller reads. */
export function mergePatchChangesNothing(target: unknown, patch: unknown): boolean {
  if (!isPlainObject(patch)) return jsonEqual(target, patch);
  if (!isPlainObject(target) && !isZero(target)) return false;
  const base = isPlainObject(target) ? target : {};
  return Object.entries(patch).every(([key, value]) =>
    value === null ? isZero(base[key]) : mergePatchChangesNothing(base[key], value),
  );
}

/** Whether a plan would change the rollout at all (undo plans change it whenever they send). */
function planChangesSomething(rollout: Rollout, plan: ActionPlan): boolean {
  return plan.requests.some(
    (request) => request.patchType === "json" || !mergePatchChangesNothing(rollout, request.body),
  );
}

type Situation = {
  name: string;
  rollout: Rollout;
  replicaSets: ReplicaSetView[];
  stable: ReplicaSetView | null;
  /** The ReplicaSet of the desired template (status.currentPodHash). */
  desired: ReplicaSetView | null;
  active: ReplicaSetView | null;
  aborted: boolean;
};

function situation({ rollout, replicaSets, now }: ActionContext): Situation {
  const views = ownedReplicaSets(rollout.metadata.uid, rollout, replicaSets, now);
  const status = rollout.status;
  const byHash = (hash: string | null | undefined) =>
    hash ? (views.find((view) => view.podTemplateHash === hash) ?? null) : null;
  return {
    name: rollout.metadata.name,
    rollout,
    replicaSets: views,
    stable: byHash(status?.stableRS),
    desired: byHash(status?.currentPodHash),
    active: byHash(status?.blueGreen?.activeSelector),
    aborted: Boolean(status?.abort),
  };
}

function revisionName(replicaSet: ReplicaSetView | null, fallback: string): string {
  if (replicaSet?.revision !== null && replicaSet?.revision !== undefined)
    return `revision ${replicaSet.revision}`;
  return replicaSet ? `ReplicaSet ${replicaSet.name}` : fallback;
}

function desiredRevision(s: Situation): string {
  const annotated = s.rollout.metadata.annotations?.[REVISION_ANNOTATION];
  return revisionName(s.desired, annotated ? `revision ${annotated}` : "the new revision");
}

function imageList(images: string[]): string {
  return images.length === 1 ? `image ${images[0]}` : `images ${images.join(", ")}`;
}

function weightChange(from: number, to: number): string {
  return from === to ? `weight stays at ${from}%` : `weight ${from}% → ${to}%`;
}

/** The step the controller will be at once a promote plan lands, and the weights before and after. */
function promoteEffect(s: Situation, plan: ActionPlan): string {
  const { rollout, name } = s;
  const statusBody = plan.requests.find((request) => request.target === "status")?.body as
    { status?: { currentStepIndex?: number; pauseConditions?: null } } | undefined;
  const clearsPauses = statusBody?.status !== undefined && "pauseConditions" in statusBody.status;
  if (isBlueGreen(rollout)) {
    if (
      clearsPauses &&
      rollout.status?.pauseConditions?.some((c) => c.reason === PauseReason.BlueGreenPause)
    ) {
      const from = s.active && s.active !== s.desired ? ` (from ${revisionName(s.active, "")})` : "";
      return `switches the active service of ${name} to ${desiredRevision(s)}${from}`;
    }
    return `resumes ${name}`;
  }
  const steps = canarySteps(rollout);
  const { index, step } = currentCanaryStep(rollout);
  if (index === null) return `resumes ${name}`;
  const count = steps.length;
  let to = statusBody?.status?.currentStepIndex ?? index;
  const atPauseStep = step !== null && canaryStepKind(step) === "pause";
  if (
    to === index &&
    clearsPauses &&
    atPauseStep &&
    rollout.status?.pauseConditions?.some((c) => c.reason === PauseReason.CanaryPauseStep)
  ) {
    to = Math.min(index + 1, count);
  }
  const weightAt = (i: number) => (i >= count ? maxTrafficWeight(rollout) : stepSetWeight(steps, i));
  if (to === index) return `resumes ${name} at step ${index + 1} of ${count} (weight ${weightAt(index)}%)`;
  const skipped =
    step && ["analysis", "experiment"].includes(canaryStepKind(step))
      ? `; the running ${canaryStepKind(step)} is skipped`
      : "";
  if (to >= count) {
    return `moves ${name} past its last step (step ${index + 1} of ${count}): ${weightChange(weightAt(index), weightAt(to))}, and ${desiredRevision(s)} becomes stable${skipped}`;
  }
  return `moves ${name} from step ${index + 1} of ${count} to step ${to + 1}: ${weightChange(weightAt(index), weightAt(to))}${skipped}`;
}

function promoteFullEffect(s: Situation, plan: ActionPlan): string {
  const { rollout, name } = s;
  if (!plan.requests.some((request) => request.target === "status"))
    return `lifts the manual pause of ${name}`;
  if (isBlueGreen(rollout)) {
    const from = s.active && s.active !== s.desired ? ` (from ${revisionName(s.active, "")})` : "";
    return `switches the active service of ${name} to ${desiredRevision(s)} now${from}, skipping any pause and analysis left`;
  }
  const steps = canarySteps(rollout);
  const { index } = currentCanaryStep(rollout);
  if (index === null || index >= steps.length) return `fully promotes ${name} to ${desiredRevision(s)}`;
  const weight = rollout.status?.abort ? 0 : stepSetWeight(steps, index);
  return `fully promotes ${name} to ${desiredRevision(s)}, skipping steps ${index + 1} to ${steps.length} and their analysis: ${weightChange(weight, maxTrafficWeight(rollout))}`;
}

function abortEffect(s: Situation): string {
  const { rollout, name } = s;
  const stable = revisionName(s.stable, "the stable revision");
  const keeps = `the pod template still names ${desiredRevision(s)} until it is retried or undone`;
  if (isBlueGreen(rollout)) {
    const move = s.active && s.active === s.stable ? "stays on" : "returns to";
    return `aborts ${name}: the active service ${move} the stable ${stable} and ${desiredRevision(s)} is scaled down; ${keeps}`;
  }
  const { index, step } = currentCanaryStep(rollout);
  const weight =
    index === null || step === null ? maxTrafficWeight(rollout) : stepSetWeight(canarySteps(rollout), index);
  return `aborts ${name}: traffic returns to the stable ${stable} (${weightChange(weight, 0)}); ${keeps}`;
}

function retryEffect(s: Situation): string {
  const { rollout, name } = s;
  if (isBlueGreen(rollout))
    return `retries ${name}: ${desiredRevision(s)} is brought up as the preview again`;
  const count = canarySteps(rollout).length;
  const from = count > 0 ? ` from step 1 of ${count}` : "";
  return `retries ${name}: the update to ${desiredRevision(s)} starts again${from}`;
}

function pauseEffect(s: Situation): string {
  const { rollout, name } = s;
  const { index, step } = currentCanaryStep(rollout);
  if (index !== null && step !== null && !s.aborted) {
    const count = canarySteps(rollout).length;
    return `pauses ${name} at step ${index + 1} of ${count} (weight ${stepSetWeight(canarySteps(rollout), index)}%) until it is resumed`;
  }
  return `pauses ${name} until it is resumed`;
}

function resumeEffect(s: Situation): string {
  const pauses = s.rollout.status?.pauseConditions ?? [];
  const still =
    pauses.length > 0 ? `; it stays paused by the controller (${pauses[0]!.reason}) until promoted` : "";
  return `lifts the manual pause of ${s.name}${still}`;
}

/** Why an action is refused in this state regardless of its plan (Opsdeck's rules), or null. */
function productRule(request: ActionRequest, s: Situation): string | null {
  const { rollout, name } = s;
  const status = rollout.status;
  switch (request.action) {
    case "promote":
    case "promote-full":
      if (s.aborted) return "Promote does nothing on an aborted rollout: retry it first.";
      if (request.action === "promote" && isUnpausing(rollout)) {
        return `${name} is already being promoted: the controller has not picked that up yet.`;
      }
      return null;
    case "abort":
      if (s.aborted) return `${name} is already aborted.`;
      if (!status?.stableRS) return `Abort does nothing: ${name} has no stable revision to return to yet.`;
      if (isFullyPromoted(rollout)) {
        return `Abort does nothing: no update is in progress (${revisionName(s.stable, "the stable revision")} is stable).`;
      }
      return null;
    case "retry":
      if (s.aborted) return null;
      if ((status?.conditions ?? []).some((c) => c.reason === ConditionReason.RolloutAborted)) {
        return `${name} is already being retried.`;
      }
      return "Retry only applies to an aborted rollout.";
    case "resume":
      if (rollout.spec.paused) return null;
      if ((status?.pauseConditions ?? []).length > 0) {
        return `Resume only lifts a manual pause; ${name} is paused by the controller (${status!.pauseConditions![0]!.reason}): use Promote.`;
      }
      return `${name} is not paused.`;
    case "restart": {
      const requested = rollout.spec.restartAt;
      if (requested && !(status?.restartedAt && Date.parse(status.restartedAt) === Date.parse(requested))) {
        return `A restart of ${name} is already in progress (requested at ${requested}).`;
      }
      return null;
    }
    case "undo": {
      if (request.toRevision > 0 && s.desired?.revision === request.toRevision) {
        return `${name} already runs revision ${request.toRevision}.`;
      }
      return null;
    }
    case "pause":
      return null;
  }
}

/** Why a plan that changes nothing does nothing. */
function noChangeReason(request: ActionRequest, s: Situation): string {
  const { rollout, name } = s;
  switch (request.action) {
    case "promote": {
      if (isBlueGreen(rollout)) return `Promote does nothing: ${name} is not waiting for promotion.`;
      if (canarySteps(rollout).length === 0)
        return `Promote does nothing: ${name} has no steps and is not paused.`;
      return `Promote does nothing: ${name} has completed all its steps.`;
    }
    case "promote-full":
      if (rollout.status?.promoteFull) return `${name} is already being fully promoted.`;
      return `${name} is already fully promoted: ${revisionName(s.stable, "its revision")} is stable.`;
    case "abort":
      return `${name} is already aborted.`;
    case "retry":
      return "Retry only applies to an aborted rollout.";
    case "pause":
      return `${name} is already paused.`;
    case "resume":
      return `${name} is not paused.`;
    case "restart":
      return `Restart does nothing for ${name}.`;
    case "undo":
      return `Undo does nothing: the pod template of ${name} already matches revision ${request.toRevision}.`;
  }
}

function effectOf(request: ActionRequest, s: Situation, plan: ActionPlan, context: ActionContext): string {
  switch (request.action) {
    case "promote":
      return promoteEffect(s, plan);
    case "promote-full":
      return promoteFullEffect(s, plan);
    case "abort":
      return abortEffect(s);
    case "retry":
      return retryEffect(s);
    case "pause":
      return pauseEffect(s);
    case "resume":
      return resumeEffect(s);
    case "restart":
      return `restarts every pod of ${s.name}, a few at a time`;
    case "undo": {
      const found = findRevision(context.rollout, context.replicaSets, request.toRevision);
      const target = found.ok ? found.replicaSet : null;
      const revision = target ? (undoRevision(target) ?? request.toRevision) : request.toRevision;
      const images = imageList((target?.spec?.template?.spec?.containers ?? []).map((c) => c.image ?? ""));
      const workload = plan.requests[0]?.target === "workload" ? plan.requests[0].workload : null;
      const whose = workload ? `${workload.kind} ${workload.name} (the template of ${s.name})` : s.name;
      return `rolls the pod template of ${whose} back to revision ${revision} (${images})`;
    }
  }
}

/** Whether an action does something now, why not, what it will do, and its plan. */
export function actionAvailability(request: ActionRequest, context: ActionContext): ActionAvailability {
  const s = situation(context);
  const toRevision = request.action === "undo" ? request.toRevision : null;
  const unavailable = (reason: string, plan: ActionPlan | null): ActionAvailability => ({
    action: request.action,
    toRevision,
    available: false,
    reason,
    effect: null,
    plan,
  });
  const rule = productRule(request, s);
  const planned = planAction(request, context);
  // Undo's errors keep upstream's words ("unable to find specified revision 7 in history").
  if (!planned.ok) return unavailable(rule ?? planned.error, null);
  const { plan } = planned;
  if (rule) return unavailable(rule, plan);
  if (!planChangesSomething(context.rollout, plan)) return unavailable(noChangeReason(request, s), plan);
  return {
    action: request.action,
    toRevision,
    available: true,
    reason: null,
    effect: effectOf(request, s, plan, context),
    plan,
  };
}

/** Every action but undo, in button order. */
export function rolloutActions(context: ActionContext): ActionAvailability[] {
  return ROLLOUT_ACTIONS.filter((action) => action !== "undo").map((action) =>
    actionAvailability({ action } as ActionRequest, context),
  );
}

export type UndoChoice = {
  revision: number;
  replicaSet: string;
  images: string[];
  availability: ActionAvailability;
};

/** Undo to each revision of the rollout's history, newest first. */
export function undoChoices(context: ActionContext): UndoChoice[] {
  const s = situation(context);
  return s.replicaSets
    .filter((view) => view.revision !== null)
    .map((view) => ({
      revision: view.revision!,
      replicaSet: view.name,
      images: view.images,
      availability: actionAvailability({ action: "undo", toRevision: view.revision! }, context),
    }));
}
