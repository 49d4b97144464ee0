// describeCanary over objects and events recorded from the real Flagger 1.44.0 controller (fixtures/).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { describeCanary, parseFailedCheck, type CanaryEvent } from "./describe";
import { canarySchema } from "./schemas";

const fixture = (name: string) =>
  JSON.parse(readFileSync(path.join(import.meta.dirname, "fixtures", name), "utf8")) as unknown;
const canary = (name: string) => canarySchema.parse(fixture(name));
const events = (name: string): CanaryEvent[] =>
  (
    fixture(name) as {
      items: {
        type: string;
        message: string;
        firstTimestamp: string;
        lastTimestamp: string;
        count: number;
      }[];
    }
  ).items.map((e) => ({
    type: e.type === "Warning" ? "Warning" : "Normal",
    message: e.message,
    firstAt: e.firstTimestamp,
    lastAt: e.lastTimestamp,
    count: e.count,
  }));

describe("describeCanary", () => {
  it("maps every recorded phase onto the delivery status, and says which gate a canary waits at", () => {
    const cases: [string, string, string, string | null][] = [
      ["canary-initialized.json", "Initialized", "Healthy", null],
      ["canary-waiting.json", "Waiting", "Paused", "confirm-rollout"],
      ["canary-progressing.json", "Progressing", "Progressing", null],
      ["canary-waiting-promotion.json", "WaitingPromotion", "Paused", "confirm-promotion"],
      ["canary-succeeded.json", "Succeeded", "Healthy", null],
      ["canary-failed-analysis.json", "Failed", "Aborted", null],
    ];
    for (const [file, phase, status, gate] of cases) {
      const view = describeCanary(canary(file), []);
      expect([file, view.phase, view.status, view.waiting?.gate ?? null]).toEqual([
        file,
        phase,
        status,
        gate,
      ]);
    }
  });

  it("reads blue/green iterations, the threshold, the gates and the revisions", () => {
    const view = describeCanary(canary("canary-waiting-promotion.json"), []);
    expect(view.strategy).toBe("BlueGreen");
    expect(view.iterations).toEqual({ current: 0, total: 1 });
    expect(view.weight).toBeNull();
    expect(view.checks).toEqual({ failed: 0, threshold: 2 });
    expect(view.gates.map((g) => g.type)).toEqual(["confirm-rollout", "confirm-promotion", "rollback"]);
    expect(view.gates.every((g) => !g.opsdeck)).toBe(true); // the recording's hooks call the stack's sink
    expect(view.revisions).toEqual({ primary: "5494cb658", canary: "7f8fcdbb85" });
    expect(view.analysing).toBe(true);
    expect(view.metrics[0]).toMatchObject({ name: "error-ratio", max: 0.05, min: null, lastFailure: null });
  });

  it("finds each failed check and its value in the events, also after a rollback reset failedChecks", () => {
    const view = describeCanary(canary("canary-failed-analysis.json"), events("events-failed-analysis.json"));
    expect(view.checks.failed).toBe(0);
    expect(view.failedChecks.map((c) => [c.metric, c.value, c.comparison, c.bound])).toEqual([
      ["error-ratio", 0.52, ">", 0.05],
      ["error-ratio", 0.65, ">", 0.05],
    ]);
    expect(view.metrics[0]!.lastFailure?.value).toBe(0.65);
    expect(view.rollbackReason).toBe("failed checks threshold reached 2");
    expect(view.analysing).toBe(false);
  });

  it("does not take a gate's halt for a failed check", () => {
    const view = describeCanary(canary("canary-succeeded.json"), events("events-succeeded.json"));
    expect(view.failedChecks).toEqual([]);
    expect(
      parseFailedCheck({
        type: "Warning",
        message: "Halt inventory.ns advancement waiting for promotion approval confirm-promotion",
        firstAt: null,
        lastAt: null,
        count: 1,
      }),
    ).toBeNull();
    expect(
      parseFailedCheck({
        type: "Warning",
        message: "(combined from similar events): Halt a.b advancement latency 512.30 > 500",
        firstAt: null,
        lastAt: null,
        count: 3,
      }),
    ).toMatchObject({ metric: "latency", value: 512.3, bound: 500 });
  });
});
