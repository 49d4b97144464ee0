// Rollout actions (promote, promote --full, abort, retry, pause, resume, restart, undo) with the patches
// of `kubectl argo rollouts` v1.9.1 (lib/argo-rollouts/actions.ts), made safe for many people at once:
//   - mutate(): `deployments:act`, and every attempt in the audit log with the rollout it was about;
//   - an idempotency key written in the action's transaction: a retry is answered from the first;
//   - a lock per rollout (PostgreSQL, so across app instances) while one action runs, then a fresh read
//     from the API server, compared with what the person acted on (409 with who did what when);
//   - every patch with a resourceVersion precondition (the fresh read's, then the previous patch's);
//   - a failure after part of an action landed says exactly which part.
// See docs/adr/0014-deployments-live-from-informers.md.
import {
  actionAvailability,
  type ActionPlan,
  type ActionRequest,
  type MergePatchRequest,
  type PatchRequest,
} from "@/lib/argo-rollouts/actions";
import { describeRollout } from "@/lib/argo-rollouts/describe";
import { canarySteps } from "@/lib/argo-rollouts/status";
import type { Tx } from "@/lib/db/client";
import {
  AppError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UpstreamError,
  ValidationError,
} from "@/lib/errors";
import type { Impersonation } from "@/lib/kubernetes/client";
import type { Cluster } from "@/lib/kubernetes/cluster";
import { KubernetesForbiddenError } from "@/lib/kubernetes/errors";
import {
  ANALYSIS_RUNS,
  parseGenericObject,
  type KindDescriptor,
  type GenericObject,
} from "@/lib/kubernetes/kinds";
import { mutate, parseInput, type ServiceContext } from "@/lib/services/context";
import { recordDeploymentAction } from "@/lib/services/incidents/related";
import { ARGO_REPLICA_SET, ARGO_ROLLOUT, type ParsedRollout } from "./argo-objects";
import { AUDIT_TARGET_TYPE, auditActionName, lastActionOn } from "./history";
import { claimIdempotencyKey, rememberOutcome } from "./idempotency";
import type { ActionOutcome, DeliveryAction, DeliveryRef, PatchTarget, RolloutPosition } from "./model";
import { ACTION_PAST, compareExpected, unavailableSentence, type LastAction } from "./races";
import { isProduction, requireDeliveries, type RolloutRef } from "./reads";
import { actionInput, CONFIRM_NAME_ACTIONS, DEPLOYMENT_ACTIONS, deliveryKey, rolloutRef } from "./schemas";
import { positionOf, serviceOf } from "./summary";
import { env } from "@/lib/config/env";
import { analysisRunSchema, type AnalysisRun } from "@/lib/argo-rollouts/schemas";
import { logger } from "@/lib/observability/logger";

/** Lock space of the per-rollout lock (pg_advisory_xact_lock(space, hashtext(key))); the audit chain's is another. */
const ROLLOUT_LOCK_SPACE = 0x0d3b10;

/** A conflict with the controller's own writes between our read and our patch is retried this often. */
const ATTEMPTS = 5;
const RETRY_DELAY_MS = 150;

/** What a denied or invalid attempt records: the raw input's fields, read leniently and kept short. */
function attemptedParams(raw: unknown): Record<string, unknown> {
  const input = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  const text = (value: unknown, max: number) => (typeof value === "string" ? value.slice(0, max) : undefined);
  return {
    action: text(input.action, 40),
    toRevision: typeof input.toRevision === "number" ? input.toRevision : undefined,
    reason: text(input.reason, 500),
    idempotencyKey: text(input.idempotencyKey, 64),
  };
}

function knownAction(raw: unknown): DeliveryAction | null {
  const action = (raw as { action?: unknown } | null)?.action;
  return (DEPLOYMENT_ACTIONS as readonly unknown[]).includes(action) ? (action as DeliveryAction) : null;
}

