// Deployments on a real PostgreSQL without Kubernetes: every attempt audited with the rollout it was about,
// a retried request answered from the first without Kubernetes, a concurrent duplicate waiting for the
// first, history and markers from the audit log, and the incident timeline entry.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { appendAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { ForbiddenError, UpstreamError, ValidationError } from "@/lib/errors";
import { declareIncident, getIncident, updateIncident } from "@/lib/services/incidents";
import { recordDeploymentAction } from "@/lib/services/incidents/related";
import { contextFor } from "@/tests/support/actors";
import { sql } from "@/tests/support/db";
import {
  getDeploymentMarkers,
  getRolloutHistory,
  listDeployments,
  runRolloutAction,
  type ActionOutcome,
} from ".";

const ref = () => ({ cluster: "eu", namespace: "shop", name: `checkout-${randomUUID().slice(0, 6)}` });
const keyOf = (r: ReturnType<typeof ref>) => `argo-rollouts/${r.cluster}/${r.namespace}/${r.name}`;
const request = (over: Record<string, unknown> = {}) => ({
  action: "promote",
  reason: "canary is clean",
  expected: { resourceVersion: "41", step: 1, revision: 3 },
  idempotencyKey: randomUUID(),
  ...over,
});

const auditOf = (requestId: string) =>
  db().auditEntry.findMany({ where: { requestId }, orderBy: { seq: "asc" } });

/** An outcome as a first request stores it (as if it had gone through). */
function outcomeFor(by: string, rollout: ReturnType<typeof ref>): ActionOutcome & { service: string } {
  return {
    action: "promote",
    ref: { source: "argo-rollouts", ...rollout },
    toRevision: null,
    before: { step: 1, revision: 3, phase: "Paused" },
    after: { step: 1, revision: 3, phase: "Progressing" },
    landed: ["status"],
    replayed: false,
    message: `rollout '${rollout.name}' promoted`,
    at: new Date().toISOString(),
    by,
    service: "checkout",
  };
}

async function storeOutcome(key: string, actorEmail: string, rollout: ReturnType<typeof ref>) {
  const outcome = outcomeFor(actorEmail, rollout);
  await db().idempotencyKey.create({
    data: { key, scope: "deployment.promote", target: keyOf(rollout), actorEmail, outcome },
  });
  return outcome;
}

