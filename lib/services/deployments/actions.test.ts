import { describe, expect, it } from "vitest";
import { ConflictError, UpstreamError } from "@/lib/errors";
import { planPromote } from "@/lib/argo-rollouts/actions";
import { fixtureRollout } from "@/lib/argo-rollouts/fixtures/load";
import { describeRequest, failureMessage } from "./actions";
import { actionInput } from "./schemas";

const down = new UpstreamError(
  "kubernetes",
  "unavailable",
  'Kubernetes cluster "eu" at https://k8s is unreachable (ECONNREFUSED)',
);
const slow = new UpstreamError("kubernetes", "timeout", 'Kubernetes cluster "eu" timed out answering (504)');

describe("an action that failed says exactly what landed", () => {
  // A canary paused by hand and by the controller: promote is two patches, status then spec.
  const base = fixtureRollout("info/canary", "canary-demo").rollout;
  const rollout = {
    ...base,
    spec: { ...base.spec, paused: true },
    status: {
      ...base.status,
      pauseConditions: [{ reason: "CanaryPauseStep", startTime: "2026-12-01T10:00:00Z" }],
    },
  };
  const plan = planPromote(rollout);
  const [status, spec] = plan.requests;

  it("has the two patches of kubectl's promote", () => {
    expect(plan.requests.map((r) => r.target)).toEqual(["status", "main"]);
  });

  it("nothing changed when the first request failed, or when the read failed", () => {
    expect(failureMessage(down, "promote", "checkout", [], status!)).toBe(
      'Kubernetes cluster "eu" at https://k8s is unreachable (ECONNREFUSED). Nothing was changed.',
    );
    expect(failureMessage(down, "abort", "checkout", [], null)).toMatch(/ Nothing was changed\.$/);
  });

  it("a first request that timed out may have landed: it says so", () => {
    expect(failureMessage(slow, "abort", "checkout", [], status!)).toBe(
      'Kubernetes cluster "eu" timed out answering (504). Whether the status patch {"status":{"pauseConditions":null}} reached checkout is not known: look at the rollout before acting again.',
    );
  });

  it("names the part that landed and the part that did not", () => {
    const conflict = new ConflictError(
      'Kubernetes cluster "eu" refused the change to Rollout "checkout": the object has been modified',
    );
    expect(failureMessage(conflict, "promote", "checkout", [status!], spec!)).toBe(
      'Kubernetes cluster "eu" refused the change to Rollout "checkout": the object has been modified. Part of the promote of checkout landed: the status patch {"status":{"pauseConditions":null}} was applied; the spec patch {"spec":{"paused":false}} was not. Look at the rollout, then promote again to finish it.',
    );
    expect(failureMessage(slow, "promote", "checkout", [status!], spec!)).toContain(
      'the spec patch {"spec":{"paused":false}} may not have been.',
    );
  });

  it("describes each kind of request", () => {
    expect(
      describeRequest({ target: "workload", body: [{ op: "replace", path: "/spec/template", value: {} }] }),
    ).toBe('the workload patch [{"op":"replace","path":"/spec/template","value":{}}]');
  });
});

describe("the action's input", () => {
  const valid = {
    action: "promote",
    reason: "canary looks good",
    expected: { resourceVersion: "12", step: 1, revision: 4 },
    idempotencyKey: "7d5b0d62-1c2e-4d7a-9b8e-0a3c1f2e4b5d",
  };

  it("accepts a complete request", () => {
    expect(actionInput.safeParse(valid).success).toBe(true);
    expect(actionInput.safeParse({ ...valid, action: "undo", toRevision: 3 }).success).toBe(true);
  });

  it("requires a reason of 3 to 500 characters, an expected state and a UUID key", () => {
    const fields = (raw: unknown) => {
      const result = actionInput.safeParse(raw);
      return result.success ? [] : result.error.issues.map((i) => i.path.join("."));
    };
    expect(fields({ ...valid, reason: " ok " })).toEqual(["reason"]);
    expect(fields({ ...valid, reason: "x".repeat(501) })).toEqual(["reason"]);
    expect(fields({ ...valid, expected: { step: 1 } })).toEqual(["expected.resourceVersion"]);
    expect(fields({ ...valid, idempotencyKey: "twice" })).toEqual(["idempotencyKey"]);
    expect(fields({ ...valid, action: "delete" })).toEqual(["action"]);
    expect(fields({ ...valid, toRevision: 3 })).toEqual(["toRevision"]);
  });
});