/** The same error with a message that says what landed (its class, and so its HTTP status, kept). */
function withMessage(error: unknown, message: string): unknown {
  if (error instanceof KubernetesForbiddenError)
    return new KubernetesForbiddenError(error.cluster, error.request, message);
  if (error instanceof ForbiddenError) return new ForbiddenError(error.permission, message);
  if (error instanceof UpstreamError)
    return new UpstreamError(error.upstream, error.kind, message, { cause: error });
  if (error instanceof ConflictError) return new ConflictError(message);
  if (error instanceof ValidationError) return new ValidationError(error.fields, message);
  if (error instanceof NotFoundError) return new NotFoundError(message);
  return error;
}

/** "the status patch {"status":{"pauseConditions":null}}": exactly what one request sends. */
export function describeRequest(request: Pick<PatchRequest, "target" | "body">): string {
  const where = request.target === "status" ? "status" : request.target === "main" ? "spec" : "workload";
  return `the ${where} patch ${JSON.stringify(request.body)}`;
}

/**
 * The message of an action that failed at request `failed` of the plan, after `landed` went through:
 * nothing changed, or exactly which part landed and which did not.
 */
export function failureMessage(
  error: AppError,
  action: DeliveryAction,
  name: string,
  sent: PatchRequest[],
  failed: Pick<PatchRequest, "target" | "body"> | null,
): string {
  const unsure = error instanceof UpstreamError && error.kind === "timeout";
  const base = error.message.replace(/\.?$/, ".");
  if (!failed) return `${base} Nothing was changed.`;
  if (!sent.length) {
    return unsure
      ? `${base} Whether ${describeRequest(failed)} reached ${name} is not known: look at the rollout before acting again.`
      : `${base} Nothing was changed.`;
  }
  const landed = sent.map(describeRequest).join(" and ");
  const pending = `${describeRequest(failed)} ${unsure ? "may not have been" : "was not"}`;
  return `${base} Part of the ${action} of ${name} landed: ${landed} was applied; ${pending}. Look at the rollout, then ${action === "promote" || action === "promote-full" ? "promote again to finish it" : "act again if needed"}.`;
}

type Sender = {
  cluster: Cluster;
  ref: RolloutRef;
  impersonate: Impersonation | undefined;
};

const WORKLOADS: Record<string, KindDescriptor<GenericObject>> = {
  Deployment: {
    kind: "Deployment",
    group: "apps",
    version: "v1",
    plural: "deployments",
    namespaced: true,
    custom: false,
    parse: parseGenericObject,
  },
  ReplicaSet: {
    kind: "ReplicaSet",
    group: "apps",
    version: "v1",
    plural: "replicasets",
    namespaced: true,
    custom: false,
    parse: parseGenericObject,
  },
  PodTemplate: {
    kind: "PodTemplate",
    group: "",
    version: "v1",
    plural: "podtemplates",
    namespaced: true,
    custom: false,
    parse: parseGenericObject,
  },
};

/** One request of a plan, with the precondition; returns the rollout's new resourceVersion when it patched the rollout. */
async function send(
  { cluster, ref, impersonate }: Sender,
  request: PatchRequest,
  resourceVersion: string,
): Promise<ParsedRollout | null> {
  if (request.target === "workload") {
    const kind = WORKLOADS[request.workload.kind]!;
    const workload = await cluster.client.get(kind, ref.namespace, request.workload.name);
    await cluster.client.patch(
      kind,
      ref.namespace,
      request.workload.name,
      { type: "json", body: request.body, resourceVersion: workload.metadata.resourceVersion },
      { impersonate },
    );
    return null;
  }
  return cluster.client.patch(
    ARGO_ROLLOUT,
    ref.namespace,
    ref.name,
    {
      subresource: request.target === "status" ? "status" : undefined,
      type: request.patchType,
      body: request.body,
      resourceVersion,
    },
    { impersonate },
  );
}

type ActionInputs = {
  action: DeliveryAction;
  toRevision?: number;
  expected: { resourceVersion: string; step?: number | null; revision?: number | null };
};

type Planned = {
  rollout: ParsedRollout;
  before: RolloutPosition;
  plan: ActionPlan;
  effect: string;
};

