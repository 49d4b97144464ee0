// Deployments against the stack's real API server and Argo Rollouts 1.9.1 controller, through the service
// functions with the app's own non-admin credentials (the stack's opsdeck.kubeconfig, set by
// tests/support/stack.setup.ts). The admin client of tests/support/kubernetes.ts only sets things up and
// plays "someone else".
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURES_DIR } from "@/lib/argo-rollouts/fixtures/load";
import { templateMatchesIgnoringHash } from "@/lib/argo-rollouts/template";
import { db } from "@/lib/db/client";
import { ConflictError, UpstreamError } from "@/lib/errors";
import { metrics } from "@/lib/observability/metrics";
import type { ServiceContext } from "@/lib/services/context";
import { declareIncident, getIncident } from "@/lib/services/incidents";
import { contextFor } from "@/tests/support/actors";
import {
  apply,
  controllerSaid,
  freshNamespace,
  getRollout,
  kube,
  patchSpec,
  replicaSets,
  rolloutPath,
  waitForRollout,
} from "@/tests/support/kubernetes";
import { clearFaults, setFaults, startComponent, stopComponent, waitFor } from "@/tests/support/stack";
import {
  blueGreenRollout,
  canaryRollout,
  DEMO_NAMESPACE,
  imageFor,
  setImageTag,
} from "@/stack/kubernetes/demo-rollouts";
import {
  deliveries,
  deploymentChanges,
  getRolloutDetail,
  getRolloutHistory,
  getRolloutMetrics,
  listDeployments,
  rolloutChanges,
  runRolloutAction,
  type DeliveryAction,
  type RolloutDetail,
} from ".";
import { REACTION_MS, RECONCILE_ANNOTATION } from "./actions";

const CLUSTER = "local";
/** Three manual pauses: a promote that went two steps would show at once. */
const STEPS = [
  { setWeight: 25 },
  { pause: {} },
  { setWeight: 50 },
  { pause: {} },
  { setWeight: 75 },
  { pause: {} },
];

let viewer: ServiceContext;
let ana: ServiceContext;
let bob: ServiceContext;

beforeAll(async () => {
  viewer = await contextFor("viewer");
  ana = await contextFor("operator", { email: `ana-${randomUUID().slice(0, 6)}@example.com` });
  bob = await contextFor("operator", { email: `bob-${randomUUID().slice(0, 6)}@example.com` });
  const index = deliveries();
  if (!index) throw new Error("Kubernetes is not configured for the stack tests");
  await index.kube.whenSynced();
});

afterAll(() => deliveries()?.kube.stop());

const ref = (namespace: string, name: string) => ({ cluster: CLUSTER, namespace, name });
const detail = (namespace: string, name: string) => getRolloutDetail(viewer, ref(namespace, name));

/** Waits until the rollout's detail, as the service serves it from the informers, satisfies `done`. */
function detailWhen(
  namespace: string,
  name: string,
  what: string,
  done: (d: RolloutDetail) => boolean,
  timeoutMs = 90_000,
) {
  let last: RolloutDetail | undefined;
  return waitFor(
    `${namespace}/${name} ${what}`,
    async () => {
      last = await detail(namespace, name);
      return done(last) ? last : undefined;
    },
    { timeoutMs, intervalMs: 200 },
  ).catch(async (error: unknown) => {
    // The informers' copy, the API server's, and the controller's account: which of the three stalled.
    const actual = await getRollout(namespace, name).catch((e: Error) => e.message);
    throw new Error(
      [
        (error as Error).message,
        `served: resourceVersion ${last?.resourceVersion}, ${last?.summary.status}, step ${last?.view.step?.index}`,
        `API server: ${typeof actual === "string" ? actual : JSON.stringify({ resourceVersion: actual.metadata.resourceVersion, status: actual.status })}`,
        await controllerSaid(namespace, name),
      ].join("\n"),
    );
  });
}

const expectedOf = (d: RolloutDetail) => ({
  resourceVersion: d.resourceVersion,
  step: d.view.step?.index ?? null,
  revision: d.view.revision,
});

function act(
  ctx: ServiceContext,
  d: RolloutDetail,
  action: DeliveryAction,
  extra: Record<string, unknown> = {},
) {
  return runRolloutAction(ctx, ref(d.summary.namespace, d.summary.name), {
    action,
    reason: `stack test: ${action}`,
    expected: expectedOf(d),
    idempotencyKey: randomUUID(),
    ...extra,
  });
}

