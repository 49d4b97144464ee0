import { describe, expect, it } from "vitest";
import {
  actionAvailability,
  mergePatchChangesNothing,
  planAbort,
  planPause,
  planPromote,
  planRestart,
  planResume,
  planRetry,
  planUndo,
  rolloutActions,
  undoChoices,
  type ActionContext,
  type ActionRequest,
} from "./actions";
import { fixtureRollout } from "./fixtures/load";
import { replicaSetSchema, rolloutSchema, type ReplicaSet, type Rollout } from "./schemas";

// The Go string constants of cmd/promote/promote.go and friends, verbatim; bodies are compared as JSON.
const upstream = {
  unpausePatch: `{"spec":{"paused":false}}`,
  clearPauseConditionsPatch: `{"status":{"pauseConditions":null}}`,
  clearPauseConditionsAndControllerPausePatch: (n: number) =>
    `{"status":{"pauseConditions":null, "controllerPause":false, "currentStepIndex":${n}}}`,
  unpauseAndClearPauseConditionsPatch: `{"spec":{"paused":false},"status":{"pauseConditions":null}}`,
  promoteFullPatch: `{"status":{"promoteFull":true}}`,
  clearPauseConditionsPatchWithStep: (n: number) =>
    `{"status":{"pauseConditions":null, "currentStepIndex":${n}}}`,
  unpauseAndClearPauseConditionsPatchWithStep: (n: number) =>
    `{"spec":{"paused":false},"status":{"pauseConditions":null, "currentStepIndex":${n}}}`,
  unpauseAndPromoteFullPatch: `{"spec":{"paused":false},"status":{"promoteFull":true}}`,
  abortPatch: `{"status":{"abort":true}}`,
  retryRolloutPatch: `{"status":{"abort":false}}`,
  pausePatch: `{"spec":{"paused":true}}`,
  restartPatch: (at: string) => `{\n\t"spec": {\n\t\t"restartAt": "${at}"\n\t}\n}`,
};
const status = (body: string) => ({ target: "status", patchType: "merge", body: JSON.parse(body) });
const main = (body: string) => ({ target: "main", patchType: "merge", body: JSON.parse(body) });

function guestbook(spec: Record<string, unknown>, rolloutStatus: Record<string, unknown> = {}): Rollout {
  return rolloutSchema.parse({
    metadata: { name: "guestbook", namespace: "default" },
    spec,
    status: rolloutStatus,
  });
}
const twoSteps = { canary: { steps: [{ setWeight: 1 }, { setWeight: 2 }] } };

