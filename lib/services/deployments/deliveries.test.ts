// The index of deliveries over an in-memory stand-in for the informer caches: upstream's own objects
// (lib/argo-rollouts/fixtures), changes announced as the informers announce them.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { FIXTURES_DIR } from "@/lib/argo-rollouts/fixtures/load";
import { KubeChanges } from "@/lib/kubernetes/changes";
import type { Cluster } from "@/lib/kubernetes/cluster";
import { kindKey, parseGenericObject, type GenericObject, type KindDescriptor } from "@/lib/kubernetes/kinds";
import type { Kubernetes } from "@/lib/kubernetes/kubernetes";
import type { ClusterState } from "@/lib/kubernetes/state";
import { DeliveryIndex, type DeliveryChange } from "./deliveries";

const PLURALS: Record<string, string> = {
  Rollout: "rollouts.argoproj.io",
  ReplicaSet: "replicasets.apps",
  AnalysisRun: "analysisruns.argoproj.io",
  Experiment: "experiments.argoproj.io",
  Event: "events.core",
};

/** What the index reads of a cluster: its cached objects by kind. */
class FakeCluster {
  readonly objects = new Map<string, GenericObject[]>();
  constructor(readonly name: string) {}

  add(kind: string, object: GenericObject) {
    const key = PLURALS[kind]!;
    const list = (this.objects.get(key) ?? []).filter(
      (o) =>
        !(o.metadata.name === object.metadata.name && o.metadata.namespace === object.metadata.namespace),
    );
    this.objects.set(key, [...list, object]);
  }

  remove(kind: string, namespace: string, name: string) {
    const key = PLURALS[kind]!;
    this.objects.set(
      key,
      (this.objects.get(key) ?? []).filter(
        (o) => !(o.metadata.name === name && o.metadata.namespace === namespace),
      ),
    );
  }

  list(kind: KindDescriptor, filter: { namespace?: string; ownerUid?: string } = {}) {
    return (this.objects.get(kindKey(kind)) ?? []).filter(
      (o) =>
        (filter.namespace === undefined || o.metadata.namespace === filter.namespace) &&
        (!filter.ownerUid || o.metadata.ownerReferences?.some((ref) => ref.uid === filter.ownerUid)),
    );
  }

  get(kind: KindDescriptor, namespace: string | undefined, name: string) {
    return this.list(kind, { namespace }).find((o) => o.metadata.name === name);
  }
}

function fakeKubernetes(cluster: FakeCluster) {
  const changes = new KubeChanges();
  const state: ClusterState = { cluster: cluster.name, kinds: [], state: "synced" };
  const kube = {
    changes,
    names: () => [cluster.name],
    cluster: () => cluster as unknown as Cluster,
    states: () => [state],
  };
  return kube as unknown as Kubernetes & { changes: KubeChanges };
}

/** The raw objects of a fixture directory, as the informers would cache them. */
function rawObjects(directory: string, only?: RegExp): { kind: string; object: GenericObject }[] {
  const root = path.join(FIXTURES_DIR, "info", directory);
  return readdirSync(root)
    .filter((file) => file.endsWith(".yaml") && (!only || only.test(file)))
    .flatMap((file) => parseAllDocuments(readFileSync(path.join(root, file), "utf8")))
    .map((document) => document.toJS() as { kind: string })
    .filter((raw) => PLURALS[raw.kind])
    .map((raw) => ({ kind: raw.kind, object: parseGenericObject(raw) }));
}

let index: DeliveryIndex | undefined;
afterEach(() => index?.stop());

function setUp(directory = "canary", only?: RegExp) {
  const cluster = new FakeCluster("eu");
  for (const { kind, object } of rawObjects(directory, only)) cluster.add(kind, object);
  const kube = fakeKubernetes(cluster);
  index = new DeliveryIndex(kube, {
    serviceLabel: "app.kubernetes.io/name",
    now: () => new Date("2019-11-08T00:00:00Z"),
  }).start();
  const heard: DeliveryChange[] = [];
  index.subscribe((change) => heard.push(change));
  const announce = (kind: string, type: "added" | "updated" | "deleted", object: GenericObject) => {
    const key = PLURALS[kind]!;
    const [plural, group] = [key.slice(0, key.indexOf(".")), key.slice(key.indexOf(".") + 1)];
    kube.changes.objects.emit({
      type,
      cluster: "eu",
      kind,
      group: group === "core" ? "" : group!,
      plural: plural!,
      namespace: object.metadata.namespace,
      name: object.metadata.name,
      resourceVersion: object.metadata.resourceVersion,
    });
  };
  return { cluster, index, heard, announce };
}

