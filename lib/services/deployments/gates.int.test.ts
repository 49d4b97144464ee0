// Flagger gates on a real PostgreSQL, with the canary in an in-memory stand-in for the informer caches
// (recorded from the real controller: lib/flagger/fixtures): operators open and close gates through
// mutate() (refusals audited with the canary), Flagger's webhook calls are answered from the table,
// one-shot per revision, a wrong token keeps the gate closed, an unknown canary is closed, and a change
// lands on an open incident's timeline.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { ConflictError, ForbiddenError, UnauthenticatedError, ValidationError } from "@/lib/errors";
import { KubeChanges } from "@/lib/kubernetes/changes";
import type { Cluster } from "@/lib/kubernetes/cluster";
import {
  informerKey,
  parseGenericObject,
  type GenericObject,
  type KindDescriptor,
} from "@/lib/kubernetes/kinds";
import type { Kubernetes } from "@/lib/kubernetes/kubernetes";
import { declareIncident, getIncident } from "@/lib/services/incidents";
import { contextFor } from "@/tests/support/actors";
import { DeliveryIndex } from "./deliveries";
import { answerGateWebhook, getCanaryDetail, runGateAction } from ".";

const TOKEN = "int-test-flagger-token-0123456789";
const CLUSTER = "eu";
const FIXTURES = path.join(import.meta.dirname, "..", "..", "flagger", "fixtures");

/** The caches as the index reads them: objects by informer. */
class FakeCluster {
  readonly objects = new Map<string, GenericObject[]>();
  readonly name = CLUSTER;
  add(key: string, object: GenericObject) {
    this.objects.set(key, [...(this.objects.get(key) ?? []), object]);
  }
  list(kind: KindDescriptor, filter: { namespace?: string } = {}) {
    return (this.objects.get(informerKey(kind)) ?? []).filter(
      (o) => filter.namespace === undefined || o.metadata.namespace === filter.namespace,
    );
  }
  get(kind: KindDescriptor, namespace: string | undefined, name: string) {
    return this.list(kind, { namespace }).find((o) => o.metadata.name === name);
  }
}

const cluster = new FakeCluster();
const holder = globalThis as unknown as { __opsdeckDeliveries?: DeliveryIndex | null };
const meta = { requestId: randomUUID(), ip: "127.0.0.1", userAgent: "flagger" };

/** A recorded canary in a namespace of its own, labelled with a service of its own. */
function addCanary(file: string, phase?: string) {
  const raw = JSON.parse(readFileSync(path.join(FIXTURES, file), "utf8")) as GenericObject & {
    status: { phase: string };
  };
  const namespace = `gates-${randomUUID().slice(0, 8)}`;
  const service = `svc-${randomUUID().slice(0, 8)}`;
  raw.metadata = { ...raw.metadata, namespace, uid: randomUUID(), labels: { app: service } };
  if (phase) raw.status.phase = phase;
  cluster.add("canaries.flagger.app", parseGenericObject(raw));
  changes.objects.emit({
    type: "added",
    cluster: CLUSTER,
    kind: "Canary",
    group: "flagger.app",
    plural: "canaries",
    namespace,
    name: raw.metadata.name,
    resourceVersion: raw.metadata.resourceVersion,
  });
  return { ref: { cluster: CLUSTER, namespace, name: raw.metadata.name }, service };
}

let index: DeliveryIndex;
const changes = new KubeChanges();

beforeAll(() => {
  Object.assign(env(), { FLAGGER_WEBHOOK_TOKEN: TOKEN });
  const kube = {
    changes,
    names: () => [CLUSTER],
    cluster: () => cluster as unknown as Cluster,
    states: () => [{ cluster: CLUSTER, kinds: [], state: "synced" }],
  } as unknown as Kubernetes;
  index = new DeliveryIndex(kube, { serviceLabel: "app.kubernetes.io/name" }).start();
  holder.__opsdeckDeliveries = index;
});

afterAll(() => {
  index.stop();
  delete holder.__opsdeckDeliveries;
});

