import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { describeRollout, type OpsdeckPhase, type RolloutView, type RunningImage } from "./describe";
import { FIXTURES_DIR, fixtureRollout, loadFixtures } from "./fixtures/load";
import {
  analysisRunSchema,
  replicaSetSchema,
  rolloutSchema,
  type AnalysisRun,
  type Rollout,
} from "./schemas";

/** What `kubectl argo rollouts get` prints of a rollout, and what Opsdeck adds. */
type Summary = {
  phase: OpsdeckPhase;
  status: string;
  message: string;
  strategy: "Canary" | "BlueGreen" | null;
  /** kubectl's "Step:" line, "" when it prints none. */
  step: string;
  setWeight: number | null;
  actualWeight: number | null;
  images: RunningImage[];
  /** desired, current, updated, ready, available. */
  replicas: [number, number, number, number, number];
  /** One line per ReplicaSet: revision, name, health and roles, as in kubectl's tree. */
  replicaSets: string[];
  waitingForHuman: string | null;
};

function summary(view: RolloutView): Summary {
  const { replicas } = view;
  return {
    phase: view.phase,
    status: view.argo.phase,
    message: view.argo.message,
    strategy: view.strategy,
    step: view.step?.display ?? "",
    setWeight: view.weights?.set ?? null,
    actualWeight: view.weights?.actual ?? null,
    images: view.runningImages,
    replicas: [replicas.desired, replicas.current, replicas.updated, replicas.ready, replicas.available],
    replicaSets: view.replicaSets.map((rs) => {
      const roles = (["canary", "stable", "active", "preview", "ping", "pong"] as const).filter(
        (role) => rs[role],
      );
      return `${rs.revision} ${rs.name} ${rs.health} ${roles.join(",")}`.trim();
    }),
    waitingForHuman: view.waitingForHuman?.reason ?? null,
  };
}

const NOW = new Date("2019-11-08T00:00:00Z");

type FixtureCase = { fixture: string; rollout: string; expect: Partial<Summary> };

/**
 * One line per rollout of the fixtures: the expected values are those of upstream's get_test.go and
 * info_test.go for the same objects (v1.9.1). A rollout recorded from the live controller is one more line.
 */
