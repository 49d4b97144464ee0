// The cases of utils/rollout/rolloututil_test.go (v1.9.1), on the same objects.
import { describe, expect, it } from "vitest";
import { rolloutSchema, type CanaryStep, type Rollout } from "./schemas";
import {
  canaryStepString,
  currentCanaryStep,
  currentSetWeight,
  isFullyPromoted,
  isGenerationObserved,
  isWorkloadGenerationObserved,
  rolloutPhase,
} from "./status";

type RolloutStatus = NonNullable<Rollout["status"]>;

/** newCanaryRollout() of rolloututil_test.go, with changes. */
function canary(change: (rollout: Rollout) => void = () => {}): Rollout {
  const rollout = rolloutSchema.parse({
    metadata: { name: "can-guestbook", namespace: "test" },
    spec: {
      replicas: 5,
      strategy: { canary: { steps: [{ setWeight: 10 }, { pause: { duration: 60 } }, { setWeight: 20 }] } },
    },
    status: { currentStepIndex: 1, replicas: 4, readyReplicas: 1, updatedReplicas: 3, availableReplicas: 2 },
  });
  change(rollout);
  return rollout;
}

/** newBlueGreenRollout() of rolloututil_test.go, with changes. */
function blueGreen(change: (rollout: Rollout) => void = () => {}): Rollout {
  const rollout = rolloutSchema.parse({
    metadata: { name: "bg-guestbook", namespace: "test" },
    spec: { replicas: 5, strategy: { blueGreen: {} } },
    status: { currentStepIndex: 1, replicas: 4, readyReplicas: 1, updatedReplicas: 3, availableReplicas: 2 },
  });
  change(rollout);
  return rollout;
}

function setStatus(rollout: Rollout, status: RolloutStatus) {
  rollout.status = { ...rollout.status, ...status };
}

