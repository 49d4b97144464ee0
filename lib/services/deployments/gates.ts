// Flagger's manual gates, served by Opsdeck (issue 12, docs/adr/0015-flagger-gates-in-postgresql.md):
//   - operators open or close a canary's confirm-rollout / confirm-promotion gate, or ask for a rollback
//     (the rollback gate), with a reason, through mutate(): `deployments:act`, every attempt audited, an
//     idempotency key, and an entry on the open incidents of the canary's service;
//   - Flagger's webhooks (`POST /api/webhooks/flagger/<token>/<gate>`) are answered from PostgreSQL only,
//     so any instance answers the same: 200 opens, 403 keeps closed; an unknown canary is closed.
// A one-shot opening ("revision") is bound to the checksum of the first call Flagger passes it with, and a
// call about another checksum (a new revision) closes it again. Kubernetes is never written to.
import { timingSafeEqual } from "node:crypto";
import { env } from "@/lib/config/env";
import type { Tx } from "@/lib/db/client";
import { db } from "@/lib/db/client";
import type { FlaggerGate } from "@/lib/db/generated/client";
import type { CanaryView } from "@/lib/flagger/describe";
import { GATE_TYPES, type GateType } from "@/lib/flagger/schemas";
import { ConflictError, NotFoundError, UnauthenticatedError, ValidationError } from "@/lib/errors";
import { mutate, parseInput, recordEvent, type ServiceContext } from "@/lib/services/context";
import { recordDeploymentAction } from "@/lib/services/incidents/related";
import { deliveries } from "./deliveries";
import { claimIdempotencyKey, rememberOutcome } from "./idempotency";
import { cachedCanary, canaryService, describeCachedCanary } from "./flagger-objects";
import type { DeliveryRef, GateAction, GateAnswer, GateHistoryEntry, GateOutcome, GateState } from "./model";
import { isProduction, requireDeliveries, type RolloutRef } from "./reads";
import { deliveryKey, GATE_ACTIONS, gateInput, gateWebhookBody } from "./schemas";

/** Audit entries of gate changes: target type `canary`, id the canary's delivery key. */
export const GATE_AUDIT_TARGET = "canary";
export const gateAuditAction = (action: GateAction | "passed" | "closed-by-new-revision" | null) =>
  `deployment.gate-${action ?? "action"}`;

/** Lock space of the per-canary lock; the rollouts' is 0x0d3b10. */
const GATE_LOCK_SPACE = 0x0d3b11;

const GATE_PAST: Record<GateAction, string> = {
  open: "opened",
  close: "closed",
  rollback: "asked for a rollback of",
};

export type CanaryRef = RolloutRef;

const canaryKey = (ref: CanaryRef) => deliveryKey({ source: "flagger", ...ref });

/** Flagger rolls back only during an analysis; what to do instead once it is over. */
export function rollbackUnavailable(ref: CanaryRef, view: CanaryView, target: string): string | null {
  if (view.analysing) return null;
  return (
    `Flagger rolls back only during an analysis (Progressing, Waiting or WaitingPromotion); ${ref.name} is ${view.phase}. ` +
    `To revert it, roll its Deployment back to the previous revision (kubectl -n ${ref.namespace} rollout undo deployment/${target}, ` +
    `or revert the change in Git): Flagger sees a new revision and runs the analysis for it, gates included.`
  );
}

function stateOf(gate: GateType, row: FlaggerGate | undefined, view: CanaryView): GateState {
  const hook = view.gates.find((g) => g.type === gate);
  return {
    gate,
    configured: Boolean(hook),
    opsdeck: hook?.opsdeck ?? false,
    open: row?.open ?? false,
    scope: row?.scope === "always" ? "always" : "revision",
    revision: row?.revision ?? null,
    changedBy: row?.changedBy ?? null,
    reason: row?.reason ?? null,
    changedAt: row?.changedBy ? row.changedAt.toISOString() : null,
    lastCall: row?.askedAt
      ? {
          at: row.askedAt.toISOString(),
          phase: row.askedPhase,
          checksum: row.askedChecksum,
          answeredOpen: row.answeredOpen ?? false,
        }
      : null,
  };
}

/** Every gate of a canary (a gate never touched is closed). */
export async function gateStates(ref: CanaryRef, view: CanaryView, tx?: Tx): Promise<GateState[]> {
  const rows = await (tx ?? db()).flaggerGate.findMany({
    where: { cluster: ref.cluster, namespace: ref.namespace, canary: ref.name },
  });
  return GATE_TYPES.map((gate) =>
    stateOf(
      gate,
      rows.find((r) => r.gate === gate),
      view,
    ),
  );
}