describe("rollout actions, audited", () => {
  it("refuses a viewer and a responder and audits the attempt with the rollout, action and reason", async () => {
    for (const role of ["viewer", "responder"] as const) {
      const ctx = await contextFor(role);
      const rollout = ref();
      await expect(runRolloutAction(ctx, rollout, request({ action: "abort" }))).rejects.toBeInstanceOf(
        ForbiddenError,
      );
      const [entry] = await auditOf(ctx.requestId);
      expect(entry).toMatchObject({
        action: "deployment.abort",
        result: "denied",
        targetType: "rollout",
        targetId: keyOf(rollout),
        actorRole: role,
        reason: `role ${role} lacks deployments:act`,
      });
      expect(entry!.params).toMatchObject({ ...rollout, action: "abort", reason: "canary is clean" });
    }
  });

  it("audits invalid input as failed, with the target and what was wrong", async () => {
    const ctx = await contextFor("operator");
    const rollout = ref();
    const error = await runRolloutAction(ctx, rollout, request({ reason: "" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields.reason).toEqual(["Say why in at least 3 characters."]);
    const [entry] = await auditOf(ctx.requestId);
    expect(entry).toMatchObject({ action: "deployment.promote", result: "failed", targetId: keyOf(rollout) });
    expect(entry!.reason).toBe("invalid input (reason: Say why in at least 3 characters.)");
  });

  it("audits a failure (Kubernetes not configured) with the target and keeps no idempotency key", async () => {
    const ctx = await contextFor("operator");
    const rollout = ref();
    const body = request({ action: "undo", toRevision: 2 });
    const error = await runRolloutAction(ctx, rollout, body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).status).toBe(503);
    expect((error as Error).message).toMatch(/^Kubernetes is not configured: set KUBECONFIG/);
    const [entry] = await auditOf(ctx.requestId);
    expect(entry).toMatchObject({
      action: "deployment.undo",
      result: "failed",
      targetId: keyOf(rollout),
      reason: (error as Error).message,
    });
    expect(entry!.params).toMatchObject({ ...rollout, action: "undo", toRevision: 2 });
    expect(
      await db().idempotencyKey.findUnique({ where: { key: body.idempotencyKey as string } }),
    ).toBeNull();
  });

  it("answers a retried request from the first, sending nothing to Kubernetes (there is none here)", async () => {
    const ctx = await contextFor("operator");
    const rollout = ref();
    const body = request();
    const stored = await storeOutcome(body.idempotencyKey as string, ctx.actor!.email, rollout);
    const outcome = await runRolloutAction(ctx, rollout, body);
    const { service: _service, ...expected } = stored;
    expect(outcome).toEqual({ ...expected, replayed: true });
    const [entry] = await auditOf(ctx.requestId);
    expect(entry).toMatchObject({
      action: "deployment.promote",
      result: "success",
      targetId: keyOf(rollout),
    });
    expect(entry!.params).toMatchObject({ replayed: true, service: "checkout" });
  });

  it("refuses a key reused for another rollout or by another person", async () => {
    const ana = await contextFor("operator");
    const bob = await contextFor("operator");
    const rollout = ref();
    const body = request();
    await storeOutcome(body.idempotencyKey as string, ana.actor!.email, rollout);
    for (const [ctx, target] of [
      [ana, ref()],
      [bob, rollout],
    ] as const) {
      const error = await runRolloutAction(ctx, target, body).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).fields.idempotencyKey).toBeDefined();
    }
  });

  it("makes a concurrent duplicate wait for the first request, then answers it from the first", async () => {
    const ctx = await contextFor("operator");
    const rollout = ref();
    const body = request();
    const key = body.idempotencyKey as string;
    // The first request, still in its transaction.
    const first = await sql();
    await first.query("begin");
    await first.query(
      "insert into idempotency_keys (key, scope, target, actor_email) values ($1, 'deployment.promote', $2, $3)",
      [key, keyOf(rollout), ctx.actor!.email],
    );
    let settled = false;
    const duplicate = runRolloutAction(ctx, rollout, body).finally(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(settled).toBe(false);
    const stored = await db().idempotencyKey.findUnique({ where: { key } });
    expect(stored).toBeNull(); // not visible outside the first transaction yet
    const outcome = outcomeFor(ctx.actor!.email, rollout);
    await first.query("update idempotency_keys set outcome = $2 where key = $1", [
      key,
      JSON.stringify(outcome),
    ]);
    await first.query("commit");
    await first.end();
    await expect(duplicate).resolves.toMatchObject({
      replayed: true,
      by: ctx.actor!.email,
      landed: ["status"],
    });
  });
});

describe("history and markers from the audit log", () => {
  it("lists every attempt on the rollout, newest first, with who, why, the result and positions", async () => {
    const viewer = await contextFor("viewer");
    const operator = await contextFor("operator");
    const rollout = ref();
    await runRolloutAction(viewer, rollout, request({ reason: "viewer tries" })).catch(() => undefined);
    await runRolloutAction(operator, rollout, request({ action: "abort", reason: "errors up" })).catch(
      () => undefined,
    );
    const history = await getRolloutHistory(viewer, rollout);
    expect(history.map((h) => h.kind === "action" && [h.action, h.actor, h.result, h.reason])).toEqual([
      ["abort", operator.actor!.email, "failed", "errors up"],
      ["promote", viewer.actor!.email, "denied", "viewer tries"],
    ]);
    expect(history[1]).toMatchObject({ failure: "role viewer lacks deployments:act" });
  });

  it("gives a service's actions as chart markers, and none of other services or replays", async () => {
    const viewer = await contextFor("viewer");
    const service = `pay-${randomUUID().slice(0, 6)}`;
    const rollout = { cluster: "eu", namespace: "shop", name: service };
    const entry = (action: string, params: Record<string, unknown>) =>
      db().$transaction((tx) =>
        appendAudit(tx, {
          actorId: null,
          actorEmail: "ana@example.com",
          actorRole: "operator",
          authMethod: "credentials",
          action: `deployment.${action}`,
          targetType: "rollout",
          targetId: keyOf(rollout),
          params: { ...rollout, service, action, reason: "why not", ...params },
          result: "success",
        }),
      );
    await entry("promote", {});
    await entry("undo", { toRevision: 4 });
    await entry("promote", { replayed: true });
    await entry("abort", { service: "someone-else" });
    const markers = await getDeploymentMarkers(viewer, { service });
    expect(markers.map((m) => [m.kind, m.label, m.by])).toEqual([
      ["promotion", `${service} promoted by ana@example.com: why not`, "ana@example.com"],
      ["undo", `${service} rolled back to revision 4 by ana@example.com: why not`, "ana@example.com"],
    ]);
    await expect(getDeploymentMarkers(viewer, {})).rejects.toBeInstanceOf(ValidationError);
  });
});