const FIXTURE_CASES: FixtureCase[] = [
  {
    fixture: "info/canary",
    rollout: "canary-demo",
    expect: {
      phase: "Degraded",
      status: "Degraded",
      message: 'ProgressDeadlineExceeded: ReplicaSet "canary-demo-65fb5ffc84" has timed out progressing.',
      strategy: "Canary",
      step: "0/8",
      setWeight: 20,
      actualWeight: 0,
      images: [
        { image: "argoproj/rollouts-demo:does-not-exist", tags: ["canary"] },
        { image: "argoproj/rollouts-demo:green", tags: ["stable"] },
      ],
      replicas: [5, 6, 1, 5, 5],
      replicaSets: [
        "31 canary-demo-65fb5ffc84 Progressing canary",
        "30 canary-demo-877894d5b Healthy stable",
        "29 canary-demo-859c99b45c ScaledDown",
      ],
      waitingForHuman: null,
    },
  },
  {
    fixture: "info/canary",
    rollout: "canary-demo-pingpong",
    expect: {
      phase: "Degraded",
      step: "0/8",
      setWeight: 20,
      actualWeight: 0,
      images: [
        { image: "argoproj/rollouts-demo:does-not-exist", tags: ["canary", "ping"] },
        { image: "argoproj/rollouts-demo:green", tags: ["stable", "pong"] },
      ],
      replicaSets: [
        "31 canary-demo-65fb5ffc84 Progressing canary,ping",
        "30 canary-demo-877894d5b Healthy stable,pong",
        "29 canary-demo-859c99b45c ScaledDown",
      ],
    },
  },
  // TestCanaryRolloutInfoWeights: the router's weight, or the set weight when the status has none.
  { fixture: "info/canary", rollout: "canary-demo-weights", expect: { setWeight: 20, actualWeight: 20 } },
  { fixture: "info/canary", rollout: "canary-demo-weights-na", expect: { setWeight: 20, actualWeight: 20 } },
  {
    fixture: "info/blue-green",
    rollout: "bluegreen-demo",
    expect: {
      phase: "Paused",
      status: "Paused",
      message: "BlueGreenPause",
      strategy: "BlueGreen",
      step: "",
      setWeight: null,
      actualWeight: null,
      images: [
        { image: "argoproj/rollouts-demo:blue", tags: ["stable", "active"] },
        { image: "argoproj/rollouts-demo:green", tags: ["preview"] },
      ],
      replicas: [3, 6, 3, 6, 3],
      replicaSets: [
        "11 bluegreen-demo-74b948fccb Healthy preview",
        "10 bluegreen-demo-6cbccd9f99 Healthy stable,active",
        "8 bluegreen-demo-746d5fddf6 ScaledDown",
      ],
      waitingForHuman: "BlueGreenPause",
    },
  },
  {
    fixture: "info/experiment-analysis",
    rollout: "rollout-experiment-analysis",
    expect: {
      phase: "Degraded",
      message:
        'ProgressDeadlineExceeded: ReplicaSet "rollout-experiment-analysis-6f646bf7b7" has timed out progressing.',
      step: "1/2",
      setWeight: 25,
      actualWeight: 25,
      images: [
        { image: "argoproj/rollouts-demo:blue", tags: ["stable"] },
        { image: "argoproj/rollouts-demo:yellow", tags: ["canary"] },
      ],
      replicas: [4, 4, 1, 4, 4],
      replicaSets: [
        "2 rollout-experiment-analysis-6f646bf7b7 Healthy canary",
        "1 rollout-experiment-analysis-f6db98dff Healthy stable",
      ],
      // Timed out, and paused by the inconclusive background analysis: someone has to decide.
      waitingForHuman: "InconclusiveAnalysisRun",
    },
  },
  {
    fixture: "info/experiment-step",
    rollout: "canary-demo",
    expect: {
      phase: "Progressing",
      message: "more replicas need to be updated",
      step: "0/1",
      setWeight: 0,
      actualWeight: 0,
      images: [
        { image: "argoproj/rollouts-demo:blue", tags: ["Σ:canary-preview"] },
        { image: "argoproj/rollouts-demo:green", tags: ["stable"] },
      ],
      replicas: [5, 5, 0, 5, 5],
      replicaSets: ["2 canary-demo-645d5dbc4c ScaledDown canary", "1 canary-demo-877894d5b Healthy stable"],
    },
  },
  {
    fixture: "info/rollout-invalid",
    rollout: "rollout-invalid",
    expect: {
      phase: "Degraded",
      message:
        'InvalidSpec: The Rollout "rollout-invalid" is invalid: spec.template.metadata.labels: Invalid value: ' +
        'map[string]string{"app":"doesnt-match"}: `selector` does not match template `labels`',
      step: "",
      setWeight: 100,
      actualWeight: 100,
      images: [],
      replicas: [1, 0, 0, 0, 0],
      replicaSets: [],
    },
  },
  {
    fixture: "info/rollout-aborted",
    rollout: "rollout-background-analysis",
    expect: {
      phase: "Aborted",
      status: "Degraded",
      message: 'RolloutAborted: metric "web" assessed Failed due to failed (1) > failureLimit (0)',
      step: "0/2",
      setWeight: 0,
      actualWeight: 0,
      images: [{ image: "argoproj/rollouts-demo:blue", tags: ["stable"] }],
      replicas: [1, 1, 0, 1, 1],
      replicaSets: [
        "2 rollout-background-analysis-db976bc44 ScaledDown canary",
        "1 rollout-background-analysis-7d84d44bb8 Healthy stable",
      ],
      waitingForHuman: null,
    },
  },
  // The example manifest as applied, before any controller saw it.
  {
    fixture: "examples",
    rollout: "rollout-canary",
    expect: {
      phase: "Progressing",
      message: "more replicas need to be updated",
      step: "",
      setWeight: 20,
      actualWeight: 0,
      replicas: [5, 0, 0, 0, 0],
    },
  },
];