/** Requests this process sent to Kubernetes (the app's upstream metrics), by operation prefix. */
async function kubeCalls(prefix: string): Promise<number> {
  const histogram = metrics().registry.getSingleMetric("opsdeck_upstream_request_duration_seconds");
  const { values } = (await histogram!.get()) as {
    values: { value: number; labels: Record<string, string | number>; metricName?: string }[];
  };
  return values
    .filter(
      (v) =>
        v.metricName === "opsdeck_upstream_request_duration_seconds_count" &&
        v.labels.upstream === "kubernetes" &&
        String(v.labels.operation).startsWith(prefix),
    )
    .reduce((sum, v) => sum + v.value, 0);
}

const pausedAt = (index: number) => (d: RolloutDetail) =>
  d.view.step?.index === index &&
  d.view.waitingForHuman?.reason === "CanaryPauseStep" &&
  d.view.generationObserved;

/** A canary of STEPS on v1, healthy, then v2 paused at its first manual pause (step 2 of 6). */
async function pausedCanary(prefix: string, name: string) {
  const ns = await freshNamespace(prefix);
  await apply(ns, canaryRollout(name, STEPS, { replicas: 1 }));
  await waitForRollout(ns, name, "to be Healthy", (r) => r.status?.phase === "Healthy");
  await setImageTag(kube(), ns, name, "v2");
  return { ns, paused: await detailWhen(ns, name, "paused at step 2", pausedAt(1)) };
}

