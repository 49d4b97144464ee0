import { describe, expect, it } from "vitest";
import type { CanaryStep } from "@/lib/argo-rollouts/schemas";
import type { ActionOutcome, UndoChoiceView } from "@/lib/services/deployments/model";
import {
  deliveryHref,
  describeOutcome,
  effectSentence,
  formatCountdown,
  formatElapsed,
  needsConfirmName,
  previousRevision,
  secondsUntil,
  stepPoints,
  stepTitle,
} from "./format";

describe("formatCountdown", () => {
  it.each([
    [0, "0:00"],
    [9, "0:09"],
    [42, "0:42"],
    [60, "1:00"],
    [245, "4:05"],
    [3599, "59:59"],
    [3600, "1:00:00"],
    [3723, "1:02:03"],
  ])("%d s reads %s", (seconds, text) => expect(formatCountdown(seconds)).toBe(text));

  it("rounds a part of a second up, so the last second shows until it is over", () => {
    expect(formatCountdown(0.2)).toBe("0:01");
    expect(formatCountdown(29.01)).toBe("0:30");
  });

  it("never counts below zero", () => expect(formatCountdown(-5)).toBe("0:00"));
});

describe("secondsUntil", () => {
  const now = Date.parse("2026-01-01T10:00:00Z");

  it("counts whole seconds to the time, up", () => {
    expect(secondsUntil("2026-01-01T10:00:30Z", now)).toBe(30);
    expect(secondsUntil("2026-01-01T10:00:30.400Z", now)).toBe(31);
  });

  it("is 0 once the time has passed", () => expect(secondsUntil("2026-01-01T09:59:00Z", now)).toBe(0));

  it("is null for a time that does not parse", () => expect(secondsUntil("soon", now)).toBeNull());
});

describe("formatElapsed", () => {
  const now = Date.parse("2026-01-01T10:00:00Z");
  it.each([
    ["2026-01-01T09:59:15Z", "45 s"],
    ["2026-01-01T09:48:00Z", "12 min"],
    ["2026-01-01T08:00:00Z", "2 h"],
    ["2026-01-01T07:55:00Z", "2 h 5 min"],
    ["2025-12-29T06:00:00Z", "3 d 4 h"],
    ["2026-01-01T10:00:05Z", "0 s"],
  ])("since %s reads %s", (since, text) => expect(formatElapsed(since, now)).toBe(text));
});

describe("effectSentence", () => {
  it("makes the availability's effect a sentence about the rollout", () => {
    expect(effectSentence("moves checkout from step 2 of 7 to step 3: weight 25% → 50%")).toBe(
      "This moves checkout from step 2 of 7 to step 3: weight 25% → 50%.",
    );
  });

  it("does not end a sentence twice", () => {
    expect(effectSentence("restarts every pod of checkout, a few at a time.")).toBe(
      "This restarts every pod of checkout, a few at a time.",
    );
  });
});

describe("needsConfirmName", () => {
  it("asks for the name before abort and undo in production namespaces only", () => {
    expect(needsConfirmName("abort", true)).toBe(true);
    expect(needsConfirmName("undo", true)).toBe(true);
    expect(needsConfirmName("promote", true)).toBe(false);
    expect(needsConfirmName("abort", false)).toBe(false);
  });
});

const outcome = (overrides: Partial<ActionOutcome> = {}): ActionOutcome => ({
  action: "promote",
  ref: { source: "argo-rollouts", cluster: "prod", namespace: "shop", name: "checkout" },
  toRevision: null,
  before: { step: 1, revision: 4, phase: "Paused" },
  after: { step: 2, revision: 4, phase: "Progressing" },
  landed: ["status", "main"],
  replayed: false,
  message: "rollout 'checkout' promoted",
  at: "2026-01-01T10:00:00Z",
  by: "ana@example.com",
  ...overrides,
});