describe("describeRollout on the upstream objects", () => {
  it.each(FIXTURE_CASES)("$fixture: $rollout", ({ fixture, rollout: name, expect: expected }) => {
    const { rollout, ...related } = fixtureRollout(fixture, name);
    expect(summary(describeRollout(rollout, related, NOW))).toMatchObject(expected);
  });

  it("every fixture file parses with the schemas", () => {
    const directories = readdirSync(FIXTURES_DIR, { recursive: true, encoding: "utf8" })
      .filter((entry) => statSync(path.join(FIXTURES_DIR, entry)).isDirectory())
      .filter((entry) => readdirSync(path.join(FIXTURES_DIR, entry)).some((file) => file.endsWith(".yaml")));
    expect(directories.length).toBeGreaterThanOrEqual(7);
    for (const directory of directories) {
      const objects = loadFixtures(directory);
      expect(objects.rollouts.length + objects.others.length, directory).toBeGreaterThan(0);
    }
  });

  it("Revisions() and ReplicaSetsByRevision of TestBlueGreenRolloutInfo and TestExperimentAnalysisRolloutInfo", () => {
    const blueGreen = fixtureRollout("info/blue-green", "bluegreen-demo");
    expect(describeRollout(blueGreen.rollout, blueGreen, NOW).revisions).toEqual([11, 10, 8]);
    const experiment = fixtureRollout("info/experiment-analysis", "rollout-experiment-analysis");
    const view = describeRollout(experiment.rollout, experiment, NOW);
    expect(view.revisions).toEqual([2, 1]);
    expect(view.experiments.map((e) => [e.revision, e.name, e.phase])).toEqual([
      [2, "rollout-experiment-analysis-6f646bf7b7-1-vcv27", "Running"],
    ]);
    expect(view.analysisRuns.map((run) => run.revision)).toEqual([2]);
  });

  it("the experiment's ReplicaSets and images (TestExperimentInfo)", () => {
    const { rollout, ...related } = fixtureRollout("info/experiment-analysis", "rollout-experiment-analysis");
    const [experiment] = describeRollout(rollout, related, NOW).experiments;
    expect(experiment!.replicaSets.map((rs) => [rs.name, rs.health, rs.images])).toEqual([
      [
        "rollout-experiment-analysis-6f646bf7b7-1-vcv27-baseline-7d768b8b5f",
        "Healthy",
        ["argoproj/rollouts-demo:blue"],
      ],
      [
        "rollout-experiment-analysis-6f646bf7b7-1-vcv27-canary-7699dcf5d",
        "Healthy",
        ["argoproj/rollouts-demo:yellow"],
      ],
    ]);
  });

  it("an experiment's own analysis runs sit under it, not under the rollout", () => {
    const { rollout, ...related } = fixtureRollout("info/experiment-step", "canary-demo");
    const view = describeRollout(rollout, related, NOW);
    expect(view.analysisRuns).toEqual([]);
    const [experiment] = view.experiments;
    expect(experiment!.analysisRuns.map((run) => [run.name, run.phase])).toEqual([
      ["canary-demo-645d5dbc4c-2-0-stress-test", "Running"],
    ]);
    expect(experiment!.analysisRuns[0]!.metrics[0]!.measurements[0]).toMatchObject({
      phase: "Running",
      jobName: "4e2d824d-01af-11ea-b38c-42010aa80083.stress.1",
    });
    expect(view.step!.current).toMatchObject({
      kind: "experiment",
      waitingFor: { kind: "experiment", experiment: "canary-demo-645d5dbc4c-2-0" },
    });
  });

  it("the aborted rollout's failed analysis with its measurement, and the abort as the last change", () => {
    const { rollout, ...related } = fixtureRollout("info/rollout-aborted", "rollout-background-analysis");
    const view = describeRollout(rollout, related, NOW);
    expect(view.aborted).toBe(true);
    expect(view.abortedAt).toBe("2020-09-22T09:10:05Z");
    expect(view.lastChangeAt).toBe("2020-09-22T09:10:05Z");
    expect(view.steps.map((step) => step.state)).toEqual(["pending", "pending"]);
    const [run] = view.analysisRuns;
    expect(run).toMatchObject({
      name: "rollout-background-analysis-db976bc44-2",
      rolloutType: "Background",
      phase: "Failed",
      message: 'metric "web" assessed Failed due to failed (1) > failureLimit (0)',
      summary: { successful: 0, failed: 1, inconclusive: 0, error: 0 },
    });
    expect(run!.metrics).toEqual([
      expect.objectContaining({
        name: "web",
        providerKind: "web",
        query: null,
        prometheus: null,
        successCondition: 'result == "true"',
        interval: "5s",
        intervalSeconds: 5,
        phase: "Failed",
        measurements: [
          {
            value: "false",
            phase: "Failed",
            startedAt: "2020-09-22T09:10:04Z",
            finishedAt: "2020-09-22T09:10:04Z",
            message: null,
            jobName: null,
          },
        ],
      }),
    ]);
  });

  it("the inconclusive background analysis of the experiment rollout, summed as kubectl prints it (✔ 4,✖ 4,? 1,⚠ 1)", () => {
    const { rollout, ...related } = fixtureRollout("info/experiment-analysis", "rollout-experiment-analysis");
    const [run] = describeRollout(rollout, related, NOW).analysisRuns;
    expect(run).toMatchObject({
      phase: "Inconclusive",
      summary: { successful: 4, failed: 4, inconclusive: 1, error: 1 },
    });
    expect(run!.metrics[0]).toMatchObject({
      count: 10,
      failureLimit: 5,
      inconclusiveLimit: 1,
      providerKind: "job",
    });
    expect(run!.metrics[0]!.measurements.map((m) => m.phase)).toEqual([
      "Failed",
      "Successful",
      "Successful",
      "Failed",
      "Failed",
      "Successful",
      "Failed",
      "Successful",
    ]);
  });
});

