import { describe, expect, it } from "vitest";
import { fleetRevisions, imageTag, replicaSetListSchema, rolloutListSchema } from "./rollout-revisions";

const UID = "0b6f1e4e-checkout";
const STEPS = [{ setWeight: 25 }, { pause: {} }, { setWeight: 50 }, { pause: { duration: "30s" } }];

/** A ReplicaSet of the Rollout as the controller makes it: owned, labelled with its pod-template hash. */
const replicaSet = (hash: string, tag: string, available: number, owner = UID) => ({
  metadata: {
    name: `checkout-${hash}`,
    labels: { app: "checkout", "rollouts-pod-template-hash": hash },
    ownerReferences: [{ apiVersion: "argoproj.io/v1alpha1", kind: "Rollout", name: "checkout", uid: owner }],
  },
  spec: {
    replicas: available,
    template: {
      spec: { containers: [{ name: "checkout", image: `registry.opsdeck.invalid/demo/checkout:${tag}` }] },
    },
  },
  status: { replicas: available, availableReplicas: available },
});

const canaryRollout = (status: Record<string, unknown>, name = "checkout") => ({
  metadata: { name, uid: UID, generation: 2 },
  spec: { replicas: 4, strategy: { canary: { steps: STEPS } } },
  status,
});

const revisionsOf = (rollouts: unknown[], replicaSets: unknown[]) =>
  fleetRevisions(
    rolloutListSchema.parse({ items: rollouts }),
    replicaSetListSchema.parse({ items: replicaSets }),
  );

const V1 = replicaSet("5f7d9c8b6", "v1", 3);
const V2 = replicaSet("6c8d4b7f9", "v2", 1);

describe("the revisions a Rollout's pods serve", () => {
  it("is the stable alone when the rollout is healthy", () => {
    const rollout = canaryRollout({
      stableRS: "5f7d9c8b6",
      currentPodHash: "5f7d9c8b6",
      currentStepIndex: 4,
      availableReplicas: 4,
    });
    expect(revisionsOf([rollout], [replicaSet("5f7d9c8b6", "v1", 4)])).toEqual({
      checkout: { stable: { hash: "5f7d9c8b6", tag: "v1" }, canary: null },
    });
  });

  it("gives a canary the share of available pods, as the kubectl plugin's actual weight", () => {
    const paused = canaryRollout({
      stableRS: "5f7d9c8b6",
      currentPodHash: "6c8d4b7f9",
      currentStepIndex: 1,
      availableReplicas: 4,
    });
    expect(revisionsOf([paused], [V1, V2]).checkout).toEqual({
      stable: { hash: "5f7d9c8b6", tag: "v1" },
      canary: { hash: "6c8d4b7f9", tag: "v2", weight: 25 },
    });
    // Rounded down, as the plugin's integer division: 1 of 3 available is 33.
    const scaling = canaryRollout({ ...paused.status, availableReplicas: 3 });
    expect(revisionsOf([scaling], [replicaSet("5f7d9c8b6", "v1", 2), V2]).checkout!.canary!.weight).toBe(33);
    // No pod available yet: no weight.
    const starting = canaryRollout({ ...paused.status, availableReplicas: 0 });
    expect(revisionsOf([starting], [V1, replicaSet("6c8d4b7f9", "v2", 0)]).checkout!.canary!.weight).toBe(0);
  });

  it("gives the canary everything past the last step, until it becomes the stable", () => {
    const done = canaryRollout({
      stableRS: "5f7d9c8b6",
      currentPodHash: "6c8d4b7f9",
      currentStepIndex: STEPS.length,
      availableReplicas: 4,
    });
    expect(revisionsOf([done], [V1, V2]).checkout!.canary!.weight).toBe(100);
  });

  it("drops the canary of an aborted rollout", () => {
    const aborted = canaryRollout({
      abort: true,
      stableRS: "5f7d9c8b6",
      currentPodHash: "6c8d4b7f9",
      currentStepIndex: 0,
      availableReplicas: 4,
    });
    expect(revisionsOf([aborted], [V1, V2]).checkout).toEqual({
      stable: { hash: "5f7d9c8b6", tag: "v1" },
      canary: null,
    });
  });

  it("serves a blue-green rollout's active revision alone; the preview gets no traffic", () => {
    const blueGreen = {
      metadata: { name: "web", uid: UID },
      spec: { replicas: 2, strategy: { blueGreen: { activeService: "web", previewService: "web-preview" } } },
      status: {
        stableRS: "5f7d9c8b6",
        currentPodHash: "6c8d4b7f9",
        availableReplicas: 4,
        blueGreen: { activeSelector: "5f7d9c8b6", previewSelector: "6c8d4b7f9" },
      },
    };
    expect(revisionsOf([blueGreen], [V1, V2])).toEqual({
      web: { stable: { hash: "5f7d9c8b6", tag: "v1" }, canary: null },
    });
    // Promoted: the active selector moves first, and is what serves.
    const promoted = {
      ...blueGreen,
      status: { ...blueGreen.status, blueGreen: { activeSelector: "6c8d4b7f9" } },
    };
    expect(revisionsOf([promoted], [V1, V2]).web!.stable).toEqual({ hash: "6c8d4b7f9", tag: "v2" });
  });

  it("leaves out rollouts that are not demo services, have no stable yet, or whose ReplicaSet is not seen", () => {
    const status = { stableRS: "5f7d9c8b6", currentPodHash: "5f7d9c8b6", availableReplicas: 4 };
    expect(revisionsOf([canaryRollout(status, "billing")], [V1])).toEqual({});
    expect(revisionsOf([canaryRollout({})], [V1])).toEqual({});
    expect(revisionsOf([canaryRollout(status)], [])).toEqual({});
    // Another rollout's ReplicaSet with the same hash is not this one's.
    expect(revisionsOf([canaryRollout(status)], [replicaSet("5f7d9c8b6", "v1", 4, "another-uid")])).toEqual(
      {},
    );
  });

  it("reads the image's tag, as the image reference grammar has it", () => {
    expect(imageTag("registry.opsdeck.invalid/demo/checkout:v2")).toBe("v2");
    expect(imageTag("localhost:5000/checkout:1.4.2-rc.1")).toBe("1.4.2-rc.1");
    expect(imageTag("localhost:5000/checkout")).toBe("latest");
    expect(imageTag("checkout:v3@sha256:0123abcd")).toBe("v3");
  });
});
