import { describe, expect, it } from "vitest";
import { ago, compareExpected, unavailableSentence, type Current, type LastAction } from "./races";

const NOW = new Date("2026-12-01T10:00:10Z");
const at = (step: number | null, over: Partial<Current> = {}): Current => ({
  step,
  revision: 4,
  phase: "Paused",
  resourceVersion: "200",
  stepCount: 7,
  ...over,
});
const ana: LastAction = { action: "promote", by: "ana@example.com", at: new Date("2026-12-01T10:00:06Z") };

describe("comparing with what the person saw", () => {
  it("goes on when the step and revision are the ones seen, whatever the resourceVersion", () => {
    expect(
      compareExpected("checkout", { resourceVersion: "100", step: 1, revision: 4 }, at(1), null, NOW),
    ).toEqual({
      moved: false,
    });
  });

  it("refuses when the rollout moved to a later step, naming who did it and when", () => {
    const moved = compareExpected(
      "checkout",
      { resourceVersion: "100", step: 1, revision: 4 },
      at(2),
      ana,
      NOW,
    );
    expect(moved).toEqual({
      moved: true,
      what: "step",
      sentence: "checkout already moved to step 3 of 7 (promoted by ana@example.com 4 s ago).",
    });
  });

  it("says where it is when the step went back (a retry), and past its last step when done", () => {
    const back = compareExpected("checkout", { resourceVersion: "1", step: 3 }, at(0), null, NOW);
    expect(back).toMatchObject({
      what: "step",
      sentence: "checkout is at step 1 of 7, not at step 4 as you saw it.",
    });
    const done = compareExpected("checkout", { resourceVersion: "1", step: 6 }, at(7), null, NOW);
    expect(done).toMatchObject({ sentence: "checkout already moved to past its last step (7 of 7)." });
  });

  it("refuses a new revision before anything else", () => {
    const moved = compareExpected(
      "checkout",
      { resourceVersion: "1", step: 1, revision: 3 },
      at(1),
      { action: "undo", by: "bob@example.com", at: new Date("2026-12-01T09:57:10Z") },
      NOW,
    );
    expect(moved).toMatchObject({
      what: "revision",
      sentence:
        "checkout is now at revision 4, not revision 3 as you saw it (rolled back by bob@example.com 3 min ago).",
    });
  });

  it("counts any change when only a resourceVersion was sent", () => {
    expect(compareExpected("checkout", { resourceVersion: "200" }, at(1), null, NOW)).toEqual({
      moved: false,
    });
    expect(compareExpected("checkout", { resourceVersion: "199" }, at(1), null, NOW)).toMatchObject({
      moved: true,
      what: "version",
      sentence:
        "checkout changed since you read it (resourceVersion 199, now 200) (now at step 2 of 7, Paused).",
    });
  });

  it("treats a null step as 'no step' (a blue-green rollout)", () => {
    expect(
      compareExpected("web", { resourceVersion: "1", step: null, revision: 4 }, at(null), null, NOW),
    ).toEqual({
      moved: false,
    });
  });
});

describe("the refusal of an action that no longer applies", () => {
  it("adds who acted, or keeps the reason as it is", () => {
    const reason = "checkout is already being promoted: the controller has not picked that up yet.";
    expect(unavailableSentence(reason, ana, NOW)).toBe(
      "checkout is already being promoted: the controller has not picked that up yet (promoted by ana@example.com 4 s ago).",
    );
    expect(unavailableSentence(reason, null, NOW)).toBe(reason);
  });

  it("says how long ago in seconds, minutes or hours", () => {
    expect(ago(new Date("2026-12-01T10:00:00Z"), NOW)).toBe("10 s ago");
    expect(ago(new Date("2026-12-01T09:50:10Z"), NOW)).toBe("10 min ago");
    expect(ago(new Date("2026-12-01T07:00:10Z"), NOW)).toBe("3 h ago");
  });
});