const historyParams = (raw: unknown) => {
  const p = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  const gate = GATE_TYPES.find((g) => g === p.gate) ?? null;
  return {
    gate,
    scope: p.scope === "always" ? ("always" as const) : p.scope === "revision" ? ("revision" as const) : null,
    reason: typeof p.reason === "string" ? p.reason : null,
    changed: typeof p.changed === "boolean" ? p.changed : null,
    replayed: p.replayed === true,
  };
};

const HISTORY_ACTIONS = [...GATE_ACTIONS, "passed", "closed-by-new-revision"] as const;

/** Who changed the canary's gates, and when Flagger passed or a new revision closed them, newest first. */
export async function gateHistory(ref: CanaryRef, limit = 100): Promise<GateHistoryEntry[]> {
  const rows = await db().auditEntry.findMany({
    where: { targetType: GATE_AUDIT_TARGET, targetId: canaryKey(ref) },
    orderBy: { seq: "desc" },
    take: limit,
    select: { seq: true, at: true, action: true, actorEmail: true, result: true, reason: true, params: true },
  });
  return rows.flatMap((row): GateHistoryEntry[] => {
    const params = historyParams(row.params);
    const action = HISTORY_ACTIONS.find((a) => gateAuditAction(a) === row.action);
    if (!action || params.replayed) return [];
    return [
      {
        id: `audit:${row.seq}`,
        at: row.at.toISOString(),
        action,
        gate: action === "rollback" ? "rollback" : params.gate,
        scope: params.scope,
        actor: row.actorEmail,
        reason: params.reason,
        result: row.result,
        failure: row.result === "success" ? null : row.reason,
        changed: params.changed,
      },
    ];
  });
}

function attemptedParams(raw: unknown): Record<string, unknown> {
  const input = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  const text = (value: unknown, max: number) => (typeof value === "string" ? value.slice(0, max) : undefined);
  return {
    action: text(input.action, 20),
    gate: text(input.gate, 40),
    scope: text(input.scope, 20),
    reason: text(input.reason, 500),
    idempotencyKey: text(input.idempotencyKey, 64),
  };
}

const knownAction = (raw: unknown): GateAction | null => {
  const action = (raw as { action?: unknown } | null)?.action;
  return GATE_ACTIONS.find((a) => a === action) ?? null;
};

/**
 * `POST /api/deployments/flagger/:cluster/:namespace/:name/gates`: opens or closes a gate, or asks for a
 * rollback. 403 without deployments:act, 422 for bad input (a reason; a rollback in a production namespace
 * needs the canary's name), 404 for an unknown canary, 409 when the canary has no such webhook or (rollback)
 * its analysis is over, with the route to revert it. The same request again changes nothing (`changed`
 * false); a retried request with the same idempotency key is answered from the first.
 */