// ---- States the upstream objects do not cover: the demo's checkout canary ------------------------

const CHECKOUT_UID = "0d6f2c8e-0000-4000-8000-000000000001";
const CHECKOUT_STEPS = [
  { setWeight: 25 },
  { pause: {} },
  { setWeight: 50 },
  {
    analysis: {
      templates: [{ templateName: "error-ratio" }],
      args: [{ name: "service", value: "checkout" }],
    },
  },
  { pause: { duration: "30s" } },
  { setWeight: 75 },
  { pause: { duration: "10s" } },
];

/** The stack's checkout canary updating from revision 1 (hash aaa) to revision 2 (hash bbb). */
function checkout(status: Record<string, unknown>, metadata: Record<string, unknown> = {}): Rollout {
  return rolloutSchema.parse({
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Rollout",
    metadata: {
      name: "checkout",
      namespace: "demo",
      uid: CHECKOUT_UID,
      generation: 3,
      annotations: { "rollout.argoproj.io/revision": "2" },
      ...metadata,
    },
    spec: {
      replicas: 4,
      selector: { matchLabels: { app: "checkout" } },
      template: {
        metadata: { labels: { app: "checkout" } },
        spec: { containers: [{ name: "checkout", image: "demo/checkout:v2" }] },
      },
      strategy: { canary: { steps: CHECKOUT_STEPS } },
    },
    status: {
      observedGeneration: "3",
      stableRS: "aaa",
      currentPodHash: "bbb",
      replicas: 4,
      updatedReplicas: 1,
      readyReplicas: 4,
      availableReplicas: 4,
      ...status,
    },
  });
}