describe("planPromote (promote.go getPatches, the cases of promote_test.go)", () => {
  it("TestPromoteNoStepCanary: a canary without steps and not paused sends nothing", () => {
    expect(planPromote(guestbook({ strategy: { canary: {} } })).requests).toEqual([]);
  });

  it("TestPromoteCmdSuccesFirstStep: moves to the next step through the status subresource", () => {
    const plan = planPromote(guestbook({ strategy: twoSteps }));
    expect(plan.requests).toEqual([status(upstream.clearPauseConditionsPatchWithStep(1))]);
    expect(plan.statusNotFoundFallback).toEqual(
      main(upstream.unpauseAndClearPauseConditionsPatchWithStep(1)),
    );
    expect(plan.result).toBe("rollout 'guestbook' promoted");
  });

  it("TestPromoteCmdSuccessDoNotGoPastLastStep: the index stays at the step count", () => {
    const plan = planPromote(guestbook({ strategy: twoSteps }, { currentStepIndex: 2 }));
    expect(plan.requests).toEqual([status(upstream.clearPauseConditionsPatchWithStep(2))]);
  });

  it("TestPromoteCmdSuccessUnpause: clears the pause conditions, then unpauses the spec", () => {
    const plan = planPromote(
      guestbook(
        { paused: true },
        { pauseConditions: [{ reason: "CanaryPauseStep" }], controllerPause: true },
      ),
    );
    expect(plan.requests).toEqual([status(upstream.clearPauseConditionsPatch), main(upstream.unpausePatch)]);
    expect(plan.statusNotFoundFallback).toEqual(main(upstream.unpauseAndClearPauseConditionsPatch));
  });

  it("TestPromoteInconclusiveStep: clears controllerPause and moves on; the fallback keeps the default body", () => {
    const plan = planPromote(
      guestbook(
        { paused: true, strategy: twoSteps },
        {
          pauseConditions: [{ reason: "CanaryPauseStep" }],
          controllerPause: true,
          canary: { currentStepAnalysisRunStatus: { status: "Inconclusive" } },
        },
      ),
    );
    expect(plan.requests).toEqual([
      status(upstream.clearPauseConditionsAndControllerPausePatch(1)),
      main(upstream.unpausePatch),
    ]);
    expect(plan.statusNotFoundFallback).toEqual(main(upstream.unpauseAndClearPauseConditionsPatch));
  });

  it("a blue-green rollout waiting for promotion: clears the BlueGreenPause, nothing else", () => {
    const { rollout } = fixtureRollout("info/blue-green", "bluegreen-demo");
    const plan = planPromote(rollout);
    expect(plan.requests).toEqual([status(upstream.clearPauseConditionsPatch)]);
    expect(plan.statusNotFoundFallback).toEqual(main(upstream.unpauseAndClearPauseConditionsPatch));
  });

  it("a blue-green rollout without pause conditions sends nothing", () => {
    expect(planPromote(guestbook({ strategy: { blueGreen: {} } })).requests).toEqual([]);
  });

  it("TestPromoteCmdFull: promoteFull through the status subresource", () => {
    const plan = planPromote(guestbook({}, { stableRS: "abc123", currentPodHash: "def456" }), { full: true });
    expect(plan.requests).toEqual([status(upstream.promoteFullPatch)]);
    expect(plan.statusNotFoundFallback).toEqual(main(upstream.unpauseAndPromoteFullPatch));
    expect(plan.result).toBe("rollout 'guestbook' fully promoted");
  });

  it("TestPromoteCmdAlreadyFullyPromoted: sends nothing", () => {
    const plan = planPromote(guestbook({}, { stableRS: "abc123", currentPodHash: "abc123" }), { full: true });
    expect(plan.requests).toEqual([]);
    expect(plan.statusNotFoundFallback).toBeNull();
  });

  it("TestPromoteCmdFullWithSpecPaused: promoteFull, then unpause", () => {
    const plan = planPromote(
      guestbook(
        {
          paused: true,
          strategy: { canary: { steps: [{ setWeight: 50 }, { pause: {} }, { setWeight: 100 }] } },
        },
        { currentStepIndex: 1, stableRS: "abc123", currentPodHash: "def456" },
      ),
      { full: true },
    );
    expect(plan.requests).toEqual([status(upstream.promoteFullPatch), main(upstream.unpausePatch)]);
  });

  it("--full on a fully promoted but paused rollout only unpauses", () => {
    const plan = planPromote(guestbook({ paused: true }, { stableRS: "a", currentPodHash: "a" }), {
      full: true,
    });
    expect(plan.requests).toEqual([main(upstream.unpausePatch)]);
    expect(plan.statusNotFoundFallback).toBeNull();
  });
});

describe("abort, retry, pause, resume, restart", () => {
  const rollout = guestbook({ strategy: twoSteps });

  it("abort: the status subresource, the same body on the main resource if it is missing", () => {
    expect(planAbort(rollout)).toEqual({
      action: "abort",
      requests: [status(upstream.abortPatch)],
      statusNotFoundFallback: main(upstream.abortPatch),
      result: "rollout 'guestbook' aborted",
    });
  });

  it("retry: likewise with abort false", () => {
    expect(planRetry(rollout)).toEqual({
      action: "retry",
      requests: [status(upstream.retryRolloutPatch)],
      statusNotFoundFallback: main(upstream.retryRolloutPatch),
      result: "rollout 'guestbook' retried",
    });
  });

  it("pause and resume: spec.paused on the main resource", () => {
    expect(planPause(rollout).requests).toEqual([main(upstream.pausePatch)]);
    expect(planResume(rollout).requests).toEqual([main(upstream.unpausePatch)]);
    expect(planPause(rollout).statusNotFoundFallback).toBeNull();
  });

  it("restart: spec.restartAt now, RFC 3339 in UTC without fractions", () => {
    const plan = planRestart(rollout, new Date("2024-05-01T10:00:12.987Z"));
    expect(plan.requests).toEqual([main(upstream.restartPatch("2024-05-01T10:00:12Z"))]);
    expect(plan.result).toBe("rollout 'guestbook' restarts in 0s");
  });
});

