import { describe, expect, it } from "vitest";
import { describeRollout } from "@/lib/argo-rollouts/describe";
import { fixtureRollout } from "@/lib/argo-rollouts/fixtures/load";
import type { Rollout } from "@/lib/argo-rollouts/schemas";
import { positionOf, rolloutSummary, serviceOf, stepName } from "./summary";

const NOW = new Date("2019-11-08T00:00:00Z");

function summaryOf(directory: string, name: string, serviceLabel = "app.kubernetes.io/name") {
  const objects = fixtureRollout(directory, name);
  const view = describeRollout(objects.rollout, objects, NOW);
  return { summary: rolloutSummary("prod-eu", objects.rollout, view, serviceLabel), view };
}

describe("the summary of an Argo rollout", () => {
  it("maps a degraded canary at step 1 of 8: status, progress, weights, stable and canary revisions", () => {
    const { summary } = summaryOf("info/canary", "canary-demo");
    expect(summary).toMatchObject({
      source: "argo-rollouts",
      cluster: "prod-eu",
      namespace: "jesse-test",
      name: "canary-demo",
      key: "argo-rollouts/prod-eu/jesse-test/canary-demo",
      service: "canary-demo", // no app.kubernetes.io/name: the `app` label
      status: "Degraded",
      phase: "Degraded",
      strategy: "Canary",
      progress: { current: 1, total: 8, label: "step 1 of 8: setWeight: 20" },
      weight: { set: 20, actual: 0 },
      waiting: null,
      generationObserved: true,
      lastChangeAt: "2019-10-28T04:52:55Z",
    });
    expect(summary.revisions).toEqual([
      { role: "stable", revision: "30", images: ["argoproj/rollouts-demo:green"] },
      { role: "canary", revision: "31", images: ["argoproj/rollouts-demo:does-not-exist"] },
    ]);
    expect(summary.message).not.toBe("");
  });

  it("maps a blue-green rollout waiting for promotion: active and preview, and who must act since when", () => {
    const { summary } = summaryOf("info/blue-green", "bluegreen-demo");
    expect(summary).toMatchObject({
      status: "Paused",
      strategy: "BlueGreen",
      progress: null,
      weight: null,
      waiting: {
        reason: "BlueGreenPause",
        since: "2019-10-28T04:50:20Z",
        message: "bluegreen-demo waits for promotion of revision 11",
      },
    });
    expect(summary.revisions.map((r) => [r.role, r.revision])).toEqual([
      ["active", "10"],
      ["preview", "11"],
    ]);
  });

  it("shows an aborted rollout as Aborted, and an inconclusive analysis as waiting", () => {
    expect(summaryOf("info/rollout-aborted", "rollout-background-analysis").summary.status).toBe("Aborted");
    const inconclusive = summaryOf("info/experiment-analysis", "rollout-experiment-analysis").summary;
    expect(inconclusive.waiting?.reason).toBe("InconclusiveAnalysisRun");
    expect(inconclusive.progress).toMatchObject({ current: 2, total: 2 });
  });

  it("says when every step is done", () => {
    const objects = fixtureRollout("info/canary", "canary-demo");
    const done: Rollout = { ...objects.rollout, status: { ...objects.rollout.status, currentStepIndex: 8 } };
    const view = describeRollout(done, objects, NOW);
    expect(rolloutSummary("c", done, view, "x").progress).toEqual({
      current: 8,
      total: 8,
      label: "all 8 steps done",
    });
    expect(positionOf(view)).toEqual({ step: 8, revision: view.revision, phase: view.phase });
  });

  it("finds the service in the configured label, then `app`, on the rollout then its template, then the name", () => {
    const base = fixtureRollout("info/canary", "canary-demo").rollout;
    const withLabels = (
      rollout: Record<string, string> | null,
      template: Record<string, string> | null,
    ): Rollout => ({
      ...base,
      metadata: { ...base.metadata, labels: rollout },
      spec: { ...base.spec, template: { ...base.spec.template, metadata: { labels: template } } },
    });
    expect(serviceOf(withLabels({ "team/service": "checkout", app: "x" }, null), "team/service")).toBe(
      "checkout",
    );
    expect(serviceOf(withLabels({ app: "x" }, { "team/service": "from-template" }), "team/service")).toBe(
      "from-template",
    );
    expect(serviceOf(withLabels(null, { app: "payments" }), "team/service")).toBe("payments");
    expect(serviceOf(withLabels(null, null), "team/service")).toBe("canary-demo");
  });

  it("names steps one-based, and the end past the last step", () => {
    expect(stepName(0, 7)).toBe("step 1 of 7");
    expect(stepName(2, 7)).toBe("step 3 of 7");
    expect(stepName(7, 7)).toBe("past its last step (7 of 7)");
  });
});
