// What the informer caches cost and how fast they follow, measured on the stack's real API server and
// Argo Rollouts controller (numbers quoted in docs/adr/0013): the heap held for N rollouts with their
// ReplicaSets and events, and the time from a patch to the informer's change notification.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/config/env";
import { freshNamespace, kube, patchSpec } from "@/tests/support/kubernetes";
import { stack, waitFor } from "@/tests/support/stack";
import { KubeApiError } from "@/stack/kubernetes/api";
import { applyInNamespace, canaryRollout } from "@/stack/kubernetes/demo-rollouts";
import { loadKubeAccess } from "./clusters";
import { ROLLOUT_REPLICA_SETS, ROLLOUTS, WATCHED_KINDS, type KindDescriptor, type KubeObject } from "./kinds";
import { Kubernetes } from "./kubernetes";

const N = 200;

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

function heapUsed(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

let namespace: string;
const started: Kubernetes[] = [];

/** A Kubernetes access of its own, watching only the test's namespace, with the app's credentials. */
function access(kinds: KindDescriptor<KubeObject>[]) {
  const config = stack().kubernetes!;
  const instance = new Kubernetes(
    loadKubeAccess(parseEnv({ KUBECONFIG: config.appKubeconfig, KUBE_NAMESPACES: namespace }))!,
    { kinds },
  );
  started.push(instance);
  return instance;
}

afterAll(async () => {
  for (const instance of started) instance.stop();
  if (!namespace) return;
  // Gone before the next test file runs, so that its garbage collection does not slow the controller there.
  await kube().request("DELETE", `/api/v1/namespaces/${namespace}`);
  await waitFor(
    `namespace ${namespace} to be deleted`,
    () =>
      kube()
        .get(`/api/v1/namespaces/${namespace}`)
        .then(
          () => undefined,
          (error: unknown) => (error instanceof KubeApiError && error.status === 404 ? true : undefined),
        ),
    { timeoutMs: 240_000, intervalMs: 2_000 },
  );
});

describe(`informer caches with ${N} rollouts`, () => {
  it("hold them in a bounded heap and follow a patch within two seconds", async () => {
    namespace = await freshNamespace("scale");
    for (let i = 0; i < N; i += 20) {
      await Promise.all(
        Array.from({ length: Math.min(20, N - i) }, (_, j) =>
          applyInNamespace(
            kube(),
            namespace,
            canaryRollout(`svc-${String(i + j).padStart(3, "0")}`, [{ setWeight: 50 }, { pause: {} }], {
              replicas: 1,
            }),
          ),
        ),
      );
    }
    // Let the controller create every ReplicaSet first, so that both measurements see the same objects.
    const probe = access([ROLLOUT_REPLICA_SETS]);
    probe.start();
    await waitFor(
      `${N} ReplicaSets`,
      async () => (probe.cluster("local").list(ROLLOUT_REPLICA_SETS).length >= N ? true : undefined),
      { timeoutMs: 240_000, intervalMs: 2_000 },
    );
    probe.stop();

    // The cache's size is what stopping the informers frees; the growth from before they started also
    // counts one-time costs (code compiled on first use), so both are reported.
    const measure = async (kinds: KindDescriptor<KubeObject>[], keep = false) => {
      const before = heapUsed();
      const instance = access(kinds);
      instance.start();
      await instance.whenSynced();
      const cluster = instance.cluster("local");
      expect(cluster.list(ROLLOUTS)).toHaveLength(N);
      const counts = instance.states()[0]!.kinds.map((k) => `${k.objects} ${k.plural}`);
      const cachedJson = kinds.reduce((sum, kind) => sum + JSON.stringify(cluster.list(kind)).length, 0);
      const after = heapUsed();
      if (keep) return { instance, cache: NaN, growth: after - before, counts, cachedJson };
      instance.stop();
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // the aborted watches let go of them
      return { instance, cache: after - heapUsed(), growth: after - before, counts, cachedJson };
    };

    const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
    // For scale: what the API server sends for the same objects (JSON, managedFields included).
    const json = await Promise.all(
      ["/apis/argoproj.io/v1alpha1", "/apis/apps/v1", "/api/v1"].map((base, i) =>
        kube().get(`${base}/namespaces/${namespace}/${["rollouts", "replicasets", "events"][i]}`),
      ),
    );
    console.log(
      `[measure] the API's JSON for them: rollouts ${kib(JSON.stringify(json[0]).length)}, replicasets ${kib(JSON.stringify(json[1]).length)}, events ${kib(JSON.stringify(json[2]).length)}`,
    );
    for (const kinds of [[ROLLOUTS], WATCHED_KINDS]) {
      const { cache, growth, counts, cachedJson } = await measure(kinds);
      console.log(
        `[measure] ${counts.join(", ")}: the cache holds ${kib(cache)} of heap (${kib(cache / N)} per rollout; heap growth from start ${kib(growth)}; the cached objects as JSON ${kib(cachedJson)})`,
      );
      // A rollout with its ReplicaSet and events is a few KiB of JSON; the cache must stay in that order.
      expect(cache / N).toBeLessThan(32 * 1024);
    }
    const all = await measure(WATCHED_KINDS, true);

    // Patch → change notification, as a page's live stream would see it.
    const cluster = all.instance.cluster("local");
    const latencies: number[] = [];
    for (let i = 0; i < 30; i++) {
      const name = `svc-${String(i).padStart(3, "0")}`;
      const seen = new Promise<number>((resolve) => {
        const unsubscribe = all.instance.changes.objects.subscribe((change) => {
          // The controller updates rollouts too: wait for the version carrying this patch.
          const cached = cluster.get(ROLLOUTS, namespace, name);
          if (change.name === name && cached?.metadata.annotations?.["opsdeck.test/mark"] === `m${i}`) {
            unsubscribe();
            resolve(performance.now());
          }
        });
      });
      const sent = performance.now();
      await patchSpec(namespace, name, { metadata: { annotations: { "opsdeck.test/mark": `m${i}` } } });
      latencies.push((await seen) - sent);
      expect(cluster.get(ROLLOUTS, namespace, name)?.metadata.annotations?.["opsdeck.test/mark"]).toBe(
        `m${i}`,
      );
    }
    const ms = (x: number) => `${x.toFixed(1)} ms`;
    console.log(
      `[measure] patch → informer event over ${latencies.length} patches: p50 ${ms(percentile(latencies, 50))}, p95 ${ms(percentile(latencies, 95))}, max ${ms(Math.max(...latencies))}`,
    );
    expect(percentile(latencies, 95)).toBeLessThan(2_000);
  });
});
