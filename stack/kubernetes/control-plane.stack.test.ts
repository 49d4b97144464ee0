// The real control plane and the real Argo Rollouts controller of the stack, observed only through the
// Kubernetes API: a canary advances to its pause, the promote PATCH of `kubectl argo rollouts promote`
// moves it on, and an analysis that asks the real Prometheus aborts it when the fault knob is on.
import { afterEach, describe, expect, it } from "vitest";
import {
  analysisRuns,
  apply,
  freshNamespace,
  getRollout,
  kube,
  patchStatus,
  replicaSets,
  waitForRollout,
} from "@/tests/support/kubernetes";
import {
  clearFaults,
  promQuery,
  setFaults,
  stack,
  startComponent,
  stopComponent,
  waitFor,
} from "@/tests/support/stack";
import { KubeApiError } from "./api";
import {
  blueGreenRollout,
  canaryRollout,
  CHECKOUT_STEPS,
  errorRatioTemplate,
  setImageTag,
} from "./demo-rollouts";

afterEach(async () => {
  await clearFaults();
});

const healthy = (ns: string, name: string, replicas: number) =>
  waitForRollout(
    ns,
    name,
    `to be Healthy with ${replicas} available pods`,
    (r) => r.status?.phase === "Healthy" && r.status.availableReplicas === replicas,
  );

describe("the stack's Kubernetes", () => {
  it("runs a canary to its pause, promotes it with the kubectl plugin's PATCH, and aborts it on a failing analysis", async () => {
    const ns = await freshNamespace("canary");
    await apply(ns, errorRatioTemplate(stack().urls.prometheus, { interval: "5s", count: 6 }));
    await apply(ns, canaryRollout("checkout", CHECKOUT_STEPS("checkout"), { replicas: 4 }));
    await healthy(ns, "checkout", 4);
    const [stable] = await replicaSets(ns, "checkout");
    expect(stable!.status.readyReplicas).toBe(4); // KWOK made the pods Running and Ready

    // A new revision: the controller runs step 0 (25%) and stops at the manual pause.
    await setImageTag(kube(), ns, "checkout", "v2");
    const paused = await waitForRollout(
      ns,
      "checkout",
      "to pause at step 1",
      (r) => r.status?.phase === "Paused" && r.status.currentStepIndex === 1,
    );
    expect(paused.status!.pauseConditions!.map((c) => c.reason)).toEqual(["CanaryPauseStep"]);
    const sets = await replicaSets(ns, "checkout");
    const canary = sets.find(
      (s) => s.metadata.labels["rollouts-pod-template-hash"] === paused.status!.currentPodHash,
    )!;
    const old = sets.find((s) => s !== canary)!;
    expect([canary.spec.replicas, old.spec.replicas]).toEqual([1, 3]); // 25% of 4 replicas, by scaling (no traffic router)

    // The canary's service starts failing, and Prometheus sees it before the analysis step begins.
    await setFaults("checkout", { errorRate: 0.8 });
    await waitFor(
      "checkout's error ratio above 5% in Prometheus",
      async () => {
        const [sample] = await promQuery('service:http_server_error_ratio:rate1m{service="checkout"}');
        return sample && Number(sample.value[1]) > 0.05 ? sample : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 2_000 },
    );

    // `kubectl argo rollouts promote`: the rollout has pause conditions and is not spec.paused, so the
    // plugin sends exactly this merge patch to the status subresource (PATCHES.md).
    expect(await analysisRuns(ns)).toEqual([]); // the pause held it: no analysis yet
    await patchStatus(ns, "checkout", { status: { pauseConditions: null } });

    // It goes on to 50% and step 3's analysis, which asks the real Prometheus, fails at once, and the
    // controller aborts the rollout.
    const aborted = await waitForRollout(
      ns,
      "checkout",
      "to be aborted by its analysis",
      (r) => r.status?.abort === true && r.status.phase === "Degraded",
    );
    expect(aborted.status!.conditions!.some((c) => c.reason === "RolloutAborted")).toBe(true);
    const [run, ...others] = await analysisRuns(ns);
    expect(others).toEqual([]);
    expect(run!.metadata.name).toBe(`checkout-${paused.status!.currentPodHash}-2-3`); // revision 2, step 3
    expect(run!.status!.phase).toBe("Failed");
    const measurement = run!.status!.metricResults![0]!.measurements!.at(-1)!;
    expect(measurement.phase).toBe("Failed");
    expect(Number(JSON.parse(measurement.value!)[0])).toBeGreaterThan(0.05);
    await waitFor("the canary scaled down", async () => {
      const after = await replicaSets(ns, "checkout");
      const c = after.find((s) => s.metadata.name === canary.metadata.name)!;
      return c.spec.replicas === 0 ? after : undefined;
    });
  });

  it("holds a blue-green rollout for manual promotion, then switches the active service", async () => {
    const ns = await freshNamespace("bluegreen");
    for (const name of ["web", "web-preview"])
      await apply(ns, {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name },
        spec: { selector: { app: "web" }, ports: [{ port: 80 }] },
      });
    await apply(ns, blueGreenRollout("web", { replicas: 2 }));
    const before = await healthy(ns, "web", 2);

    await setImageTag(kube(), ns, "web", "v2");
    const paused = await waitForRollout(
      ns,
      "web",
      "to wait for promotion",
      (r) =>
        r.status?.phase === "Paused" &&
        (r.status.pauseConditions ?? []).some((c) => c.reason === "BlueGreenPause"),
    );
    expect(paused.status!.blueGreen!.activeSelector).toBe(before.status!.stableRS);
    expect(paused.status!.blueGreen!.previewSelector).toBe(paused.status!.currentPodHash);
    const preview = await kube().get<{ spec: { selector: Record<string, string> } }>(
      `/api/v1/namespaces/${ns}/services/web-preview`,
    );
    expect(preview.spec.selector["rollouts-pod-template-hash"]).toBe(paused.status!.currentPodHash);

    await patchStatus(ns, "web", { status: { pauseConditions: null } });
    const promoted = await waitForRollout(
      ns,
      "web",
      "to switch the active service",
      (r) => r.status?.phase === "Healthy" && r.status.stableRS === paused.status!.currentPodHash,
    );
    const active = await kube().get<{ spec: { selector: Record<string, string> } }>(
      `/api/v1/namespaces/${ns}/services/web`,
    );
    expect(active.spec.selector["rollouts-pod-template-hash"]).toBe(promoted.status!.stableRS);
  });

  it("serves Flagger's CRDs, and keeps its objects across an API server restart", async () => {
    const ns = await freshNamespace("flagger");
    const canary = {
      apiVersion: "flagger.app/v1beta1",
      kind: "Canary",
      metadata: { name: "podinfo", namespace: ns },
      spec: {
        targetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "podinfo" },
        service: { port: 9898 },
        analysis: { interval: "1m", threshold: 5, maxWeight: 50, stepWeight: 10, metrics: [] },
      },
    };
    const path = `/apis/flagger.app/v1beta1/namespaces/${ns}/canaries/podinfo`;
    await kube().apply(path, canary);

    await stopComponent("kube-apiserver");
    await expect(kube().get(path)).rejects.toThrow();
    await startComponent("kube-apiserver");
    const read = await kube().get<typeof canary>(path);
    expect(read.spec.analysis.stepWeight).toBe(10);
    await expect(kube().get(`${path}-missing`)).rejects.toBeInstanceOf(KubeApiError);
    // The demo rollouts are still there too (etcd kept them).
    expect((await getRollout("demo", "checkout")).spec.strategy.canary!.steps).toHaveLength(7);
  });
});