describe("rolloutPhase (GetRolloutPhase)", () => {
  it("TestRolloutStatusDegraded: a ProgressDeadlineExceeded condition", () => {
    const rollout = canary((r) =>
      setStatus(r, {
        conditions: [{ type: "Progressing", reason: "ProgressDeadlineExceeded", message: "timed out" }],
      }),
    );
    expect(rolloutPhase(rollout)).toEqual({
      phase: "Degraded",
      message: "ProgressDeadlineExceeded: timed out",
    });
  });

  it("TestRolloutStatusPaused: spec.paused", () => {
    const rollout = canary((r) => (r.spec.paused = true));
    expect(rolloutPhase(rollout)).toEqual({ phase: "Paused", message: "manually paused" });
  });

  it.each([
    ["more replicas need to be updated", { updatedReplicas: 4, availableReplicas: 4, replicas: 5 }],
    [
      "updated replicas are still becoming available",
      { updatedReplicas: 5, availableReplicas: 4, replicas: 5 },
    ],
    ["old replicas are pending termination", { updatedReplicas: 5, availableReplicas: 5, replicas: 7 }],
  ])("TestRolloutStatusProgressing: %s", (message, status) => {
    expect(rolloutPhase(canary((r) => setStatus(r, status)))).toEqual({ phase: "Progressing", message });
  });

  const fullBlueGreen = { replicas: 5, updatedReplicas: 5, availableReplicas: 5 };

  it("TestRolloutStatusProgressing: blue-green before the active service is switched", () => {
    const rollout = blueGreen((r) =>
      setStatus(r, {
        ...fullBlueGreen,
        blueGreen: { activeSelector: "abc1234" },
        stableRS: "abc1234",
        currentPodHash: "def5678",
      }),
    );
    expect(rolloutPhase(rollout)).toEqual({
      phase: "Progressing",
      message: "active service cutover pending",
    });
  });

  it("TestRolloutStatusProgressing: blue-green waiting for its post-promotion analysis", () => {
    const rollout = blueGreen((r) => {
      r.spec.strategy!.blueGreen!.postPromotionAnalysis = {};
      setStatus(r, {
        ...fullBlueGreen,
        blueGreen: { activeSelector: "def5678" },
        stableRS: "abc1234",
        currentPodHash: "def5678",
      });
    });
    expect(rolloutPhase(rollout)).toEqual({
      phase: "Progressing",
      message: "waiting for analysis to complete",
    });
  });

  it("TestRolloutStatusProgressing: blue-green switched but not yet stable", () => {
    const rollout = blueGreen((r) =>
      setStatus(r, {
        ...fullBlueGreen,
        blueGreen: { activeSelector: "def5678" },
        stableRS: "abc1234",
        currentPodHash: "def5678",
      }),
    );
    expect(rolloutPhase(rollout)).toEqual({
      phase: "Progressing",
      message: "waiting for post-promotion verification to complete",
    });
  });

  it("TestRolloutStatusProgressing: a new rollout with hashes but no updated replicas", () => {
    const rollout = canary((r) => {
      r.spec.replicas = null;
      r.status = { observedGeneration: "0", stableRS: "abc1234", currentPodHash: "abc1234" };
    });
    expect(rolloutPhase(rollout)).toEqual({
      phase: "Progressing",
      message: "more replicas need to be updated",
    });
  });

  it("TestRolloutStatusProgressing: observedGeneration behind metadata.generation", () => {
    const rollout = canary((r) => {
      r.metadata.generation = 2;
      r.status = { stableRS: "abc1234", currentPodHash: "abc1234", observedGeneration: "1" };
    });
    expect(rolloutPhase(rollout)).toEqual({
      phase: "Progressing",
      message: "waiting for rollout spec update to be observed",
    });
  });

  it.each(["7d66d4485f", "1366344857"])(
    "TestRolloutStatusProgressing: a v0.9 observedGeneration hash (%s) counts as observed",
    (observedGeneration) => {
      const rollout = canary((r) => {
        r.metadata.generation = 2;
        r.spec.replicas = null;
        r.status = { stableRS: "abc1234", currentPodHash: "abc1234", observedGeneration };
      });
      expect(rolloutPhase(rollout)).toEqual({
        phase: "Progressing",
        message: "more replicas need to be updated",
      });
    },
  );

  const fullCanary = {
    replicas: 5,
    updatedReplicas: 5,
    availableReplicas: 5,
    readyReplicas: 5,
    stableRS: "abc1234",
    currentPodHash: "abc1234",
  };

  it("TestRolloutStatusProgressing: pods not yet restarted", () => {
    const rollout = canary((r) => {
      r.spec.restartAt = "2024-05-01T10:00:00Z";
      setStatus(r, fullCanary);
    });
    expect(rolloutPhase(rollout)).toEqual({ phase: "Progressing", message: "rollout is restarting" });
  });

  it("TestRolloutStatusProgressing: the workloadRef's generation not yet observed", () => {
    const rollout = canary((r) => {
      r.spec.workloadRef = { apiVersion: "apps/v1", kind: "Deployment", name: "guestbook" };
      r.metadata.annotations = { "rollout.argoproj.io/workload-generation": "2" };
      r.status = { workloadObservedGeneration: "1" };
    });
    expect(rolloutPhase(rollout)).toEqual({
      phase: "Progressing",
      message: "waiting for rollout spec update to be observed for the reference workload",
    });
  });

  it("isWorkloadGenerationObserved, as in TestRolloutStatusProgressing", () => {
    const rollout = canary();
    expect(isWorkloadGenerationObserved(rollout)).toBe(true);
    rollout.metadata.annotations = { "rollout.argoproj.io/workload-generation": "2" };
    rollout.status = { workloadObservedGeneration: "222222222222222222" };
    expect(isWorkloadGenerationObserved(rollout)).toBe(true);
    rollout.status = { workloadObservedGeneration: "1" };
    expect(isWorkloadGenerationObserved(rollout)).toBe(false);
    rollout.status = { workloadObservedGeneration: "2" };
    expect(isWorkloadGenerationObserved(rollout)).toBe(true);
  });

  it("TestRolloutStatusHealthy: canary, blue-green, restarted, workload observed", () => {
    expect(rolloutPhase(canary((r) => setStatus(r, fullCanary)))).toEqual({ phase: "Healthy", message: "" });
    const healthyBlueGreen = blueGreen((r) =>
      setStatus(r, { ...fullCanary, blueGreen: { activeSelector: "abc1234" } }),
    );
    expect(rolloutPhase(healthyBlueGreen)).toEqual({ phase: "Healthy", message: "" });
    const restarted = canary((r) => {
      r.spec.restartAt = "2024-05-01T10:00:00Z";
      setStatus(r, { ...fullCanary, restartedAt: "2024-05-01T10:00:00.000Z" });
    });
    expect(rolloutPhase(restarted)).toEqual({ phase: "Healthy", message: "" });
    const workload = canary((r) => {
      r.metadata.annotations = { "rollout.argoproj.io/workload-generation": "2" };
      setStatus(r, { ...fullCanary, workloadObservedGeneration: "2" });
    });
    expect(rolloutPhase(workload)).toEqual({ phase: "Healthy", message: "" });
  });

  it("TestIsUnpausing: the controller's phase while paused, then waiting for the unpause", () => {
    const rollout = canary((r) =>
      setStatus(r, {
        phase: "Paused",
        message: "canary pause",
        pauseConditions: [{ reason: "CanaryPauseStep" }],
        controllerPause: true,
      }),
    );
    expect(rolloutPhase(rollout)).toEqual({ phase: "Paused", message: "canary pause" });
    rollout.status!.pauseConditions = null;
    expect(rolloutPhase(rollout)).toEqual({
      phase: "Progressing",
      message: "waiting for rollout to unpause",
    });
  });

  it("uses the controller's phase and message once it reports one", () => {
    const rollout = canary((r) => setStatus(r, { phase: "Healthy", message: "" }));
    expect(rolloutPhase(rollout)).toEqual({ phase: "Healthy", message: "" });
  });

  it("calculates the phase itself when the controller reports a phase it does not know", () => {
    const rollout = canary((r) => setStatus(r, { phase: "Sideways", message: "?" }));
    expect(rolloutPhase(rollout)).toEqual({
      phase: "Progressing",
      message: "more replicas need to be updated",
    });
  });

  it("reports an InvalidSpec condition before anything else", () => {
    const rollout = canary((r) => {
      r.spec.paused = true;
      setStatus(r, {
        conditions: [{ type: "InvalidSpec", status: "True", reason: "InvalidSpec", message: "bad" }],
      });
    });
    expect(rolloutPhase(rollout)).toEqual({ phase: "Degraded", message: "InvalidSpec: bad" });
  });
});