/** Reads the rollout fresh, checks it is where the person saw it and that the action does something, and plans. */
async function readAndPlan(
  tx: Tx,
  sender: Sender,
  input: ActionInputs,
  key: string,
  now: Date,
): Promise<Planned> {
  const { cluster, ref } = sender;
  const rollout = await cluster.client.get(ARGO_ROLLOUT, ref.namespace, ref.name);
  const replicaSets = await cluster.client.listOwned(ARGO_REPLICA_SET, ref.namespace, rollout.metadata.uid);
  const analysisRuns = cluster
    .list(ANALYSIS_RUNS, { namespace: ref.namespace, ownerUid: rollout.metadata.uid })
    .flatMap((run): AnalysisRun[] => {
      const parsed = analysisRunSchema.safeParse(run);
      return parsed.success ? [parsed.data] : [];
    });
  const view = describeRollout(rollout, { replicaSets, analysisRuns }, now);
  const before = positionOf(view);
  let last: LastAction | null | undefined;
  const lastAction = async () => (last === undefined ? (last = await lastActionOn(tx, key, now)) : last);
  const moved = compareExpected(
    ref.name,
    input.expected,
    { ...before, resourceVersion: rollout.metadata.resourceVersion, stepCount: canarySteps(rollout).length },
    await lastAction(),
    now,
  );
  if (moved.moved) throw new ConflictError(moved.sentence);
  const request: ActionRequest =
    input.action === "undo"
      ? { action: "undo", toRevision: input.toRevision ?? 0 }
      : { action: input.action };
  const availability = actionAvailability(request, { rollout, replicaSets, now });
  if (!availability.available || !availability.plan) {
    if (input.action === "undo" && !availability.plan) {
      throw new ValidationError(
        { toRevision: [availability.reason ?? "unknown revision"] },
        availability.reason ?? undefined,
      );
    }
    throw new ConflictError(
      unavailableSentence(
        availability.reason ?? `${input.action} does nothing now.`,
        await lastAction(),
        now,
      ),
    );
  }
  return { rollout, before, plan: availability.plan, effect: availability.effect ?? "" };
}

/** The first request's precondition failed: the rollout changed after our read, and nothing was sent. */
class ChangedAfterRead extends Error {
  constructor(readonly conflict: ConflictError) {
    super(conflict.message);
  }
}

/** Sends the plan's requests in order, each with its precondition; returns what landed and the rollout after. */
async function sendPlan(
  sender: Sender,
  planned: Planned,
  action: DeliveryAction,
): Promise<{ landed: PatchTarget[]; after: ParsedRollout }> {
  const { plan } = planned;
  const sent: PatchRequest[] = [];
  let after = planned.rollout;
  let resourceVersion = after.metadata.resourceVersion;
  for (let i = 0; i < plan.requests.length; i++) {
    const request = plan.requests[i]!;
    try {
      after = (await sendRetryingControllerWrites(sender, request, resourceVersion, i > 0, after)) ?? after;
    } catch (error) {
      const fallback: MergePatchRequest | null = plan.statusNotFoundFallback;
      if (i === 0 && request.target === "status" && fallback && error instanceof NotFoundError) {
        // A controller without the status subresource: the whole change goes to the rollout instead.
        try {
          after = (await send(sender, fallback, resourceVersion)) ?? after;
        } catch (fallbackError) {
          if (fallbackError instanceof ConflictError) throw new ChangedAfterRead(fallbackError);
          throw fail(fallbackError, action, sender.ref.name, [], fallback);
        }
        return { landed: ["main"], after };
      }
      if (i === 0 && error instanceof ConflictError) throw new ChangedAfterRead(error);
      throw fail(error, action, sender.ref.name, sent, request);
    }
    sent.push(request);
    resourceVersion = after.metadata.resourceVersion;
  }
  return { landed: sent.map((request) => request.target), after };
}

/**
 * Reads, checks, plans and sends. When the controller (or someone with kubectl) wrote between our read
 * and our first patch, nothing landed: read again, and go on only if the rollout is still where the
 * person saw it (a few times; then the conflict is the answer).
 */