describe("planUndo (undo.go, the cases of undo_test.go)", () => {
  const canary = fixtureRollout("info/canary", "canary-demo");
  const templateOf = (name: string) => {
    const template = structuredClone(
      canary.replicaSets.find((rs) => rs.metadata.name === name)!.spec!.template!,
    );
    delete template.metadata!.labels!["rollouts-pod-template-hash"];
    return template;
  };

  it("TestUndoCmd: without a revision, the previous one (30), its template without the hash label", () => {
    const planned = planUndo(canary.rollout, canary.replicaSets, 0);
    expect(planned).toEqual({
      ok: true,
      plan: {
        action: "undo",
        requests: [
          {
            target: "main",
            patchType: "json",
            body: [{ op: "replace", path: "/spec/template", value: templateOf("canary-demo-877894d5b") }],
          },
        ],
        statusNotFoundFallback: null,
        result: "rollout 'canary-demo' undo",
      },
    });
  });

  it("TestUndoCmdToRevision: revision 29", () => {
    const planned = planUndo(canary.rollout, canary.replicaSets, 29);
    expect(planned.ok && planned.plan.requests[0]!.body).toEqual([
      { op: "replace", path: "/spec/template", value: templateOf("canary-demo-859c99b45c") },
    ]);
  });

  it.each([
    ["canary-demo-workloadRef", "ReplicaSet", "canary-demo-65fb5ffc84"],
    ["canary-demo-workloadRef-deploy", "Deployment", "canary-demo-deploy"],
  ])("TestUndoCmdToRevisionOfWorkloadRef: %s patches its %s", (name, kind, workload) => {
    const { rollout, replicaSets } = fixtureRollout("info/canary", name);
    const planned = planUndo(rollout, replicaSets, 29);
    expect(planned.ok && planned.plan.requests).toEqual([
      {
        target: "workload",
        workload: { apiVersion: "apps/v1", kind, name: workload },
        patchType: "json",
        body: [{ op: "replace", path: "/spec/template", value: templateOf("canary-demo-859c99b45c") }],
      },
    ]);
  });

  it("TestUndoCmdToRevisionSkipCurrent: revision 31 is the current template; nothing is sent", () => {
    const planned = planUndo(canary.rollout, canary.replicaSets, 31);
    expect(planned).toMatchObject({
      ok: true,
      plan: { requests: [], result: "skipped rollback (current template already matches revision 31)" },
    });
  });

  it("TestUndoCmdToRevisionNotFoundError: revision 1 is not in the history", () => {
    expect(planUndo(canary.rollout, canary.replicaSets, 1)).toEqual({
      ok: false,
      error: "unable to find specified revision 1 in history",
    });
  });

  it("TestUndoCmdNoRevisionError: no previous revision", () => {
    expect(planUndo(guestbook({ strategy: { canary: {} } }), [], 0)).toEqual({
      ok: false,
      error: 'no revision found for rollout "guestbook"',
    });
  });

  it("a workload kind upstream cannot patch", () => {
    const rollout = structuredClone(canary.rollout);
    rollout.spec.template = null;
    rollout.spec.workloadRef = { apiVersion: "apps/v1", kind: "StatefulSet", name: "db" };
    expect(planUndo(rollout, canary.replicaSets, 29)).toEqual({
      ok: false,
      error: "workload of type StatefulSet is not supported",
    });
  });

  it("ignores ReplicaSets it does not control or that its selector does not match", () => {
    const foreign = canary.replicaSets.map((rs) => {
      const copy = structuredClone(rs);
      if (rs.metadata.name === "canary-demo-859c99b45c")
        copy.metadata.ownerReferences![0]!.controller = false;
      if (rs.metadata.name === "canary-demo-877894d5b") copy.metadata.labels!.app = "other";
      return copy;
    });
    expect(planUndo(canary.rollout, foreign, 29)).toEqual({
      ok: false,
      error: "unable to find specified revision 29 in history",
    });
    expect(planUndo(canary.rollout, foreign, 0)).toEqual({
      ok: false,
      error: 'no revision found for rollout "canary-demo"',
    });
  });
});

describe("mergePatchChangesNothing", () => {
  it.each([
    [{ status: { abort: true } }, { status: { abort: true } }, true],
    [{ status: {} }, { status: { abort: false } }, true],
    [{ status: { abort: true } }, { status: { abort: false } }, false],
    [{ status: { pauseConditions: [] } }, { status: { pauseConditions: null } }, true],
    [{ status: { pauseConditions: [{ reason: "x" }] } }, { status: { pauseConditions: null } }, false],
    [{ status: { currentStepIndex: 2 } }, { status: { currentStepIndex: 2, pauseConditions: null } }, true],
    [{}, { spec: { paused: true } }, false],
  ])("%j patched with %j: %s", (target, patch, same) => {
    expect(mergePatchChangesNothing(target, patch)).toBe(same);
  });
});