describe("describeOutcome", () => {
  it("says who did it, which requests landed, and where the rollout went (steps counted from 1)", () => {
    expect(describeOutcome(outcome(), 7)).toEqual([
      "checkout promoted by ana@example.com: the rollout's status, then the rollout's spec were changed.",
      "Before: step 2 of 7, revision 4, Paused. After: step 3 of 7, revision 4, Progressing.",
    ]);
  });

  it("says when nothing had to change, and when the answer is a replay of the first", () => {
    const lines = describeOutcome(
      outcome({
        action: "undo",
        toRevision: 3,
        landed: [],
        before: { step: null, revision: 3, phase: "Healthy" },
        after: { step: null, revision: 3, phase: "Healthy" },
        message: "skipped rollback (current template already matches revision 3)",
        replayed: true,
      }),
    );
    expect(lines[0]).toBe(
      "Nothing had to change: skipped rollback (current template already matches revision 3).",
    );
    expect(lines[1]).toBe("It stands at revision 3, Healthy.");
    expect(lines[2]).toMatch(/already been sent.*sent nothing again/);
  });

  it("names a workload's template when undo patched it", () => {
    expect(describeOutcome(outcome({ action: "undo", landed: ["workload"] }))[0]).toBe(
      "checkout rolled back by ana@example.com: its workload's template was changed.",
    );
  });
});

const choice = (revision: number, available: boolean): UndoChoiceView => ({
  revision,
  replicaSet: `checkout-${revision}`,
  images: [`checkout:v${revision}`],
  availability: {
    action: "undo",
    toRevision: revision,
    available,
    reason: available ? null : `checkout already runs revision ${revision}.`,
    effect: available ? `rolls the pod template of checkout back to revision ${revision}` : null,
  },
});

describe("previousRevision", () => {
  it("is the newest available revision older than the current one", () => {
    expect(previousRevision([choice(5, false), choice(4, true), choice(3, true)], 5)?.revision).toBe(4);
  });

  it("skips revisions that cannot be undone to, and newer ones", () => {
    expect(previousRevision([choice(6, true), choice(4, false), choice(3, true)], 5)?.revision).toBe(3);
  });

  it("is null without an older available revision", () => {
    expect(previousRevision([choice(5, false)], 5)).toBeNull();
  });
});

describe("deliveryHref", () => {
  it("escapes each part of the address", () => {
    expect(
      deliveryHref({ source: "argo-rollouts", cluster: "kind/east", namespace: "shop", name: "checkout" }),
    ).toBe("/deployments/argo-rollouts/kind%2Feast/shop/checkout");
  });
});

describe("stepPoints", () => {
  it("holds each value until the next change, and the last one until the end", () => {
    expect(
      stepPoints(
        [
          { t: 1000, v: 0 },
          { t: 2000, v: 25 },
          { t: 5000, v: 50 },
        ],
        9000,
      ),
    ).toEqual([
      [1000, 0],
      [1999, 0],
      [2000, 25],
      [4999, 25],
      [5000, 50],
      [9000, 50],
    ]);
  });

  it("draws nothing without changes, and does not run past the end", () => {
    expect(stepPoints([], 9000)).toEqual([]);
    expect(stepPoints([{ t: 9000, v: 10 }], 9000)).toEqual([[9000, 10]]);
  });
});

describe("stepTitle", () => {
  it.each([
    [{ setWeight: 25 }, "Set weight to 25%"],
    [{ pause: {} }, "Pause until promoted"],
    [{ pause: { duration: "30s" } }, "Pause for 30s"],
    [{ pause: { duration: 10 } }, "Pause for 10"],
    [{ analysis: { templates: [{ templateName: "error-ratio" }] } }, "Analysis (error-ratio)"],
    [{ experiment: { templates: [] } }, "Experiment"],
    [{ setHeaderRoute: { name: "canary" } }, "setHeaderRoute: canary"],
  ])("%j reads %s", (step, title) => expect(stepTitle(step as CanaryStep)).toBe(title));
});