function replicaSet(hash: string, revision: number, image: string, available: number) {
  return replicaSetSchema.parse({
    kind: "ReplicaSet",
    metadata: {
      name: `checkout-${hash}`,
      namespace: "demo",
      annotations: { "rollout.argoproj.io/revision": String(revision) },
      labels: { app: "checkout", "rollouts-pod-template-hash": hash },
      ownerReferences: [
        {
          apiVersion: "argoproj.io/v1alpha1",
          kind: "Rollout",
          name: "checkout",
          uid: CHECKOUT_UID,
          controller: true,
        },
      ],
      creationTimestamp: "2024-05-01T09:00:00Z",
    },
    spec: {
      replicas: available,
      template: {
        metadata: { labels: { app: "checkout", "rollouts-pod-template-hash": hash } },
        spec: { containers: [{ name: "checkout", image }] },
      },
    },
    status: { replicas: available, readyReplicas: available, availableReplicas: available },
  });
}

const CHECKOUT_REPLICA_SETS = [
  replicaSet("aaa", 1, "demo/checkout:v1", 3),
  replicaSet("bbb", 2, "demo/checkout:v2", 1),
];
const T0 = "2024-05-01T10:00:00Z";
const AT = new Date("2024-05-01T10:00:12Z");

function view(rollout: Rollout, analysisRuns: AnalysisRun[] = []) {
  return describeRollout(rollout, { replicaSets: CHECKOUT_REPLICA_SETS, analysisRuns }, AT);
}