// ---- Availability and effects ---------------------------------------------------------------------

const CHECKOUT_UID = "0d6f2c8e-0000-4000-8000-000000000001";
const CHECKOUT_STEPS = [
  { setWeight: 25 },
  { pause: {} },
  { setWeight: 50 },
  { analysis: { templates: [{ templateName: "error-ratio" }] } },
  { pause: { duration: "30s" } },
  { setWeight: 75 },
  { pause: { duration: "10s" } },
];

function checkout(rolloutStatus: Record<string, unknown>, spec: Record<string, unknown> = {}): Rollout {
  return rolloutSchema.parse({
    metadata: { name: "checkout", namespace: "demo", uid: CHECKOUT_UID, generation: 3 },
    spec: {
      replicas: 4,
      selector: { matchLabels: { app: "checkout" } },
      template: {
        metadata: { labels: { app: "checkout" } },
        spec: { containers: [{ name: "checkout", image: "demo/checkout:v2" }] },
      },
      strategy: { canary: { steps: CHECKOUT_STEPS } },
      ...spec,
    },
    status: { observedGeneration: "3", stableRS: "aaa", currentPodHash: "bbb", ...rolloutStatus },
  });
}

function replicaSet(hash: string, revision: number, image: string): ReplicaSet {
  return replicaSetSchema.parse({
    metadata: {
      name: `checkout-${hash}`,
      namespace: "demo",
      annotations: { "rollout.argoproj.io/revision": String(revision) },
      labels: { app: "checkout", "rollouts-pod-template-hash": hash },
      ownerReferences: [{ kind: "Rollout", name: "checkout", uid: CHECKOUT_UID, controller: true }],
    },
    spec: {
      replicas: 2,
      template: {
        metadata: { labels: { app: "checkout", "rollouts-pod-template-hash": hash } },
        spec: { containers: [{ name: "checkout", image }] },
      },
    },
  });
}

const REPLICA_SETS = [replicaSet("aaa", 1, "demo/checkout:v1"), replicaSet("bbb", 2, "demo/checkout:v2")];
const NOW = new Date("2024-05-01T10:00:12Z");
const T0 = "2024-05-01T10:00:00Z";
const context = (rollout: Rollout, replicaSets = REPLICA_SETS): ActionContext => ({
  rollout,
  replicaSets,
  now: NOW,
});

function availability(rollout: Rollout, request: ActionRequest | ActionRequest["action"]) {
  const asked = typeof request === "string" ? ({ action: request } as ActionRequest) : request;
  const { available, reason, effect } = actionAvailability(asked, context(rollout));
  return { available, reason, effect };
}
type Outcome = { available: boolean; reason: string | null; effect: string | null };
const can = (effect: string): Outcome => ({ available: true, reason: null, effect });
const cannot = (reason: string): Outcome => ({ available: false, reason, effect: null });