// Found by the fuzz stage: each reached PostgreSQL (or a cache key) and answered 500 or 503.
describe("text PostgreSQL cannot store", () => {
  const NUL = "a\u0000b";
  const fieldsOf = (error: unknown) => {
    expect(error).toBeInstanceOf(ValidationError);
    return Object.keys((error as ValidationError).fields);
  };

  it("is refused in a rollout's name, namespace or cluster with a 422 naming the part", async () => {
    const ctx = await contextFor("viewer");
    for (const part of ["cluster", "namespace", "name"] as const) {
      const rollout = { ...ref(), [part]: NUL };
      expect(fieldsOf(await getRolloutHistory(ctx, rollout).catch((e: unknown) => e))).toEqual([part]);
    }
  });

  it("is refused in an action's reason, confirmation and rollout, and the attempt is audited", async () => {
    const ctx = await contextFor("operator");
    const error = await runRolloutAction(ctx, ref(), request({ reason: `why${NUL}` })).catch(
      (e: unknown) => e,
    );
    expect(fieldsOf(error)).toEqual(["reason"]);
    const other = await runRolloutAction(ctx, ref(), request({ confirmName: NUL })).catch((e: unknown) => e);
    expect(fieldsOf(other)).toEqual(["confirmName"]);
    const rollout = { ...ref(), namespace: NUL };
    const inRef = await runRolloutAction(ctx, rollout, request()).catch((e: unknown) => e);
    expect(fieldsOf(inRef)).toEqual(["namespace"]);
    const entries = await auditOf(ctx.requestId);
    expect(entries.map((e) => e.result)).toEqual(["failed", "failed", "failed"]);
    expect(entries[2]!.targetId).toBe(keyOf({ ...rollout, namespace: "a\uFFFDb" }));
  });

  it("is refused in the filters of markers and of the list", async () => {
    const ctx = await contextFor("viewer");
    expect(fieldsOf(await getDeploymentMarkers(ctx, { service: NUL }).catch((e: unknown) => e))).toEqual([
      "service",
    ]);
    expect(fieldsOf(await listDeployments(ctx, { q: NUL }).catch((e: unknown) => e))).toEqual(["q"]);
  });
});

describe("without Kubernetes", () => {
  it("lists nothing and says what to configure", async () => {
    const list = await listDeployments(await contextFor("viewer"), {});
    expect(list).toMatchObject({ deployments: [], waiting: [], clusters: [] });
    expect(list.kubernetes).toMatchObject({ state: "not_configured" });
    expect("message" in list.kubernetes && list.kubernetes.message).toMatch(/set KUBECONFIG/);
  });
});

describe("the incident timeline", () => {
  it("gets a deployment entry on every open incident of the service, once per request", async () => {
    const responder = await contextFor("responder");
    const service = `ledger-${randomUUID().slice(0, 6)}`;
    const open = await declareIncident(responder, {
      title: "Ledger errors",
      severity: "SEV2",
      services: [service],
    });
    const other = await declareIncident(responder, {
      title: "Other",
      severity: "SEV3",
      services: ["elsewhere"],
    });
    const resolved = await declareIncident(responder, {
      title: "Old",
      severity: "SEV3",
      services: [service],
    });
    await updateIncident(responder, String(resolved.number), {
      base: { status: resolved.status },
      status: "resolved",
    });
    const data = {
      ref: { source: "argo-rollouts" as const, cluster: "eu", namespace: "shop", name: service },
      service,
      action: "undo" as const,
      toRevision: 3,
      reason: "bad build",
      before: { step: 2, revision: 5, phase: "Paused" },
      after: { step: 2, revision: 5, phase: "Progressing" },
      landed: ["main" as const],
    };
    const actor = { userId: null, email: "ana@example.com" };
    const write = () =>
      db().$transaction((tx) =>
        recordDeploymentAction(tx, actor, { body: "rolled back ledger", data, dedupeKey: "deployment:one" }),
      );
    expect(await write()).toEqual([open.number]);
    await write(); // a replay lands once
    const timeline = (await getIncident(responder, String(open.number))).timeline.filter(
      (e) => e.kind === "deployment",
    );
    expect(timeline).toHaveLength(1);
    expect(timeline[0]).toMatchObject({
      body: "rolled back ledger",
      actorEmail: "ana@example.com",
      keyEvent: true,
      data,
    });
    for (const number of [other.number, resolved.number]) {
      const entries = (await getIncident(responder, String(number))).timeline;
      expect(entries.some((e) => e.kind === "deployment")).toBe(false);
    }
  });
});