describe("describeRollout in the states a person acts on", () => {
  it("paused at the indefinite pause step: waiting for a person since the pause began", () => {
    const rollout = checkout({
      currentStepIndex: 1,
      controllerPause: true,
      pauseConditions: [{ reason: "CanaryPauseStep", startTime: T0 }],
      phase: "Paused",
      message: "CanaryPauseStep",
    });
    const v = view(rollout);
    expect(v.phase).toBe("Paused");
    expect(v.step).toMatchObject({ index: 1, count: 7, display: "1/7" });
    expect(v.steps.map((step) => [step.label, step.state, step.weight])).toEqual([
      ["setWeight: 25", "done", 25],
      ["pause", "current", 25],
      ["setWeight: 50", "pending", 50],
      ["analysis", "pending", 50],
      ["pause: 30s", "pending", 50],
      ["setWeight: 75", "pending", 75],
      ["pause: 10s", "pending", 75],
    ]);
    expect(v.step!.current!.waitingFor).toEqual({ kind: "promotion" });
    expect(v.waitingForHuman).toEqual({
      reason: "CanaryPauseStep",
      since: T0,
      message: "checkout is paused at step 2 of 7 until promoted",
    });
    expect(v.weights).toEqual({ set: 25, actual: 25, max: 100, traffic: null });
    expect(v.stable?.revision).toBe(1);
    expect(v.canary?.revision).toBe(2);
    expect(v.images).toEqual(["demo/checkout:v2"]);
    expect(v.lastChangeAt).toBe(T0);
  });

  it("a timed pause counts down from the pause condition's start, and waits for nobody", () => {
    const rollout = checkout({
      currentStepIndex: 4,
      controllerPause: true,
      pauseConditions: [{ reason: "CanaryPauseStep", startTime: T0 }],
      phase: "Paused",
      message: "CanaryPauseStep",
    });
    const v = view(rollout);
    expect(v.step!.current!.waitingFor).toEqual({
      kind: "timer",
      durationSeconds: 30,
      until: "2024-05-01T10:00:30.000Z",
      remainingSeconds: 18,
    });
    expect(v.waitingForHuman).toBeNull();
  });

  it("a timed pause not yet started shows its whole duration", () => {
    const v = view(checkout({ currentStepIndex: 4 }));
    expect(v.step!.current!.waitingFor).toEqual({
      kind: "timer",
      durationSeconds: 30,
      until: null,
      remainingSeconds: 30,
    });
  });

  it("an inconclusive step analysis: waiting for a person, with the run and its measured values", () => {
    const rollout = checkout({
      currentStepIndex: 3,
      controllerPause: true,
      pauseConditions: [{ reason: "InconclusiveAnalysisRun", startTime: T0 }],
      canary: {
        currentStepAnalysisRunStatus: {
          name: "checkout-bbb-2-3",
          status: "Inconclusive",
          message: "inconclusive",
        },
      },
      phase: "Paused",
      message: "InconclusiveAnalysisRun",
    });
    const run = analysisRunSchema.parse({
      kind: "AnalysisRun",
      metadata: {
        name: "checkout-bbb-2-3",
        namespace: "demo",
        annotations: { "rollout.argoproj.io/revision": "2" },
        labels: { "rollout-type": "Step", "step-index": "3", "rollouts-pod-template-hash": "bbb" },
        ownerReferences: [{ kind: "Rollout", name: "checkout", uid: CHECKOUT_UID, controller: true }],
        creationTimestamp: "2024-05-01T09:59:00Z",
      },
      spec: {
        metrics: [
          {
            name: "error-ratio",
            interval: "10s",
            count: 3,
            failureLimit: 0,
            inconclusiveLimit: 0,
            successCondition: "result[0] < 0.05",
            failureCondition: "result[0] > 0.2",
            provider: {
              prometheus: {
                address: "http://127.0.0.1:9090",
                query: 'sum(service:http_server_error_ratio:rate1m{service="checkout"}) or vector(0)',
              },
            },
          },
        ],
      },
      status: {
        phase: "Inconclusive",
        startedAt: "2024-05-01T09:59:00Z",
        metricResults: [
          {
            name: "error-ratio",
            phase: "Inconclusive",
            count: 2,
            successful: 1,
            inconclusive: 1,
            measurements: [
              {
                phase: "Successful",
                value: "[0.01]",
                startedAt: "2024-05-01T09:59:00Z",
                finishedAt: "2024-05-01T09:59:00Z",
              },
              {
                phase: "Inconclusive",
                value: "[0.1]",
                startedAt: "2024-05-01T09:59:10Z",
                finishedAt: "2024-05-01T09:59:10Z",
              },
            ],
          },
        ],
      },
    });
    const someoneElses = analysisRunSchema.parse({
      ...run,
      metadata: { ...run.metadata, name: "other", ownerReferences: [{ uid: "another-rollout" }] },
    });
    const v = view(rollout, [someoneElses, run]);
    expect(v.waitingForHuman).toEqual({
      reason: "InconclusiveAnalysisRun",
      since: T0,
      message: "analysis checkout-bbb-2-3 of checkout was inconclusive: promote or abort",
    });
    expect(v.step!.current).toMatchObject({
      label: "analysis",
      analysisRun: "checkout-bbb-2-3",
      waitingFor: {
        kind: "analysis",
        analysisRun: "checkout-bbb-2-3",
        phase: "Inconclusive",
        message: "inconclusive",
      },
    });
    expect(v.analysisRuns.map((r) => r.name)).toEqual(["checkout-bbb-2-3"]);
    expect(v.analysisRuns[0]!.metrics[0]).toMatchObject({
      providerKind: "prometheus",
      query: 'sum(service:http_server_error_ratio:rate1m{service="checkout"}) or vector(0)',
      prometheus: { address: "http://127.0.0.1:9090" },
      successCondition: "result[0] < 0.05",
      failureCondition: "result[0] > 0.2",
      count: 3,
      failureLimit: 0,
      counts: { measured: 2, successful: 1, failed: 0, inconclusive: 1, error: 0 },
      measurements: [
        expect.objectContaining({ value: "[0.01]", phase: "Successful", startedAt: "2024-05-01T09:59:00Z" }),
        expect.objectContaining({ value: "[0.1]", phase: "Inconclusive", startedAt: "2024-05-01T09:59:10Z" }),
      ],
    });
  });

  it("a spec change the controller has not observed: Progressing, nobody waited for yet", () => {
    const rollout = checkout(
      {
        currentStepIndex: 1,
        controllerPause: true,
        pauseConditions: [{ reason: "CanaryPauseStep", startTime: T0 }],
        phase: "Paused",
        message: "CanaryPauseStep",
      },
      { generation: 4 },
    );
    const v = view(rollout);
    expect(v.generationObserved).toBe(false);
    expect(v.observedGeneration).toBe("3");
    expect(v.argo).toEqual({
      phase: "Progressing",
      message: "waiting for rollout spec update to be observed",
    });
    expect(v.waitingForHuman).toBeNull();
  });

  it("promoted but not yet picked up (unpausing): Progressing, nobody waited for", () => {
    const v = view(
      checkout({ currentStepIndex: 1, controllerPause: true, pauseConditions: null, phase: "Paused" }),
    );
    expect(v.argo).toEqual({ phase: "Progressing", message: "waiting for rollout to unpause" });
    expect(v.waitingForHuman).toBeNull();
  });

  it("status.abort makes it Aborted before the controller has written its condition", () => {
    const v = view(checkout({ currentStepIndex: 2, abort: true, phase: "Progressing", message: "" }));
    expect(v.phase).toBe("Aborted");
    expect(v.argo.phase).toBe("Progressing");
    expect(v.weights!.set).toBe(0);
  });

  it("progress deadline exceeded stays Degraded, not Aborted", () => {
    const v = view(
      checkout({
        currentStepIndex: 0,
        phase: "Degraded",
        message: 'ProgressDeadlineExceeded: ReplicaSet "checkout-bbb" has timed out progressing.',
        conditions: [
          {
            type: "Progressing",
            status: "False",
            reason: "ProgressDeadlineExceeded",
            message: 'ReplicaSet "checkout-bbb" has timed out progressing.',
            lastUpdateTime: "2024-05-01T10:05:00Z",
            lastTransitionTime: "2024-05-01T10:05:00Z",
          },
        ],
      }),
    );
    expect(v.phase).toBe("Degraded");
    expect(v.lastChangeAt).toBe("2024-05-01T10:05:00Z");
  });

  it("fully promoted: every step done, no current step, the maximum weight", () => {
    const v = view(
      checkout({
        currentStepIndex: 7,
        stableRS: "bbb",
        currentPodHash: "bbb",
        phase: "Healthy",
        message: "",
      }),
    );
    expect(v.phase).toBe("Healthy");
    expect(v.steps.every((step) => step.state === "done")).toBe(true);
    expect(v.step).toMatchObject({ display: "7/7", current: null });
    expect(v.weights).toMatchObject({ set: 100, actual: 100 });
  });

  it("a blue-green rollout that promotes itself after autoPromotionSeconds waits for nobody", () => {
    const { rollout, ...related } = fixtureRollout("info/blue-green", "bluegreen-demo");
    rollout.spec.strategy!.blueGreen!.autoPromotionEnabled = null;
    rollout.spec.strategy!.blueGreen!.autoPromotionSeconds = 600;
    const v = describeRollout(rollout, related, NOW);
    expect(v.waitingForHuman).toBeNull();
    expect(v.blueGreen).toMatchObject({
      autoPromotionEnabled: true,
      autoPromotionAt: "2019-10-28T05:00:20.000Z",
    });
  });

  it("blue-green waiting for promotion names the preview revision", () => {
    const { rollout, ...related } = fixtureRollout("info/blue-green", "bluegreen-demo");
    const v = describeRollout(rollout, related, NOW);
    expect(v.waitingForHuman).toEqual({
      reason: "BlueGreenPause",
      since: "2019-10-28T04:50:20Z",
      message: "bluegreen-demo waits for promotion of revision 11",
    });
    expect([v.active?.revision, v.preview?.revision, v.stable?.revision]).toEqual([10, 11, 10]);
  });
});