describe("actionAvailability: checkout paused at its manual pause (step 2 of 7)", () => {
  const paused = checkout({
    currentStepIndex: 1,
    controllerPause: true,
    pauseConditions: [{ reason: "CanaryPauseStep", startTime: T0 }],
  });

  it.each<[ActionRequest["action"], Outcome]>([
    ["promote", can("moves checkout from step 2 of 7 to step 3: weight 25% → 50%")],
    [
      "promote-full",
      can(
        "fully promotes checkout to revision 2, skipping steps 2 to 7 and their analysis: weight 25% → 100%",
      ),
    ],
    [
      "abort",
      can(
        "aborts checkout: traffic returns to the stable revision 1 (weight 25% → 0%); " +
          "the pod template still names revision 2 until it is retried or undone",
      ),
    ],
    ["retry", cannot("Retry only applies to an aborted rollout.")],
    ["pause", can("pauses checkout at step 2 of 7 (weight 25%) until it is resumed")],
    [
      "resume",
      cannot(
        "Resume only lifts a manual pause; checkout is paused by the controller (CanaryPauseStep): use Promote.",
      ),
    ],
    ["restart", can("restarts every pod of checkout, a few at a time")],
  ])("%s", (action, expected) => {
    expect(availability(paused, action)).toEqual(expected);
  });

  it("undo: not to the revision it runs, yes to the previous one, an error for one it never had", () => {
    expect(availability(paused, { action: "undo", toRevision: 2 })).toEqual(
      cannot("checkout already runs revision 2."),
    );
    expect(availability(paused, { action: "undo", toRevision: 1 })).toEqual(
      can("rolls the pod template of checkout back to revision 1 (image demo/checkout:v1)"),
    );
    expect(availability(paused, { action: "undo", toRevision: 7 })).toEqual(
      cannot("unable to find specified revision 7 in history"),
    );
  });

  it("rolloutActions lists every action but undo with its plan", () => {
    const actions = rolloutActions(context(paused));
    expect(actions.map((a) => [a.action, a.available])).toEqual([
      ["promote", true],
      ["promote-full", true],
      ["abort", true],
      ["retry", false],
      ["pause", true],
      ["resume", false],
      ["restart", true],
    ]);
    expect(actions[0]!.plan!.requests).toEqual([status(upstream.clearPauseConditionsPatch)]);
  });
});

