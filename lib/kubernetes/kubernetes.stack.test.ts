// Kubernetes access against the stack's real API server and Argo Rollouts controller, with the app's own
// non-admin credentials (the stack's opsdeck.kubeconfig, bound by deploy/kubernetes/*.yaml). The admin
// client of tests/support/kubernetes.ts only sets things up and plays "someone else changed it".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/config/env";
import { ConflictError, ForbiddenError } from "@/lib/errors";
import {
  apply,
  freshNamespace,
  getRollout,
  kube,
  patchSpec,
  rolloutPath,
  waitForRollout,
} from "@/tests/support/kubernetes";
import { stack, startComponent, stopComponent, waitFor } from "@/tests/support/stack";
import { canaryRollout } from "@/stack/kubernetes/demo-rollouts";
import type { ObjectChange } from "./changes";
import { impersonationHeaders, impersonationOf } from "./client";
import { loadKubeAccess } from "./clusters";
import { KubernetesForbiddenError } from "./errors";
import { EXPERIMENTS, ROLLOUT_EVENTS, ROLLOUT_REPLICA_SETS, ROLLOUTS, type GenericObject } from "./kinds";
import { Kubernetes } from "./kubernetes";
import { request } from "./requests";
import { sourceState } from "./state";

let kubernetes: Kubernetes;
const cluster = () => kubernetes.cluster("local");

function appAccess() {
  const described = stack().kubernetes;
  if (!described) throw new Error("the test stack was started without Kubernetes");
  return loadKubeAccess(parseEnv({ KUBECONFIG: described.appKubeconfig }))!;
}

beforeAll(async () => {
  kubernetes = new Kubernetes(appAccess(), { probeIntervalMs: 1_000 });
  kubernetes.start();
  await kubernetes.whenSynced();
});

afterAll(() => kubernetes.stop());

/** Resolves with the first change matching `match`, and how long after this call it came. */
function nextChange(match: (change: ObjectChange) => boolean, timeoutMs = 10_000) {
  const started = performance.now();
  return new Promise<{ change: ObjectChange; afterMs: number }>((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`no matching change within ${timeoutMs} ms`));
    }, timeoutMs);
    const unsubscribe = kubernetes.changes.objects.subscribe((change) => {
      if (!match(change)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve({ change, afterMs: performance.now() - started });
    });
  });
}

const oneStep = (name: string) => canaryRollout(name, [{ setWeight: 50 }, { pause: {} }], { replicas: 1 });

const annotate = (namespace: string, name: string, value: string) =>
  patchSpec(namespace, name, { metadata: { annotations: { "opsdeck.test/mark": value } } });

const mark = (object: GenericObject | undefined) => object?.metadata.annotations?.["opsdeck.test/mark"];