describe("isGenerationObserved (Test_isGenerationObserved)", () => {
  it.each([
    ["invalid", 0, true],
    ["10", 9, true],
    ["10", 10, true],
    ["10", 11, false],
    [undefined, 3, true],
  ])("observedGeneration %j at generation %d: %s", (observedGeneration, generation, observed) => {
    const rollout = canary((r) => {
      r.metadata.generation = generation;
      r.status = { observedGeneration };
    });
    expect(isGenerationObserved(rollout)).toBe(observed);
  });
});

describe("isFullyPromoted (TestIsFullyPromoted)", () => {
  it("compares stableRS and currentPodHash", () => {
    expect(
      isFullyPromoted(canary((r) => (r.status = { stableRS: "abc123", currentPodHash: "abc123" }))),
    ).toBe(true);
    expect(
      isFullyPromoted(canary((r) => (r.status = { stableRS: "abc123", currentPodHash: "def456" }))),
    ).toBe(false);
  });
});

describe("canaryStepString (TestCanaryStepString)", () => {
  it.each<[CanaryStep, string]>([
    [{ setWeight: 20 }, "setWeight: 20"],
    [{ pause: {} }, "pause"],
    [{ pause: { duration: 10 } }, "pause: 10"],
    [{ pause: { duration: "10s" } }, "pause: 10s"],
    [{ experiment: {} }, "experiment"],
    [{ analysis: {} }, "analysis"],
    [{ setCanaryScale: { weight: 20 } }, "setCanaryScale{weight: 20}"],
    [{ setCanaryScale: { matchTrafficWeight: true } }, "setCanaryScale{matchTrafficWeight: true}"],
    [{ setCanaryScale: { replicas: 5 } }, "setCanaryScale{replicas: 5}"],
    [{ plugin: { name: "foo" } }, "plugin: foo"],
    [{ setHeaderRoute: { name: "foo" } }, "setHeaderRoute: foo"],
    [{ setMirrorRoute: { name: "foo" } }, "setMirrorRoute: foo"],
    [{}, "invalid"],
  ])("%j is %j", (step, text) => {
    expect(canaryStepString(step)).toBe(text);
  });
});

describe("currentCanaryStep and currentSetWeight (GetCurrentCanaryStep, GetCurrentSetWeight)", () => {
  it("finds the step at status.currentStepIndex and the setWeight in effect", () => {
    const rollout = canary();
    expect(currentCanaryStep(rollout)).toEqual({ index: 1, step: { pause: { duration: 60 } } });
    expect(currentSetWeight(rollout)).toBe(10);
  });

  it("reads an unset index as 0", () => {
    const rollout = canary((r) => (r.status!.currentStepIndex = null));
    expect(currentCanaryStep(rollout).index).toBe(0);
  });

  it("has no step, and the maximum weight, past the last step", () => {
    const rollout = canary((r) => {
      r.status!.currentStepIndex = 3;
      r.spec.strategy!.canary!.trafficRouting = { maxTrafficWeight: 1000 };
    });
    expect(currentCanaryStep(rollout)).toEqual({ index: 3, step: null });
    expect(currentSetWeight(rollout)).toBe(1000);
  });

  it("sets weight 0 when aborted, and 0 before the first setWeight", () => {
    expect(currentSetWeight(canary((r) => (r.status!.abort = true)))).toBe(0);
    const pauseFirst = canary((r) => {
      r.spec.strategy!.canary!.steps = [{ pause: {} }, { setWeight: 50 }];
      r.status!.currentStepIndex = 0;
    });
    expect(currentSetWeight(pauseFirst)).toBe(0);
  });

  it("has no index for blue-green or a canary without steps", () => {
    expect(currentCanaryStep(blueGreen())).toEqual({ index: null, step: null });
    expect(currentCanaryStep(canary((r) => (r.spec.strategy!.canary!.steps = [])))).toEqual({
      index: null,
      step: null,
    });
  });
});