describe("actionAvailability in other states", () => {
  it("an aborted rollout: no promote of either kind, retry starts over", () => {
    const { rollout, replicaSets } = fixtureRollout("info/rollout-aborted", "rollout-background-analysis");
    const ask = (action: ActionRequest["action"]) => {
      const { available, reason, effect } = actionAvailability({ action } as ActionRequest, {
        rollout,
        replicaSets,
        now: NOW,
      });
      return { available, reason, effect };
    };
    expect(ask("promote")).toEqual(cannot("Promote does nothing on an aborted rollout: retry it first."));
    expect(ask("promote-full")).toEqual(
      cannot("Promote does nothing on an aborted rollout: retry it first."),
    );
    expect(ask("abort")).toEqual(cannot("rollout-background-analysis is already aborted."));
    expect(ask("retry")).toEqual(
      can("retries rollout-background-analysis: the update to revision 2 starts again from step 1 of 2"),
    );
  });

  it("blue-green waiting for promotion: promote switches the active service", () => {
    const { rollout, replicaSets } = fixtureRollout("info/blue-green", "bluegreen-demo");
    const ask = (action: ActionRequest["action"]) =>
      actionAvailability({ action } as ActionRequest, { rollout, replicaSets, now: NOW }).effect;
    expect(ask("promote")).toBe(
      "switches the active service of bluegreen-demo to revision 11 (from revision 10)",
    );
    expect(ask("promote-full")).toBe(
      "switches the active service of bluegreen-demo to revision 11 now (from revision 10), skipping any pause and analysis left",
    );
    expect(ask("abort")).toBe(
      "aborts bluegreen-demo: the active service stays on the stable revision 10 and revision 11 is scaled down; " +
        "the pod template still names revision 11 until it is retried or undone",
    );
  });

  it("blue-green not waiting for anything: promote does nothing", () => {
    const { rollout, replicaSets } = fixtureRollout("info/blue-green", "bluegreen-demo");
    rollout.status!.pauseConditions = null;
    rollout.status!.controllerPause = false;
    expect(actionAvailability({ action: "promote" }, { rollout, replicaSets, now: NOW }).reason).toBe(
      "Promote does nothing: bluegreen-demo is not waiting for promotion.",
    );
  });

  it("an inconclusive step analysis: promote moves past it", () => {
    const rollout = checkout({
      currentStepIndex: 3,
      controllerPause: true,
      pauseConditions: [{ reason: "InconclusiveAnalysisRun", startTime: T0 }],
      canary: { currentStepAnalysisRunStatus: { name: "checkout-bbb-2-3", status: "Inconclusive" } },
    });
    expect(availability(rollout, "promote")).toEqual(
      can("moves checkout from step 4 of 7 to step 5: weight stays at 50%; the running analysis is skipped"),
    );
  });

  it("promoted but not yet picked up by the controller: no second promote", () => {
    const rollout = checkout({ currentStepIndex: 1, controllerPause: true, pauseConditions: [] });
    expect(availability(rollout, "promote")).toEqual(
      cannot("checkout is already being promoted: the controller has not picked that up yet."),
    );
  });

  it("at the last step: promote moves past it and the new revision becomes stable", () => {
    const rollout = checkout({
      currentStepIndex: 6,
      controllerPause: true,
      pauseConditions: [{ reason: "CanaryPauseStep", startTime: T0 }],
    });
    expect(availability(rollout, "promote")).toEqual(
      can(
        "moves checkout past its last step (step 7 of 7): weight 75% → 100%, and revision 2 becomes stable",
      ),
    );
  });

  describe("fully promoted and healthy", () => {
    const healthy = checkout({ currentStepIndex: 7, stableRS: "bbb", currentPodHash: "bbb" });

    it("promote and promote --full do nothing (promote's plan still sends its no-op patch)", () => {
      expect(availability(healthy, "promote")).toEqual(
        cannot("Promote does nothing: checkout has completed all its steps."),
      );
      expect(actionAvailability({ action: "promote" }, context(healthy)).plan!.requests).toHaveLength(1);
      const full = actionAvailability({ action: "promote-full" }, context(healthy));
      expect(full).toMatchObject({
        available: false,
        reason: "checkout is already fully promoted: revision 2 is stable.",
      });
      expect(full.plan!.requests).toEqual([]);
    });

    it("abort has nothing to abort; pause and restart work; undo to revision 1 is offered", () => {
      expect(availability(healthy, "abort")).toEqual(
        cannot("Abort does nothing: no update is in progress (revision 2 is stable)."),
      );
      expect(availability(healthy, "pause")).toEqual(can("pauses checkout until it is resumed"));
      expect(availability(healthy, "restart").available).toBe(true);
      expect(
        undoChoices(context(healthy)).map((choice) => [choice.revision, choice.availability.available]),
      ).toEqual([
        [2, false],
        [1, true],
      ]);
    });
  });

  it("paused by hand: resume lifts it, pause is already done", () => {
    const rollout = checkout({ currentStepIndex: 2 }, { paused: true });
    expect(availability(rollout, "resume")).toEqual(can("lifts the manual pause of checkout"));
    expect(availability(rollout, "pause")).toEqual(cannot("checkout is already paused."));
    expect(availability(rollout, "promote")).toEqual(
      can("moves checkout from step 3 of 7 to step 4: weight stays at 50%"),
    );
  });

  it("a restart still in progress is not requested again", () => {
    const rollout = checkout(
      { currentStepIndex: 7, stableRS: "bbb", restartedAt: "2024-05-01T09:00:00Z" },
      { restartAt: "2024-05-01T10:00:00Z" },
    );
    expect(availability(rollout, "restart")).toEqual(
      cannot("A restart of checkout is already in progress (requested at 2024-05-01T10:00:00Z)."),
    );
  });

  it("the first deployment has no stable revision to abort to", () => {
    expect(availability(checkout({ stableRS: null, currentStepIndex: 0 }), "abort")).toEqual(
      cannot("Abort does nothing: checkout has no stable revision to return to yet."),
    );
  });

  it("undo choices on the upstream canary: not 31 (it runs it), 30 and 29 with their images", () => {
    const { rollout, replicaSets } = fixtureRollout("info/canary", "canary-demo");
    const choices = undoChoices({ rollout, replicaSets, now: NOW });
    expect(
      choices.map((c) => [
        c.revision,
        c.replicaSet,
        c.availability.available,
        c.availability.reason ?? c.availability.effect,
      ]),
    ).toEqual([
      [31, "canary-demo-65fb5ffc84", false, "canary-demo already runs revision 31."],
      [
        30,
        "canary-demo-877894d5b",
        true,
        "rolls the pod template of canary-demo back to revision 30 (image argoproj/rollouts-demo:green)",
      ],
      [
        29,
        "canary-demo-859c99b45c",
        true,
        "rolls the pod template of canary-demo back to revision 29 (image argoproj/rollouts-demo:asdf)",
      ],
    ]);
  });

  it("undo when the template already matches, though the revision is not the current one", () => {
    const { rollout, replicaSets } = fixtureRollout("info/canary", "canary-demo");
    const asIf30 = structuredClone(rollout);
    asIf30.status!.currentPodHash = "somethingelse";
    expect(
      actionAvailability({ action: "undo", toRevision: 31 }, { rollout: asIf30, replicaSets, now: NOW }),
    ).toMatchObject({
      available: false,
      reason: "Undo does nothing: the pod template of canary-demo already matches revision 31.",
      plan: { requests: [], result: "skipped rollback (current template already matches revision 31)" },
    });
  });
});