describe("Kubernetes access with the app's credentials", () => {
  it("lists every kind at start, then follows a new Rollout and its changes within two seconds", async () => {
    // The first list: the demo rollouts were there before the informers started.
    expect(
      cluster()
        .list(ROLLOUTS, { namespace: "demo" })
        .map((r) => r.metadata.name)
        .sort(),
    ).toEqual(["checkout", "inventory", "payments", "recommendations", "web"]);
    expect(cluster().serves(EXPERIMENTS)).toBe(true);
    const state = cluster().state();
    expect(state.state).toBe("synced");
    expect(state.kinds.map((k) => [k.plural, k.listed, k.watching])).toEqual([
      ["rollouts", true, true],
      ["analysisruns", true, true],
      ["experiments", true, true],
      ["replicasets", true, true],
      ["events", true, true], // the Rollouts' events
      ["canaries", true, true],
      ["events", true, true], // the Flagger Canaries' events
    ]);
    expect(sourceState(state).state).toBe("ok");

    const ns = await freshNamespace("informer");
    const added = nextChange((c) => c.type === "added" && c.namespace === ns && c.kind === "Rollout");
    await apply(ns, oneStep("checkout"));
    const { change, afterMs } = await added;
    expect(change).toMatchObject({
      cluster: "local",
      plural: "rollouts",
      group: "argoproj.io",
      name: "checkout",
    });
    expect(afterMs).toBeLessThan(2_000);
    const cached = cluster().get(ROLLOUTS, ns, "checkout")!;
    const fromServer = await kube().get<{ metadata: { uid: string } }>(rolloutPath(ns, "checkout"));
    expect(cached.metadata.uid).toBe(fromServer.metadata.uid);
    // The cache holds the parsed form: no managedFields.
    expect(Object.keys(cached.metadata)).not.toContain("managedFields");

    // The controller updates the new Rollout too: wait for the version that carries the patch.
    const updated = nextChange(
      (c) =>
        c.type === "updated" && c.namespace === ns && mark(cluster().get(ROLLOUTS, ns, "checkout")) === "one",
    );
    await annotate(ns, "checkout", "one");
    expect((await updated).afterMs).toBeLessThan(2_000);
    expect(mark(cluster().get(ROLLOUTS, ns, "checkout"))).toBe("one");

    // Its ReplicaSet (selected by Argo's label) reaches the cache too.
    await waitForRollout(ns, "checkout", "to be Healthy", (r) => r.status?.phase === "Healthy");
    const { uid } = cached.metadata;
    await waitFor("the rollout's ReplicaSet in the cache", async () => {
      const sets = cluster().list(ROLLOUT_REPLICA_SETS, { namespace: ns, ownerUid: uid });
      return sets.length === 1 ? sets : undefined;
    });
    expect(await cluster().client.listOwned(ROLLOUT_REPLICA_SETS, ns, uid)).toHaveLength(1);

    // Events about Rollouts are cached, others not (the field selector). Made here rather than awaited
    // from the controller, whose events can lag by a minute behind a busy queue; one watch delivers them
    // in order, so once the second is cached the first would have been too.
    const event = (name: string, kind: string) =>
      kube().request("POST", `/api/v1/namespaces/${ns}/events`, {
        body: {
          apiVersion: "v1",
          kind: "Event",
          metadata: { name },
          involvedObject: { kind, name: "checkout", namespace: ns },
          reason: "OpsdeckTest",
          message: `about a ${kind}`,
          type: "Normal",
          count: 1,
          firstTimestamp: new Date().toISOString(),
          lastTimestamp: new Date().toISOString(),
          source: { component: "opsdeck-test" },
        },
      });
    await event("about-a-deployment", "Deployment");
    const cachedEvent = nextChange((c) => c.kind === "Event" && c.name === "about-a-rollout");
    await event("about-a-rollout", "Rollout");
    expect((await cachedEvent).afterMs).toBeLessThan(2_000);
    const events = cluster().list(ROLLOUT_EVENTS, { namespace: ns });
    expect(events.find((e) => e.metadata.name === "about-a-rollout")?.message).toBe("about a Rollout");
    expect(events.map((e) => e.involvedObject.kind)).not.toContain("Deployment");

    const deleted = nextChange((c) => c.type === "deleted" && c.namespace === ns && c.name === "checkout");
    await kube().request("DELETE", rolloutPath(ns, "checkout"));
    await deleted;
    expect(cluster().get(ROLLOUTS, ns, "checkout")).toBeUndefined();
  });

  it("may patch a Rollout's status, but Kubernetes refuses it a delete and a ReplicaSet patch", async () => {
    const ns = await freshNamespace("rbac");
    await apply(ns, oneStep("web"));
    await waitForRollout(ns, "web", "to be Healthy", (r) => r.status?.phase === "Healthy");

    const patched = await cluster().client.patch(ROLLOUTS, ns, "web", {
      subresource: "status",
      type: "merge",
      body: { status: { pauseConditions: null } },
    });
    expect(patched.metadata.name).toBe("web");

    const { kubeConfig } = appAccess().clusters[0]!;
    const deletion = request(kubeConfig, {
      method: "DELETE",
      path: rolloutPath(ns, "web"),
      describe: {
        cluster: "local",
        verb: "delete",
        kind: "Rollout",
        resource: "rollouts",
        namespace: ns,
        name: "web",
      },
    });
    await expect(deletion).rejects.toBeInstanceOf(KubernetesForbiddenError);
    await expect(deletion).rejects.toThrow(
      `Kubernetes cluster "local" refused Opsdeck: its account may not delete rollouts in namespace "${ns}".`,
    );
    expect((await getRollout(ns, "web")).metadata.name).toBe("web");

    const [set] = cluster().list(ROLLOUT_REPLICA_SETS, { namespace: ns });
    const refused = cluster()
      .client.patch(ROLLOUT_REPLICA_SETS, ns, set!.metadata.name, {
        type: "merge",
        body: { spec: { replicas: 5 } },
      })
      .catch((error: unknown) => error);
    const error = (await refused) as KubernetesForbiddenError;
    expect(error).toBeInstanceOf(ForbiddenError);
    expect([error.status, error.details()]).toEqual([
      403,
      { permission: "kubernetes:patch:replicasets", upstream: "kubernetes", cluster: "local" },
    ]);
  });

  it("refuses a patch with ConflictError when the Rollout moved past the version it was based on", async () => {
    const ns = await freshNamespace("conflict");
    await apply(ns, oneStep("payments"));
    const read = await cluster().client.get(ROLLOUTS, ns, "payments");
    await annotate(ns, "payments", "someone else"); // the Rollout moves on

    const stale = { resourceVersion: read.metadata.resourceVersion };
    await expect(
      cluster().client.patch(ROLLOUTS, ns, "payments", {
        type: "merge",
        body: { metadata: { annotations: { "opsdeck.test/mark": "merge" } } },
        ...stale,
      }),
    ).rejects.toThrow(ConflictError);
    const jsonPatch = cluster()
      .client.patch(ROLLOUTS, ns, "payments", {
        type: "json",
        body: [{ op: "add", path: "/metadata/annotations/opsdeck.test~1mark", value: "json" }],
        ...stale,
      })
      .catch((error: unknown) => error);
    expect(await jsonPatch).toBeInstanceOf(ConflictError);
    expect(((await jsonPatch) as Error).message).toMatch(
      new RegExp(
        `changed since it was read \\(resourceVersion ${read.metadata.resourceVersion}, now \\d+\\)`,
      ),
    );
    expect(mark(await cluster().client.get(ROLLOUTS, ns, "payments"))).toBe("someone else");

    // Based on the current version, the patch applies. The controller is still writing the new Rollout's
    // status, so "current" can be outdated by the time the patch lands: read again then, as any writer must.
    let current = await cluster().client.get(ROLLOUTS, ns, "payments");
    let merged: GenericObject | undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        merged = await cluster().client.patch(ROLLOUTS, ns, "payments", {
          type: "json",
          body: [{ op: "replace", path: "/metadata/annotations/opsdeck.test~1mark", value: "mine" }],
          resourceVersion: current.metadata.resourceVersion,
        });
        break;
      } catch (error) {
        if (!(error instanceof ConflictError) || attempt >= 5) throw error;
        current = await cluster().client.get(ROLLOUTS, ns, "payments");
      }
    }
    expect(mark(merged)).toBe("mine");
    await expect(
      cluster().client.patch(ROLLOUTS, ns, "payments", {
        subresource: "status",
        type: "merge",
        body: { status: { pauseConditions: null } },
        resourceVersion: current.metadata.resourceVersion, // now outdated by the patch above
      }),
    ).rejects.toThrow(ConflictError);
  });

  it("sends actions as the signed-in person when impersonating, so the cluster's RBAC decides", async () => {
    const ns = await freshNamespace("impersonate");
    await apply(ns, oneStep("inventory"));
    const { kubeConfig } = appAccess().clusters[0]!;
    const ana = impersonationOf({ email: "ana@example.com", role: "operator" });

    // Kubernetes sees the person with both groups (one header line each).
    const review = (await request(kubeConfig, {
      method: "POST",
      path: "/apis/authentication.k8s.io/v1/selfsubjectreviews",
      headers: { "Content-Type": "application/json", ...impersonationHeaders(ana) },
      body: JSON.stringify({ apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" }),
      describe: {
        cluster: "local",
        verb: "create",
        kind: "SelfSubjectReview",
        resource: "selfsubjectreviews",
      },
    })) as { status: { userInfo: { username: string; groups: string[] } } };
    expect(review.status.userInfo.username).toBe("ana@example.com");
    expect([...review.status.userInfo.groups].sort()).toEqual(["opsdeck:operator", "system:authenticated"]);

    const promote = (as = ana) =>
      cluster().client.patch(
        ROLLOUTS,
        ns,
        "inventory",
        { subresource: "status", type: "merge", body: { status: { pauseConditions: null } } },
        { impersonate: as },
      );
    // Nothing grants ana or operators anything in this namespace yet, although Opsdeck itself may patch.
    await expect(promote()).rejects.toThrow(
      `Kubernetes cluster "local" does not allow ana@example.com (opsdeck:operator, system:authenticated) to patch rollouts/status in namespace "${ns}" (the cluster's own RBAC).`,
    );

    // Operators may act in this namespace; a viewer still may not.
    await kube().apply(`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings/operators`, {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: "operators", namespace: ns },
      roleRef: {
        apiGroup: "rbac.authorization.k8s.io",
        kind: "ClusterRole",
        name: "opsdeck-rollout-actions",
      },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "opsdeck:operator" }],
    });
    const done = await waitFor("the RoleBinding to take effect", () => promote().catch(() => undefined), {
      timeoutMs: 10_000,
      intervalMs: 200,
    });
    expect(done.metadata.name).toBe("inventory");
    await expect(
      promote(impersonationOf({ email: "vic@example.com", role: "viewer" })),
    ).rejects.toBeInstanceOf(KubernetesForbiddenError);
  });

  it("marks the cluster stale with its last data while the API server is down, and resumes the same informers after", async () => {
    const ns = await freshNamespace("outage");
    await apply(ns, oneStep("recommendations"));
    await waitFor("the rollout in the cache", async () => cluster().get(ROLLOUTS, ns, "recommendations"));
    const informer = cluster().informer(ROLLOUTS);
    const restartsBefore = informer.restarts;

    const stopped = Date.now();
    await stopComponent("kube-apiserver");
    const stale = await waitFor(
      "the cluster to turn stale",
      async () => {
        const state = cluster().state();
        return state.state === "stale" ? state : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    if (stale.state !== "stale") throw new Error("unreachable");
    expect(stale.message).toMatch(
      /^Kubernetes cluster "local" (at https:\/\/127\.0\.0\.1:\d+ is unreachable|did not answer)/,
    );
    expect(Date.parse(stale.since)).toBeGreaterThanOrEqual(stopped - 1_000);
    const source = sourceState(stale);
    expect(source).toEqual({ state: "stale", asOf: stale.since, message: stale.message });
    // The last good data is still served.
    expect(cluster().get(ROLLOUTS, ns, "recommendations")?.metadata.name).toBe("recommendations");
    expect(cluster().list(ROLLOUTS, { namespace: "demo" })).toHaveLength(5);

    await startComponent("kube-apiserver");
    await waitFor("the cluster to be in sync again", async () =>
      cluster().state().state === "synced" ? true : undefined,
    );
    // A change made after the restart reaches the cache through the same informer, resumed.
    const seen = nextChange(
      (c) =>
        c.namespace === ns && mark(cluster().get(ROLLOUTS, ns, "recommendations")) === "after the restart",
    );
    await annotate(ns, "recommendations", "after the restart");
    await seen;
    expect(mark(cluster().get(ROLLOUTS, ns, "recommendations"))).toBe("after the restart");
    expect(cluster().informer(ROLLOUTS)).toBe(informer);
    expect(informer.restarts).toBeGreaterThan(restartsBefore);
  });
});