describe("the list and live changes", () => {
  it("shows a new rollout within two seconds, on the list and on an open change stream", async () => {
    const ns = await freshNamespace("deploy-list");
    let streamedAt: number | null = null;
    const unsubscribe = await deploymentChanges(viewer, { namespace: ns }).subscribe(
      () => (streamedAt ??= performance.now()),
      () => undefined, // a resync (the cluster back after a gap) is not what this test is about
    );
    const started = performance.now();
    await apply(ns, canaryRollout("cart", STEPS, { replicas: 1 }));
    const listed = await waitFor(
      "the list to show the new rollout",
      async () =>
        (await listDeployments(viewer, { namespace: ns })).deployments.find((d) => d.name === "cart"),
      { timeoutMs: 10_000, intervalMs: 20 },
    );
    const listedAfterMs = performance.now() - started;
    await waitFor("the stream to say changed", async () => streamedAt ?? undefined, {
      timeoutMs: 5_000,
      intervalMs: 20,
    });
    unsubscribe();
    expect(listedAfterMs).toBeLessThan(2_000);
    expect(streamedAt! - started).toBeLessThan(2_000);
    expect(listed).toMatchObject({
      key: `argo-rollouts/${CLUSTER}/${ns}/cart`,
      service: "cart",
      strategy: "Canary",
    });
    const list = await listDeployments(viewer, { namespace: ns });
    expect(list.clusters).toEqual([
      { name: CLUSTER, source: { state: "ok", asOf: expect.any(String) }, namespaces: "all" },
    ]);
    expect(list.kubernetes.state).toBe("ok");
    await waitFor(
      "it to be Healthy on the list",
      async () =>
        (await listDeployments(viewer, { namespace: ns, status: "Healthy" })).deployments.length === 1 ||
        undefined,
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    console.info(
      `[deployments] listed ${Math.round(listedAfterMs)} ms, streamed ${Math.round(streamedAt! - started)} ms after the apply`,
    );
  });
});

describe("actions against the real controller", () => {
  it("promotes through a manual pause by one step, answers a retry from the first without a second patch, and records it", async () => {
    const { ns, paused } = await pausedCanary("deploy-promote", "basket");
    const incident = await declareIncident(await contextFor("responder"), {
      title: "basket errors",
      severity: "SEV2",
      services: ["basket"],
    });
    const waiting = await listDeployments(viewer, { namespace: ns });
    expect(waiting.waiting.map((w) => w.name)).toEqual(["basket"]);
    expect(waiting.waiting[0]!.waiting).toMatchObject({ reason: "CanaryPauseStep" });
    const promote = paused.actions.find((a) => a.action === "promote")!;
    expect(promote).toMatchObject({
      available: true,
      effect: "moves basket from step 2 of 6 to step 3: weight 25% → 50%",
    });
    expect(paused.actions.find((a) => a.action === "retry")).toMatchObject({ available: false });

    const patchesBefore = await kubeCalls("patch ");
    const body = {
      action: "promote",
      reason: "canary is clean",
      expected: expectedOf(paused),
      idempotencyKey: randomUUID(),
    };
    const outcome = await runRolloutAction(ana, ref(ns, "basket"), body);
    expect(outcome).toMatchObject({
      action: "promote",
      before: { step: 1, revision: 2 },
      landed: ["status"],
      replayed: false,
      by: ana.actor!.email,
      message: "rollout 'basket' promoted",
    });
    expect(await kubeCalls("patch ")).toBe(patchesBefore + 1);

    const again = await runRolloutAction(ana, ref(ns, "basket"), body);
    expect(again).toEqual({ ...outcome, replayed: true });
    expect(await kubeCalls("patch ")).toBe(patchesBefore + 1);

    const next = await detailWhen(ns, "basket", "paused at step 4", pausedAt(3));
    expect(next.summary.progress).toMatchObject({ current: 4, total: 6 });
    expect(next.summary.weight).toMatchObject({ set: 50 });
    expect(next.weightHistory.map((p) => p.set)).toEqual(expect.arrayContaining([25, 50]));

    const history = await getRolloutHistory(viewer, ref(ns, "basket"));
    expect(history.find((h) => h.kind === "action")).toMatchObject({
      action: "promote",
      actor: ana.actor!.email,
      reason: "canary is clean",
      result: "success",
      before: { step: 1, revision: 2 },
      landed: ["status"],
    });
    expect(history.some((h) => h.kind === "event" && h.reason === "RolloutStepCompleted")).toBe(true);
    const timeline = (await getIncident(viewer, String(incident.number))).timeline;
    expect(timeline.find((e) => e.kind === "deployment")).toMatchObject({
      actorEmail: ana.actor!.email,
      body: expect.stringMatching(
        /^promoted basket \(cluster local, namespace deploy-promote-\w+\): moves basket from step 2 of 6 to step 3: weight 25% → 50%\. Reason: canary is clean$/,
      ),
    });
  });

  it("advances exactly one step when two people promote at once; the second hears who did it", async () => {
    const { ns, paused } = await pausedCanary("deploy-race", "wallet");
    const results = await Promise.allSettled([
      act(ana, paused, "promote", { reason: "ana promotes" }),
      act(bob, paused, "promote", { reason: "bob promotes" }),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.flatMap((r) => (r.status === "rejected" ? [r.reason as Error] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toBeInstanceOf(ConflictError);
    const winner = (won[0] as PromiseFulfilledResult<{ by: string }>).value.by;
    expect(lost[0]!.message).toMatch(
      new RegExp(
        `^wallet (is already being promoted: the controller has not picked that up yet|already moved to step \\d of 6) \\(promoted by ${winner.replace(/[.]/g, "\\.")} \\d+ s ago\\)\\.$`,
      ),
    );
    await detailWhen(ns, "wallet", "paused at step 4", pausedAt(3));
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const rollout = await getRollout(ns, "wallet");
    expect(rollout.status!.currentStepIndex).toBe(3);
    // Both attempts are in the audit log: one success, one failure with the sentence.
    const entries = await db().auditEntry.findMany({
      where: { targetId: `argo-rollouts/${CLUSTER}/${ns}/wallet` },
      orderBy: { seq: "asc" },
    });
    expect(entries.map((e) => e.result).sort()).toEqual(["failed", "success"]);
    expect(entries.find((e) => e.result === "failed")!.reason).toBe(lost[0]!.message);
  });

  it("refuses a promote based on a step the rollout has left (409 naming it)", async () => {
    const { ns, paused } = await pausedCanary("deploy-stale", "ledger");
    await act(ana, paused, "promote");
    await detailWhen(ns, "ledger", "paused at step 4", pausedAt(3));
    const error = await act(bob, paused, "promote").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^ledger already moved to step 4 of 6 \\(promoted by ${ana.actor!.email.replace(/[.]/g, "\\.")} \\d+ s ago\\)\\.$`,
      ),
    );
  });

  it("undoes to the previous revision: the rollout's pod template is that revision's again", async () => {
    const { ns, paused } = await pausedCanary("deploy-undo", "ledger");
    const choice = paused.undo.find((u) => u.revision === 1)!;
    expect(choice.availability).toMatchObject({ available: true });
    expect(paused.undo.find((u) => u.revision === 2)!.availability).toMatchObject({
      available: false,
      reason: "ledger already runs revision 2.",
    });
    const outcome = await act(ana, paused, "undo", { toRevision: 1 });
    expect(outcome).toMatchObject({ action: "undo", toRevision: 1, landed: ["main"] });
    const rollout = await kube().get<{ spec: { template: Record<string, unknown> } }>(
      rolloutPath(ns, "ledger"),
    );
    // By the ReplicaSet's name: the controller renumbers the revision it rolls back to (1 becomes 3).
    const revision1 = (await replicaSets(ns, "ledger")).find(
      (rs) => rs.metadata.name === choice.replicaSet,
    ) as unknown as { spec: { template: Record<string, unknown> } };
    expect(templateMatchesIgnoringHash(rollout.spec.template, revision1.spec.template)).toBe(true);
    expect(
      (rollout.spec.template as { spec: { containers: { image: string }[] } }).spec.containers[0]!.image,
    ).toBe(imageFor("ledger", "v1"));
    await detailWhen(
      ns,
      "ledger",
      "to be Healthy on revision 1's template",
      (d) => d.summary.status === "Healthy",
    );
  });

  it("promotes a blue-green rollout: the active service switches to the preview", async () => {
    const ns = await freshNamespace("deploy-bg");
    for (const name of ["shop", "shop-preview"]) {
      await apply(ns, {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name },
        spec: { selector: { app: "shop" }, ports: [{ port: 80, targetPort: 8080 }] },
      });
    }
    await apply(ns, blueGreenRollout("shop", { replicas: 1 }));
    await waitForRollout(ns, "shop", "to be Healthy", (r) => r.status?.phase === "Healthy");
    await setImageTag(kube(), ns, "shop", "v2");
    const paused = await detailWhen(
      ns,
      "shop",
      "waiting for promotion",
      (d) => d.view.waitingForHuman?.reason === "BlueGreenPause",
    );
    expect(paused.summary.revisions.map((r) => [r.role, r.revision])).toEqual([
      ["active", "1"],
      ["preview", "2"],
    ]);
    const preview = paused.view.preview!.podTemplateHash;
    await act(ana, paused, "promote");
    const switched = await waitForRollout(
      ns,
      "shop",
      "to switch its active selector",
      (r) => r.status?.blueGreen?.activeSelector === preview,
    );
    expect(switched.status!.blueGreen!.activeSelector).toBe(preview);
    await detailWhen(
      ns,
      "shop",
      "to show revision 2 active",
      (d) => d.summary.revisions[0]?.revision === "2",
    );
  });
});

describe("the demo checkout with a canary-only fault", () => {
  let restoreTag: string | null = null;
  afterAll(async () => {
    await clearFaults();
    if (!restoreTag) return;
    await setImageTag(kube(), DEMO_NAMESPACE, "checkout", restoreTag);
    await waitForRollout(
      DEMO_NAMESPACE,
      "checkout",
      "to be Healthy on its stable again",
      (r) => r.status?.phase === "Healthy" && r.status.currentPodHash === r.status.stableRS,
    );
  });

  it("compares canary and stable, shows the failed analysis's values, disables promote, and retries from the start", async () => {
    const ns = DEMO_NAMESPACE;
    const before = await detail(ns, "checkout");
    restoreTag = before.view.images[0]!.split(":").at(-1)!;
    const tag = `f${randomUUID().slice(0, 6)}`;
    await setImageTag(kube(), ns, "checkout", tag);
    const paused = await detailWhen(ns, "checkout", "paused at step 2", pausedAt(1));
    const canaryHash = paused.view.canary!.podTemplateHash!;
    const stableHash = paused.view.stable!.podTemplateHash!;

    // Canary vs stable RED from Prometheus, per pod template hash.
    const compared = await waitFor(
      "both revisions' request rates",
      async () => {
        const m = await getRolloutMetrics(viewer, ref(ns, "checkout"), { range: "15m" });
        return m.revisions.every((r) => r.series.rate.length > 0) ? m : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 3_000 },
    );
    expect(compared).toMatchObject({
      service: "checkout",
      label: "rollouts_pod_template_hash",
      noSeries: null,
    });
    expect(compared.revisions.map((r) => [r.role, r.hash])).toEqual([
      ["stable", stableHash],
      ["canary", canaryHash],
    ]);

    await setFaults("checkout", { errorRate: 0.8, revision: "canary" });
    await act(ana, paused, "promote", { reason: "let the analysis decide" });
    const aborted = await detailWhen(
      ns,
      "checkout",
      "aborted by its analysis",
      (d) => d.summary.status === "Aborted",
      150_000,
    );
    const run = aborted.view.analysisRuns.find(
      (r) => r.podTemplateHash === canaryHash && r.phase === "Failed",
    )!;
    expect(run).toBeDefined();
    const measurement = run.metrics[0]!.measurements.at(-1)!;
    expect(measurement.phase).toBe("Failed");
    expect(Number(JSON.parse(measurement.value!)[0])).toBeGreaterThan(0.05);
    expect(run.metrics[0]!.successCondition).toBe("result[0] < 0.05");
    expect(aborted.actions.find((a) => a.action === "promote")).toMatchObject({
      available: false,
      reason: "Promote does nothing on an aborted rollout: retry it first.",
    });
    const retry = aborted.actions.find((a) => a.action === "retry")!;
    expect(retry.available).toBe(true);
    const refused = await act(bob, aborted, "promote").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConflictError);

    await clearFaults();
    await act(ana, aborted, "retry", { reason: "fault cleared" });
    const again = await detailWhen(
      ns,
      "checkout",
      "to start over and pause at step 2",
      (d) => d.summary.status === "Paused" && pausedAt(1)(d),
    );
    expect(again.view.aborted).toBe(false);
    expect(again.view.canary!.podTemplateHash).toBe(canaryHash);
  }, 300_000);
});

/** Rollouts the stack's controller ignores (another controller instance's), with states set by hand. */
describe("states the live controller does not reach quickly", () => {
  const INSTANCE_LABEL = "argo-rollouts.argoproj.io/controller-instance-id";

  async function withStatus(ns: string, name: string, status: Record<string, unknown>) {
    const rollout = canaryRollout(name, STEPS, { replicas: 1 }) as {
      metadata: { labels: Record<string, string> };
    };
    rollout.metadata.labels[INSTANCE_LABEL] = "opsdeck-fixtures";
    await apply(ns, rollout as Record<string, unknown>);
    const { metadata } = await kube().get<{ metadata: { generation: number } }>(rolloutPath(ns, name));
    await kube().request("PATCH", `${rolloutPath(ns, name)}/status`, {
      patch: "merge",
      body: { status: { observedGeneration: String(metadata.generation), ...status } },
    });
    return detailWhen(
      ns,
      name,
      "to show the status set by hand",
      (d) => d.view.observedGeneration === String(metadata.generation),
    );
  }

  it("shows aborted, inconclusive, progress deadline exceeded and invalid spec, with the right buttons", async () => {
    const ns = await freshNamespace("deploy-states");
    // Kubernetes keeps times to the second.
    const since = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000).toISOString().replace(".000Z", "Z");
    const aborted = await withStatus(ns, "aborted", {
      abort: true,
      abortedAt: since,
      currentStepIndex: 0,
      stableRS: "5f7d9c8b6",
      currentPodHash: "6c8d4b7f9",
      phase: "Degraded",
      message: "RolloutAborted: Rollout aborted update to revision 2",
      conditions: [
        {
          type: "Progressing",
          status: "False",
          reason: "RolloutAborted",
          message: "Rollout aborted update to revision 2",
          lastUpdateTime: since,
          lastTransitionTime: since,
        },
      ],
    });
    expect(aborted.summary).toMatchObject({ status: "Aborted", waiting: null });
    expect(aborted.actions.find((a) => a.action === "promote")!.available).toBe(false);
    expect(aborted.actions.find((a) => a.action === "abort")!.available).toBe(false);
    expect(aborted.actions.find((a) => a.action === "retry")!.available).toBe(true);

    const inconclusive = await withStatus(ns, "inconclusive", {
      currentStepIndex: 1,
      stableRS: "5f7d9c8b6",
      currentPodHash: "6c8d4b7f9",
      controllerPause: true,
      pauseConditions: [{ reason: "InconclusiveAnalysisRun", startTime: since }],
      canary: {
        currentStepAnalysisRunStatus: {
          name: "inconclusive-6c8d4b7f9-2",
          status: "Inconclusive",
          message: "",
        },
      },
      phase: "Paused",
      message: "InconclusiveAnalysisRun",
    });
    expect(inconclusive.summary).toMatchObject({
      status: "Paused",
      waiting: { reason: "InconclusiveAnalysisRun", since },
    });
    expect(inconclusive.actions.find((a) => a.action === "promote")!.available).toBe(true);
    expect(inconclusive.actions.find((a) => a.action === "abort")!.available).toBe(true);
    expect((await listDeployments(viewer, { namespace: ns })).waiting.map((w) => w.name)).toEqual([
      "inconclusive",
    ]);

    const deadline = await withStatus(ns, "deadline", {
      currentStepIndex: 0,
      stableRS: "5f7d9c8b6",
      currentPodHash: "6c8d4b7f9",
      phase: "Degraded",
      message: 'ProgressDeadlineExceeded: ReplicaSet "deadline-6c8d4b7f9" has timed out progressing.',
      conditions: [
        {
          type: "Progressing",
          status: "False",
          reason: "ProgressDeadlineExceeded",
          message: 'ReplicaSet "deadline-6c8d4b7f9" has timed out progressing.',
          lastUpdateTime: since,
          lastTransitionTime: since,
        },
      ],
    });
    expect(deadline.summary).toMatchObject({
      status: "Degraded",
      message: expect.stringMatching(/ProgressDeadlineExceeded/),
    });
    expect(deadline.actions.find((a) => a.action === "abort")!.available).toBe(true);
    expect(deadline.actions.find((a) => a.action === "retry")!.available).toBe(false);

    const invalid = await withStatus(ns, "invalid", {
      phase: "Degraded",
      message: 'InvalidSpec: The Rollout "invalid" is invalid: spec.strategy.canary.steps[0]: invalid',
      conditions: [
        {
          type: "InvalidSpec",
          status: "True",
          reason: "InvalidSpec",
          message: 'The Rollout "invalid" is invalid: spec.strategy.canary.steps[0]: invalid',
          lastUpdateTime: since,
          lastTransitionTime: since,
        },
      ],
    });
    expect(invalid.summary).toMatchObject({
      status: "Degraded",
      message: expect.stringMatching(/^InvalidSpec: /),
    });

    // The controller really leaves them alone: a few seconds later the statuses are still ours.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect((await getRollout(ns, "aborted")).status).toMatchObject({
      abort: true,
      currentPodHash: "6c8d4b7f9",
    });
    expect((await getRollout(ns, "invalid")).status!.message).toMatch(/^InvalidSpec: /);
  });

  it("asks the controller to look again when nothing reacted to an action within 3 s, once", async () => {
    const ns = await freshNamespace("deploy-nudge");
    const since = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace(".000Z", "Z");
    // Paused at a manual pause as the controller leaves it, but no controller looks at this one.
    const paused = await withStatus(ns, "ignored", {
      currentStepIndex: 1,
      stableRS: "5f7d9c8b6",
      currentPodHash: "6c8d4b7f9",
      controllerPause: true,
      pauseConditions: [{ reason: "CanaryPauseStep", startTime: since }],
      phase: "Paused",
      message: "CanaryPauseStep",
    });
    const outcome = await act(ana, paused, "promote");
    expect(outcome.landed).toEqual(["status"]);
    const annotations = () =>
      kube()
        .get<{ metadata: { annotations?: Record<string, string> } }>(rolloutPath(ns, "ignored"))
        .then((r) => r.metadata.annotations ?? {});
    expect(await annotations()).not.toHaveProperty(RECONCILE_ANNOTATION);
    const touched = await waitFor(
      "the reconcile annotation",
      async () => (await annotations())[RECONCILE_ANNOTATION],
      { timeoutMs: REACTION_MS + 5_000, intervalMs: 250 },
    );
    expect(Date.parse(touched)).toBeGreaterThan(Date.parse(outcome.at) + REACTION_MS - 1_000);
    // Once: still nothing reacts, and nothing more is sent.
    await new Promise((resolve) => setTimeout(resolve, REACTION_MS + 1_000));
    expect((await annotations())[RECONCILE_ANNOTATION]).toBe(touched);
  });

  it("reads upstream's aborted rollout the same once applied with its status", async () => {
    const [raw] = parseAllDocuments(
      readFileSync(path.join(FIXTURES_DIR, "info", "rollout-aborted", "rollout.yaml"), "utf8"),
    ).map(
      (document) => document.toJS() as { metadata: Record<string, unknown>; spec: unknown; status: unknown },
    );
    const ns = await freshNamespace("deploy-fixture");
    const name = String(raw!.metadata.name);
    // As `kubectl get -o yaml` wrote it, less what the server sets (a null creationTimestamp is refused).
    const spec = raw!.spec as { template: { metadata: Record<string, unknown> } };
    delete spec.template.metadata.creationTimestamp;
    await apply(ns, {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Rollout",
      metadata: { name, labels: { [INSTANCE_LABEL]: "opsdeck-fixtures" } },
      spec,
    });
    const { metadata } = await kube().get<{ metadata: { generation: number } }>(rolloutPath(ns, name));
    await kube().request("PATCH", `${rolloutPath(ns, name)}/status`, {
      patch: "merge",
      body: { status: { ...(raw!.status as object), observedGeneration: String(metadata.generation) } },
    });
    const d = await detailWhen(ns, name, "to be aborted", (x) => x.summary.status === "Aborted");
    expect(d.summary.message).toBe(
      'RolloutAborted: metric "web" assessed Failed due to failed (1) > failureLimit (0)',
    );
    expect(d.actions.find((a) => a.action === "promote")!.available).toBe(false);
    expect(d.actions.find((a) => a.action === "retry")!.available).toBe(true);
  });
});

describe("an API server that goes away", () => {
  it("fails an action clearly with nothing changed, serves the last data as stale, and is live again after", async () => {
    const { ns, paused } = await pausedCanary("deploy-outage", "pantry");
    // Streams open across the outage: told to resync once the cluster is back in sync.
    const resyncs = { list: 0, rollout: 0 };
    const unsubscribeAcross = await Promise.all([
      deploymentChanges(viewer, { namespace: ns }).subscribe(
        () => undefined,
        () => resyncs.list++,
      ),
      rolloutChanges(viewer, ref(ns, "pantry")).subscribe(
        () => undefined,
        () => resyncs.rollout++,
      ),
    ]);
    await stopComponent("kube-apiserver");
    try {
      const error = await act(ana, paused, "promote").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UpstreamError);
      expect((error as Error).message).toMatch(/^Kubernetes cluster "local".*\. Nothing was changed\.$/);
      const stale = await waitFor(
        "the list to say the cluster is stale",
        async () => {
          const list = await listDeployments(viewer, { namespace: ns });
          return list.clusters[0]?.source.state === "stale" ? list : undefined;
        },
        { timeoutMs: 20_000, intervalMs: 200 },
      );
      expect(stale.deployments.map((d) => d.name)).toEqual(["pantry"]);
      expect(stale.kubernetes.state).toBe("stale");
    } finally {
      await startComponent("kube-apiserver");
    }
    await waitFor(
      "the cluster to be in sync again",
      async () =>
        (await listDeployments(viewer, { namespace: ns })).clusters[0]?.source.state === "ok" || undefined,
    );
    await waitFor("both streams to be told to resync", async () =>
      resyncs.list && resyncs.rollout ? true : undefined,
    );
    for (const unsubscribe of unsubscribeAcross) unsubscribe();
    // Nothing was half-applied: still paused at the same step, on the same version of the spec.
    const after = await getRollout(ns, "pantry");
    expect(after.status!.currentStepIndex).toBe(1);
    expect(after.status!.pauseConditions).toHaveLength(1);
    // Live again: a change made now reaches the list and the rollout's stream.
    let streamed = false;
    const unsubscribe = await rolloutChanges(viewer, ref(ns, "pantry")).subscribe(
      () => (streamed = true),
      () => undefined,
    );
    const changedAt = performance.now();
    await patchSpec(ns, "pantry", { metadata: { labels: { "app.kubernetes.io/name": "pantry-renamed" } } });
    await waitFor(
      "the list to show the change",
      async () =>
        (await listDeployments(viewer, { service: "pantry-renamed" })).deployments.length === 1 || undefined,
      { timeoutMs: 10_000, intervalMs: 50 },
    );
    expect(performance.now() - changedAt).toBeLessThan(2_000);
    await waitFor("the stream to say changed", async () => streamed || undefined, {
      timeoutMs: 5_000,
      intervalMs: 50,
    });
    unsubscribe();
    // And actions work again.
    const fresh = await detail(ns, "pantry");
    await expect(act(ana, fresh, "promote")).resolves.toMatchObject({ landed: ["status"] });
  });
});