export async function runGateAction(ctx: ServiceContext, ref: CanaryRef, raw: unknown): Promise<GateOutcome> {
  const fullRef: DeliveryRef = { source: "flagger", ...ref };
  const key = canaryKey(ref);
  const scopeName = gateAuditAction(knownAction(raw));
  const outcome = await mutate(
    ctx,
    {
      action: scopeName,
      permission: "deployments:act",
      input: gateInput,
      targetType: GATE_AUDIT_TARGET,
      target: { targetId: key, params: { ...ref, ...attemptedParams(raw) } },
    },
    raw,
    async (tx, input, actor, audit) => {
      const record = (extra: Record<string, unknown>) => {
        audit.params = { ...(audit.params as object), ...extra };
      };
      const stored = await claimIdempotencyKey<GateOutcome & { service: string }>(tx, {
        key: input.idempotencyKey,
        scope: scopeName,
        target: key,
        actorEmail: actor.email,
      });
      if (stored) {
        const { service, ...outcome } = stored;
        record({ replayed: true, service });
        return { ...outcome, replayed: true };
      }

      const index = requireDeliveries();
      const cluster = index.kube.cluster(ref.cluster);
      const canary = cachedCanary(cluster, ref.namespace, ref.name);
      if (!canary) {
        throw new NotFoundError(
          `No Flagger canary "${ref.name}" in namespace "${ref.namespace}" of Kubernetes cluster "${ref.cluster}".`,
        );
      }
      const { view } = describeCachedCanary(cluster, canary);
      const service = canaryService(canary, env().DEPLOYMENTS_SERVICE_LABEL);
      const gate: GateType = input.action === "rollback" ? "rollback" : input.gate!;
      const production = isProduction(ref.namespace);
      record({ gate, service, production, phase: view.phase });
      const hook = view.gates.find((g) => g.type === gate);
      const opening = input.action !== "close";
      if (opening && !hook) {
        throw new ConflictError(
          `${ref.name} has no ${gate} webhook, so Flagger never asks this gate: add one of type ${gate} whose url is Opsdeck's /api/webhooks/flagger/<token>/${gate}.`,
        );
      }
      if (input.action === "rollback") {
        if (production && input.confirmName !== ref.name) {
          throw new ValidationError(
            { confirmName: [`Type the canary's name, ${ref.name}, to confirm.`] },
            `${ref.name} is in a production namespace: type its name to roll it back.`,
          );
        }
        const unavailable = rollbackUnavailable(ref, view, canary.spec.targetRef.name);
        if (unavailable) throw new ConflictError(unavailable);
      }

      // One change per canary at a time, across instances; the webhook takes the same row lock.
      await tx.$executeRaw`select pg_advisory_xact_lock(${GATE_LOCK_SPACE}::int, hashtext(${key}))`;
      const where = { cluster: ref.cluster, namespace: ref.namespace, canary: ref.name, gate };
      const row = await tx.flaggerGate.findUnique({
        where: { cluster_namespace_canary_gate: where },
      });
      const scope = input.action === "rollback" ? "revision" : input.scope;
      const changed = opening ? !row?.open || row.scope !== scope : Boolean(row?.open);
      const now = new Date();
      let saved = row ?? undefined;
      if (changed) {
        const values = {
          open: opening,
          scope: opening ? scope : (row?.scope ?? "revision"),
          revision: null,
          changedBy: actor.email,
          reason: input.reason,
          changedAt: now,
        };
        saved = await tx.flaggerGate.upsert({
          where: { cluster_namespace_canary_gate: where },
          create: { ...where, ...values },
          update: { ...values, version: { increment: 1 } },
        });
      }
      const state = stateOf(gate, saved, view);
      const what = input.action === "rollback" ? "the rollback gate" : `the ${gate} gate`;
      const message = changed
        ? `${GATE_PAST[input.action]} ${what} of ${ref.name}${opening ? (scope === "always" ? " until it is closed" : " for this revision") : ""}.`
        : `${what[0]!.toUpperCase()}${what.slice(1)} of ${ref.name} already was ${opening ? "open" : "closed"}; nothing changed.`;
      const outcome: GateOutcome = {
        action: input.action,
        ref: fullRef,
        gate: state,
        changed,
        replayed: false,
        message: message[0]!.toUpperCase() + message.slice(1),
        at: now.toISOString(),
        by: actor.email,
      };
      let incidents: number[] = [];
      if (changed) {
        const position = { step: view.iterations?.current ?? null, revision: null, phase: view.phase };
        incidents = await recordDeploymentAction(tx, actor, {
          body: `${GATE_PAST[input.action]} ${what} of Flagger canary ${ref.name} (cluster ${ref.cluster}, namespace ${ref.namespace}). Reason: ${input.reason}`,
          data: {
            ref: fullRef,
            service,
            action: input.action,
            gate,
            toRevision: null,
            reason: input.reason,
            before: position,
            after: position,
            landed: [],
          },
          dedupeKey: `deployment:${input.idempotencyKey}`,
        });
      }
      record({ scope, changed, incidents });
      await rememberOutcome(tx, input.idempotencyKey, { ...outcome, service });
      return outcome;
    },
  );
  // After the commit: this instance's viewers of the canary refetch (others at its next change).
  if (outcome.changed && !outcome.replayed) deliveries()?.touch(key);
  return outcome;
}

/** Flagger, as the audit log names it when its call changed a gate (a new revision closed it) or passed it. */
function flaggerContext(meta: Omit<ServiceContext, "actor">): ServiceContext {
  return {
    ...meta,
    actor: {
      userId: null,
      email: "flagger",
      name: "Flagger",
      role: "viewer",
      authMethod: "webhook",
      sessionId: null,
    },
  };
}

/** The token in the webhook's path, compared in constant time; 401 when wrong, 503-like message when off. */
export function checkGateToken(given: string) {
  const expected = env().FLAGGER_WEBHOOK_TOKEN;
  const ok =
    !!expected &&
    given.length === expected.length &&
    timingSafeEqual(Buffer.from(given), Buffer.from(expected));
  if (!ok) {
    throw new UnauthenticatedError(
      expected
        ? "Wrong Flagger webhook token: the hook's url must be <opsdeck>/api/webhooks/flagger/<FLAGGER_WEBHOOK_TOKEN>/<gate>."
        : "Flagger's gate webhooks are off: set FLAGGER_WEBHOOK_TOKEN.",
    );
  }
}

