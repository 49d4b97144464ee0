import { describe, expect, it } from "vitest";
import {
  collectionPath,
  kindKey,
  objectPath,
  parseFailure,
  parseGenericObject,
  ROLLOUT_EVENTS,
  ROLLOUT_REPLICA_SETS,
  ROLLOUTS,
} from "./kinds";

describe("kind descriptors", () => {
  it("build the API paths of core, apps and custom kinds", () => {
    expect(collectionPath(ROLLOUTS)).toBe("/apis/argoproj.io/v1alpha1/rollouts");
    expect(collectionPath(ROLLOUTS, "demo")).toBe("/apis/argoproj.io/v1alpha1/namespaces/demo/rollouts");
    expect(objectPath(ROLLOUTS, "demo", "checkout", "status")).toBe(
      "/apis/argoproj.io/v1alpha1/namespaces/demo/rollouts/checkout/status",
    );
    expect(collectionPath(ROLLOUT_REPLICA_SETS, "demo")).toBe("/apis/apps/v1/namespaces/demo/replicasets");
    expect(collectionPath(ROLLOUT_EVENTS)).toBe("/api/v1/events");
    expect(kindKey(ROLLOUT_EVENTS)).toBe("events.core");
    expect(kindKey(ROLLOUTS)).toBe("rollouts.argoproj.io");
  });

  it("escape names", () => {
    expect(objectPath(ROLLOUTS, "demo", "a/b")).toBe(
      "/apis/argoproj.io/v1alpha1/namespaces/demo/rollouts/a%2Fb",
    );
  });
});

describe("parseGenericObject", () => {
  const rollout = {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Rollout",
    metadata: {
      name: "checkout",
      namespace: "demo",
      uid: "u-1",
      resourceVersion: "812",
      generation: 3,
      labels: { app: "checkout" },
      annotations: {
        "rollout.argoproj.io/revision": "2",
        "kubectl.kubernetes.io/last-applied-configuration": "{…a copy of the whole object…}",
      },
      managedFields: [{ manager: "kubectl", operation: "Apply", fieldsV1: { "f:spec": {} } }],
    },
    spec: { replicas: 4 },
    status: { phase: "Healthy" },
  };

  it("keeps metadata, spec and status, and drops managedFields and the last-applied copy", () => {
    expect(parseGenericObject(rollout)).toEqual({
      metadata: {
        name: "checkout",
        namespace: "demo",
        uid: "u-1",
        resourceVersion: "812",
        generation: 3,
        labels: { app: "checkout" },
        annotations: { "rollout.argoproj.io/revision": "2" },
      },
      spec: { replicas: 4 },
      status: { phase: "Healthy" },
    });
  });

  it("accepts an object without spec or status (a Rollout the controller has not seen yet)", () => {
    const { status: _status, spec: _spec, ...bare } = rollout;
    expect(parseGenericObject(bare)).toEqual({ metadata: expect.objectContaining({ name: "checkout" }) });
  });

  it("refuses an object without identity, with a short reason", () => {
    let reason = "";
    try {
      parseGenericObject({ metadata: { name: "x" } });
    } catch (error) {
      reason = parseFailure(error);
    }
    expect(reason).toMatch(/^metadata\.uid: .*; metadata\.resourceVersion: /);
  });

  it("parses a Rollout event with its involved object", () => {
    const event = ROLLOUT_EVENTS.parse({
      metadata: { name: "checkout.17f", namespace: "demo", uid: "e-1", resourceVersion: "900" },
      involvedObject: { kind: "Rollout", name: "checkout", namespace: "demo", uid: "u-1" },
      reason: "RolloutStepCompleted",
      message: "Rollout step 1/7 completed (setWeight: 25)",
      type: "Normal",
      count: 1,
      firstTimestamp: "2026-01-01T00:00:00Z",
      lastTimestamp: "2026-01-01T00:00:00Z",
      eventTime: null,
    });
    expect(event.involvedObject.name).toBe("checkout");
    expect(event.reason).toBe("RolloutStepCompleted");
  });
});