describe("the index of deliveries", () => {
  it("summarises every cached rollout at start and finds them by service and namespace", () => {
    const { index } = setUp();
    expect(index.size).toBe(6);
    const byService = index.candidates({ service: ["canary-demo-weights"] });
    expect(byService.map((s) => s.name)).toEqual(["canary-demo-weights"]);
    expect(index.candidates({ namespace: ["jesse-test"] })).toHaveLength(6);
    expect(index.candidates({ namespace: ["elsewhere"] })).toEqual([]);
    expect(index.get("argo-rollouts/eu/jesse-test/canary-demo")).toMatchObject({ status: "Degraded" });
  });

  // Upstream's variants of canary-demo (canary-rollout2…6.yaml) share its uid: only the one here.
  const CANARY_DEMO = /^(canary-rollout|.*-rs)\.yaml$/;

  it("recomputes a rollout when a ReplicaSet it owns changes, and says what changed", async () => {
    const { cluster, index, heard, announce } = setUp("canary", CANARY_DEMO);
    const key = "argo-rollouts/eu/jesse-test/canary-demo";
    const before = index.get(key)!;
    const stable = cluster
      .list({ plural: "replicasets", group: "apps" } as KindDescriptor, {})
      .find((rs) => rs.metadata.name.startsWith("canary-demo-877894d5b"))!;
    const changed = structuredClone(stable);
    (
      changed.spec as { template: { spec: { containers: { image: string }[] } } }
    ).template.spec.containers[0]!.image = "argoproj/rollouts-demo:purple";
    changed.metadata.resourceVersion = "999";
    cluster.add("ReplicaSet", changed);
    announce("ReplicaSet", "updated", changed);
    await new Promise((resolve) => setImmediate(resolve));
    const after = index.get(key)!;
    expect(after.revisions.find((r) => r.role === "stable")!.images).toEqual([
      "argoproj/rollouts-demo:purple",
    ]);
    expect(heard).toContainEqual(
      expect.objectContaining({ kind: "delivery", key, summaryChanged: true, before, after }),
    );
  });

  it("tells about a rollout's new event without a new summary, and forgets a deleted rollout", async () => {
    const { cluster, index, heard, announce } = setUp("canary", CANARY_DEMO);
    expect(index.size).toBe(1);
    const event = parseGenericObject({
      metadata: { name: "canary-demo.1", namespace: "jesse-test", uid: "e1", resourceVersion: "1" },
    }) as GenericObject & { involvedObject: unknown };
    Object.assign(event, {
      involvedObject: { kind: "Rollout", name: "canary-demo", namespace: "jesse-test" },
    });
    cluster.add("Event", event);
    announce("Event", "added", event);
    expect(heard.at(-1)).toMatchObject({
      key: "argo-rollouts/eu/jesse-test/canary-demo",
      summaryChanged: false,
    });

    const rollout = cluster.get(
      { plural: "rollouts", group: "argoproj.io" } as KindDescriptor,
      "jesse-test",
      "canary-demo",
    )!;
    cluster.remove("Rollout", "jesse-test", "canary-demo");
    announce("Rollout", "deleted", rollout);
    await new Promise((resolve) => setImmediate(resolve));
    expect(index.get("argo-rollouts/eu/jesse-test/canary-demo")).toBeNull();
    expect(heard.at(-1)).toMatchObject({ summaryChanged: true, after: null });
    expect(index.size).toBe(0);
  });

  it("shares a derived value until a summary changes", async () => {
    const { cluster, index, announce } = setUp("blue-green");
    let computed = 0;
    const names = () => index.derived("names", () => (computed++, index.candidates({}).map((s) => s.name)));
    expect(names()).toEqual(["bluegreen-demo"]);
    names();
    expect(computed).toBe(1);
    const rollout = structuredClone(
      cluster.get(
        { plural: "rollouts", group: "argoproj.io" } as KindDescriptor,
        "jesse-test",
        "bluegreen-demo",
      )!,
    );
    rollout.metadata.labels = { ...rollout.metadata.labels, "app.kubernetes.io/name": "shop" };
    cluster.add("Rollout", rollout);
    announce("Rollout", "updated", rollout);
    await new Promise((resolve) => setImmediate(resolve));
    names();
    expect(computed).toBe(2);
    expect(index.candidates({ service: ["shop"] }).map((s) => s.name)).toEqual(["bluegreen-demo"]);
    expect(index.candidates({ service: ["bluegreen-demo"] })).toEqual([]);
  });

  it("recomputes a burst in batches, a read taking one batch", () => {
    const { cluster, index, announce } = setUp("blue-green");
    const base = cluster.get(
      { plural: "rollouts", group: "argoproj.io" } as KindDescriptor,
      "jesse-test",
      "bluegreen-demo",
    )!;
    for (let i = 0; i < 250; i++) {
      const copy = structuredClone(base);
      copy.metadata.name = `bg-${i}`;
      copy.metadata.uid = `uid-${i}`;
      cluster.add("Rollout", copy);
      announce("Rollout", "added", copy);
    }
    expect(index.size).toBe(100); // one read: one batch of 100 (the oldest changes first)
    index.flush();
    expect(index.size).toBe(251);
  });
});