/** Which configured cluster a call is about: the hook's `metadata.cluster`, or the only cluster. */
function clusterOf(metadata: Record<string, string> | null | undefined): string | null {
  const names = deliveries()?.kube.names() ?? [];
  if (metadata?.cluster) return names.includes(metadata.cluster) ? metadata.cluster : null;
  return names.length === 1 ? names[0]! : null;
}

/**
 * `POST /api/webhooks/flagger/:token/:gate`: Flagger asks whether a gate is open. Answered from PostgreSQL
 * (any instance answers the same); the canary must be one this instance's informers know, else closed.
 */
export async function answerGateWebhook(
  meta: Omit<ServiceContext, "actor">,
  token: string,
  gateName: string,
  raw: unknown,
): Promise<GateAnswer> {
  checkGateToken(token);
  const gate = GATE_TYPES.find((g) => g === gateName);
  if (!gate) throw new NotFoundError(`No Flagger gate "${gateName}": use one of ${GATE_TYPES.join(", ")}.`);
  const body = parseInput(gateWebhookBody, raw);
  const cluster = clusterOf(body.metadata);
  if (!cluster) {
    return {
      open: false,
      reason: body.metadata?.cluster
        ? `No Kubernetes cluster named "${body.metadata.cluster}" is configured.`
        : "Opsdeck cannot tell which cluster this canary is in: set metadata.cluster on the webhook.",
    };
  }
  const ref: CanaryRef = { cluster, namespace: body.namespace, name: body.name };
  if (!cachedCanary(deliveries()!.kube.cluster(cluster), body.namespace, body.name)) {
    return { open: false, reason: `Unknown canary ${body.namespace}/${body.name} in cluster ${cluster}.` };
  }
  const checksum = body.checksum ?? null;
  const ctx = flaggerContext(meta);
  let changed = false;
  const answered = await db().$transaction(async (tx) => {
    const key = canaryKey(ref);
    await tx.$executeRaw`select pg_advisory_xact_lock(${GATE_LOCK_SPACE}::int, hashtext(${key}))`;
    const where = { cluster, namespace: body.namespace, canary: body.name, gate };
    const row = await tx.flaggerGate.findUnique({ where: { cluster_namespace_canary_gate: where } });
    const asked = { askedAt: new Date(), askedPhase: body.phase ?? null, askedChecksum: checksum };
    let answer: GateAnswer;
    const update: Partial<FlaggerGate> = {};
    if (!row?.open) {
      answer = {
        open: false,
        reason: `The ${gate} gate of ${body.name} is closed: an operator opens it in Opsdeck.`,
      };
    } else if (row.scope === "always") {
      answer = { open: true, reason: `The ${gate} gate of ${body.name} is open until it is closed.` };
    } else if (row.revision === null || row.revision === checksum) {
      answer = { open: true, reason: `The ${gate} gate of ${body.name} is open for this revision.` };
      if (row.revision === null) {
        update.revision = checksum;
        await recordEvent(
          ctx,
          {
            action: gateAuditAction("passed"),
            result: "success",
            targetType: GATE_AUDIT_TARGET,
            targetId: key,
            params: { ...ref, gate, phase: body.phase ?? null, checksum, openedBy: row.changedBy },
          },
          tx,
        );
      }
    } else {
      // A one-shot opening was used for another revision: this one starts closed again.
      answer = {
        open: false,
        reason: `The ${gate} gate of ${body.name} was opened for another revision; a new revision closes it again.`,
      };
      Object.assign(update, {
        open: false,
        changedBy: "flagger",
        reason: `a new revision (${checksum ?? "no checksum"}) closed the gate opened for ${row.revision}`,
        changedAt: new Date(),
        version: row.version + 1,
      });
      await recordEvent(
        ctx,
        {
          action: gateAuditAction("closed-by-new-revision"),
          result: "success",
          targetType: GATE_AUDIT_TARGET,
          targetId: key,
          params: { ...ref, gate, phase: body.phase ?? null, checksum, previous: row.revision },
        },
        tx,
      );
    }
    await tx.flaggerGate.upsert({
      where: { cluster_namespace_canary_gate: where },
      create: { ...where, ...asked, answeredOpen: answer.open },
      update: { ...update, ...asked, answeredOpen: answer.open },
    });
    changed = Object.keys(update).length > 0 || row?.answeredOpen !== answer.open;
    return answer;
  });
  // Passed, closed by a new revision, or answered otherwise than last time: this instance's viewers refetch.
  if (changed) deliveries()?.touch(canaryKey(ref));
  return answered;
}