const open = (over: Record<string, unknown> = {}) => ({
  action: "open",
  gate: "confirm-promotion",
  reason: "canary looks right",
  idempotencyKey: randomUUID(),
  ...over,
});

const call = (ref: { namespace: string; name: string }, gate: string, checksum: string, token = TOKEN) =>
  answerGateWebhook(meta, token, gate, {
    name: ref.name,
    namespace: ref.namespace,
    phase: "Progressing",
    checksum,
  });

const auditOn = (ref: { namespace: string; name: string }) =>
  db().auditEntry.findMany({
    where: { targetType: "canary", targetId: `flagger/${CLUSTER}/${ref.namespace}/${ref.name}` },
    orderBy: { seq: "asc" },
  });

describe("Flagger gates", () => {
  it("refuses viewers and responders, audited with the canary, and the gate stays closed", async () => {
    const { ref } = addCanary("canary-waiting-promotion.json");
    for (const role of ["viewer", "responder"] as const) {
      const ctx = await contextFor(role);
      await expect(runGateAction(ctx, ref, open())).rejects.toBeInstanceOf(ForbiddenError);
    }
    const audit = await auditOn(ref);
    expect(audit.map((a) => [a.action, a.result, a.actorRole])).toEqual([
      ["deployment.gate-open", "denied", "viewer"],
      ["deployment.gate-open", "denied", "responder"],
    ]);
    expect(audit[0]!.params).toMatchObject({
      ...ref,
      gate: "confirm-promotion",
      reason: "canary looks right",
    });
    expect(await call(ref, "confirm-promotion", "c1")).toMatchObject({ open: false });
  });

  it("asks for a reason", async () => {
    const { ref } = addCanary("canary-waiting-promotion.json");
    const operator = await contextFor("operator");
    await expect(runGateAction(operator, ref, open({ reason: "" }))).rejects.toBeInstanceOf(ValidationError);
  });

  it("opens a gate for one revision: Flagger passes with that checksum, a new revision closes it", async () => {
    const { ref } = addCanary("canary-waiting-promotion.json");
    const operator = await contextFor("operator");
    expect(await call(ref, "confirm-promotion", "rev-a")).toMatchObject({ open: false });

    const outcome = await runGateAction(operator, ref, open());
    expect(outcome).toMatchObject({ changed: true, replayed: false, by: operator.actor!.email });
    expect(outcome.gate).toMatchObject({ open: true, scope: "revision", revision: null });

    expect(await call(ref, "confirm-promotion", "rev-a")).toMatchObject({ open: true });
    expect(await call(ref, "confirm-promotion", "rev-a")).toMatchObject({ open: true }); // Flagger asks twice
    expect(await call(ref, "confirm-promotion", "rev-b")).toMatchObject({ open: false });
    expect(await call(ref, "confirm-promotion", "rev-a")).toMatchObject({ open: false }); // closed for good

    const detail = await getCanaryDetail(operator, ref);
    const gate = detail.gates.find((g) => g.gate === "confirm-promotion")!;
    expect(gate).toMatchObject({ open: false, changedBy: "flagger", configured: true });
    expect(gate.lastCall).toMatchObject({ checksum: "rev-a", answeredOpen: false });
    expect(detail.history.map((h) => [h.action, h.actor])).toEqual([
      ["closed-by-new-revision", "flagger"],
      ["passed", "flagger"],
      ["open", operator.actor!.email],
    ]);
  });

  it("keeps a gate opened until closed across revisions, and closing it closes it", async () => {
    const { ref } = addCanary("canary-waiting.json");
    const operator = await contextFor("operator");
    await runGateAction(operator, ref, open({ gate: "confirm-rollout", scope: "always" }));
    expect(await call(ref, "confirm-rollout", "x")).toMatchObject({ open: true });
    expect(await call(ref, "confirm-rollout", "y")).toMatchObject({ open: true });
    await runGateAction(operator, ref, open({ action: "close", gate: "confirm-rollout", reason: "freeze" }));
    expect(await call(ref, "confirm-rollout", "y")).toMatchObject({ open: false });
  });

  it("is idempotent: a retried request is answered from the first; the same change again changes nothing", async () => {
    const { ref } = addCanary("canary-waiting-promotion.json");
    const operator = await contextFor("operator");
    const request = open();
    const first = await runGateAction(operator, ref, request);
    const retry = await runGateAction(operator, ref, request);
    expect(retry).toMatchObject({ replayed: true, changed: true, at: first.at });
    const again = await runGateAction(operator, ref, open());
    expect(again).toMatchObject({ replayed: false, changed: false });
    const rows = await db().flaggerGate.findMany({ where: { namespace: ref.namespace } });
    expect(rows.map((r) => [r.gate, r.open, r.version])).toEqual([["confirm-promotion", true, 0]]);
  });

  it("answers a wrong token 401 and an unknown canary closed, and writes nothing", async () => {
    const { ref } = addCanary("canary-waiting-promotion.json");
    const operator = await contextFor("operator");
    await runGateAction(operator, ref, open());
    await expect(call(ref, "confirm-promotion", "c", "wrong-token-0123456789abc")).rejects.toBeInstanceOf(
      UnauthenticatedError,
    );
    const row = await db().flaggerGate.findFirstOrThrow({ where: { namespace: ref.namespace } });
    expect(row.askedAt).toBeNull();
    expect(await call({ namespace: ref.namespace, name: "nope" }, "confirm-promotion", "c")).toMatchObject({
      open: false,
      reason: expect.stringContaining("Unknown canary"),
    });
    expect(await db().flaggerGate.count({ where: { namespace: ref.namespace, canary: "nope" } })).toBe(0);
  });

  it("asks for a rollback during the analysis only, and says how to revert a finished canary", async () => {
    const finished = addCanary("canary-succeeded.json");
    const operator = await contextFor("operator");
    const refused = runGateAction(operator, finished.ref, { ...open(), action: "rollback", gate: undefined });
    await expect(refused).rejects.toBeInstanceOf(ConflictError);
    await expect(refused).rejects.toThrow(/rollout undo deployment\/inventory/);

    const running = addCanary("canary-progressing.json");
    const outcome = await runGateAction(operator, running.ref, {
      ...open(),
      action: "rollback",
      gate: undefined,
    });
    expect(outcome.gate).toMatchObject({ gate: "rollback", open: true });
    expect(await call(running.ref, "rollback", "rev")).toMatchObject({ open: true });
  });

  it("tells this instance's viewers of the canary when a gate changes", async () => {
    const { ref } = addCanary("canary-waiting-promotion.json");
    const operator = await contextFor("operator");
    const key = `flagger/${CLUSTER}/${ref.namespace}/${ref.name}`;
    expect(index.get(key)).not.toBeNull();
    const heard: string[] = [];
    const unsubscribe = index.subscribe((change) => change.kind === "delivery" && heard.push(change.key));
    await runGateAction(operator, ref, open());
    expect(heard).toEqual([key]);
    await call(ref, "confirm-promotion", "r1"); // passed: the page shows it
    expect(heard).toEqual([key, key]);
    await call(ref, "confirm-promotion", "r1"); // the same answer again: nothing new to show
    expect(heard).toEqual([key, key]);
    unsubscribe();
  });

  it("puts a change on the open incidents of the canary's service", async () => {
    const { ref, service } = addCanary("canary-waiting-promotion.json");
    const operator = await contextFor("operator");
    const incident = await declareIncident(await contextFor("responder"), {
      title: "Recommendations slow",
      severity: "SEV2",
      services: [service],
    });
    await runGateAction(operator, ref, open({ reason: "fix verified" }));
    const view = await getIncident(operator, String(incident.number));
    const entry = view.timeline.find((e) => e.kind === "deployment");
    expect(entry?.body).toContain("confirm-promotion gate");
    expect(entry?.body).toContain("fix verified");
    expect(entry?.data).toMatchObject({
      action: "open",
      gate: "confirm-promotion",
      ref: { source: "flagger" },
    });
  });
});