async function readPlanAndSend(
  tx: Tx,
  sender: Sender,
  input: ActionInputs,
  key: string,
  now: Date,
  record: (extra: Record<string, unknown>) => void,
): Promise<{ planned: Planned; landed: PatchTarget[]; after: ParsedRollout }> {
  for (let attempt = 1; ; attempt++) {
    let planned: Planned;
    try {
      planned = await readAndPlan(tx, sender, input, key, now);
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      throw withMessage(error, failureMessage(error, input.action, sender.ref.name, [], null));
    }
    record({ before: planned.before, service: serviceOf(planned.rollout, env().DEPLOYMENTS_SERVICE_LABEL) });
    try {
      return { planned, ...(await sendPlan(sender, planned, input.action)) };
    } catch (error) {
      if (!(error instanceof ChangedAfterRead)) throw error;
      if (attempt >= ATTEMPTS) {
        throw new ConflictError(
          `${sender.ref.name} kept changing while Opsdeck tried to ${input.action} it (${error.conflict.message}). Nothing was changed; look at it and try again.`,
        );
      }
      // Right after an abort or a new revision the controller writes the status several times in a row;
      // reading again at once meets the next of those writes. Wait a little longer each time.
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS * attempt));
    }
  }
}

function fail(
  error: unknown,
  action: DeliveryAction,
  name: string,
  sent: PatchRequest[],
  failed: Pick<PatchRequest, "target" | "body">,
): unknown {
  if (!(error instanceof AppError)) return error;
  return withMessage(error, failureMessage(error, action, name, sent, failed));
}

/**
 * A later request of a plan (the spec half of a promote) whose precondition fails because the controller
 * rewrote the status after our first patch: the spec did not change (same generation), so nobody's change
 * is overwritten by sending it again on the fresh version.
 */
async function sendRetryingControllerWrites(
  sender: Sender,
  request: PatchRequest,
  resourceVersion: string,
  later: boolean,
  previous: ParsedRollout,
): Promise<ParsedRollout | null> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send(sender, request, resourceVersion);
    } catch (error) {
      if (!later || !(error instanceof ConflictError) || request.target !== "main" || attempt >= ATTEMPTS)
        throw error;
      const fresh = await sender.cluster.client.get(ARGO_ROLLOUT, sender.ref.namespace, sender.ref.name);
      if (fresh.metadata.generation !== previous.metadata.generation) throw error;
      resourceVersion = fresh.metadata.resourceVersion;
    }
  }
}

/** How long the controller gets to react to an action before the rollout is touched so it looks again. */
export const REACTION_MS = 3_000;
export const RECONCILE_ANNOTATION = "opsdeck.io/reconcile-requested-at";

/**
 * Argo Rollouts 1.9.1 can miss a change made right after one of its own writes: it writes the object its
 * patch returned back into its informer cache, and when that answer is older than an event it has just
 * received, it reconciles the older object, finds nothing to do, and waits for the next change (up to its
 * 15-minute resync). Promotes sent within ~30 ms of the controller pausing stayed unpicked 7 times in 24
 * here. So: when nothing at all has changed the rollout `REACTION_MS` after our last patch, touch an
 * annotation once (a metadata change: no new generation, nothing for the controller to do but look), with
 * a precondition on that version so nothing newer is touched.
 */
function expectReaction(cluster: Cluster, ref: RolloutRef, resourceVersion: string) {
  const timer = setTimeout(() => {
    const cached = cluster.get(ARGO_ROLLOUT, ref.namespace, ref.name);
    if (cached?.metadata.resourceVersion !== resourceVersion) return;
    logger.info(
      { cluster: ref.cluster, namespace: ref.namespace, rollout: ref.name, resourceVersion },
      `deployments: the controller had not reacted ${REACTION_MS / 1000} s after an action; asking it to look again`,
    );
    cluster.client
      .patch(ARGO_ROLLOUT, ref.namespace, ref.name, {
        type: "merge",
        body: { metadata: { annotations: { [RECONCILE_ANNOTATION]: new Date().toISOString() } } },
        resourceVersion,
      })
      .catch((error: unknown) => {
        // Moved on in the meantime (a conflict), or unreachable: nothing more to do.
        if (!(error instanceof ConflictError))
          logger.warn({ err: error, ...ref }, "deployments: could not ask the controller to look again");
      });
  }, REACTION_MS);
  timer.unref();
}

/**
 * `POST /api/deployments/argo-rollouts/:cluster/:namespace/:name/actions`: runs one action on a rollout.
 * 403 for roles without deployments:act, 422 for bad input (a reason is required; abort and undo in a
 * production namespace need the rollout's name), 409 when the rollout moved on or the action does nothing
 * now, 403/503 naming the cluster when Kubernetes refuses or cannot be reached.
 */
export async function runRolloutAction(
  ctx: ServiceContext,
  ref: RolloutRef,
  raw: unknown,
): Promise<ActionOutcome> {
  const fullRef: DeliveryRef = { source: "argo-rollouts", ...ref };
  const key = deliveryKey(fullRef);
  const scope = auditActionName(knownAction(raw));
  const { outcome, awaitReaction } = await mutate(
    ctx,
    {
      action: scope,
      permission: "deployments:act",
      input: actionInput,
      targetType: AUDIT_TARGET_TYPE,
      target: { targetId: key, params: { ...ref, ...attemptedParams(raw) } },
    },
    raw,
    async (tx, input, actor, audit) => {
      parseInput(rolloutRef, ref);
      const record = (extra: Record<string, unknown>) => {
        audit.params = { ...(audit.params as object), ...extra };
      };
      // A retry of a request that went through: its answer, and nothing sent to Kubernetes.
      const stored = await claimIdempotencyKey<ActionOutcome & { service: string }>(tx, {
        key: input.idempotencyKey,
        scope,
        target: key,
        actorEmail: actor.email,
      });
      if (stored) {
        const { service, ...outcome } = stored;
        record({ replayed: true, service });
        return { outcome: { ...outcome, replayed: true }, awaitReaction: null };
      }

      const index = requireDeliveries();
      const cluster = index.kube.cluster(ref.cluster);
      const production = isProduction(ref.namespace);
      record({ production });
      if (
        production &&
        (CONFIRM_NAME_ACTIONS as readonly string[]).includes(input.action) &&
        input.confirmName !== ref.name
      ) {
        throw new ValidationError(
          { confirmName: [`Type the rollout's name, ${ref.name}, to confirm.`] },
          `${ref.name} is in a production namespace: type its name to ${input.action === "undo" ? "roll it back" : input.action} it.`,
        );
      }

      // One action per rollout at a time, across instances: a second waits here, then sees the first's result.
      await tx.$executeRaw`select pg_advisory_xact_lock(${ROLLOUT_LOCK_SPACE}::int, hashtext(${key}))`;
      const sender: Sender = { cluster, ref, impersonate: index.kube.impersonationFor(actor) };
      const now = new Date();
      const { planned, ...result } = await readPlanAndSend(tx, sender, input, key, now, record);
      const service = serviceOf(planned.rollout, env().DEPLOYMENTS_SERVICE_LABEL);
      const after = positionOf(describeRollout(result.after, { replicaSets: [], analysisRuns: [] }, now));
      const outcome: ActionOutcome = {
        action: input.action,
        ref: fullRef,
        toRevision: input.action === "undo" ? (input.toRevision ?? 0) : null,
        before: planned.before,
        after,
        landed: result.landed,
        replayed: false,
        message: planned.plan.result,
        at: now.toISOString(),
        by: actor.email,
      };
      const incidents = await recordDeploymentAction(tx, actor, {
        body: `${ACTION_PAST[input.action]} ${ref.name} (cluster ${ref.cluster}, namespace ${ref.namespace}): ${planned.effect}. Reason: ${input.reason}`,
        data: {
          ref: fullRef,
          service,
          action: input.action,
          toRevision: outcome.toRevision,
          reason: input.reason,
          before: outcome.before,
          after,
          landed: result.landed,
        },
        dedupeKey: `deployment:${input.idempotencyKey}`,
      });
      record({ service, after, landed: result.landed, effect: planned.effect, incidents });
      await rememberOutcome(tx, input.idempotencyKey, { ...outcome, service });
      const landedVersion = result.after.metadata.resourceVersion;
      return {
        outcome,
        awaitReaction: result.landed.length ? () => expectReaction(cluster, ref, landedVersion) : null,
      };
    },
  );
  awaitReaction?.(); // after the commit, once
  return outcome;
}
