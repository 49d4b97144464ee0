import { describe, expect, it } from "vitest";
import { fixtureRollout } from "./fixtures/load";
import { matchesLabelSelector } from "./replica-sets";
import { deepDerivative, templateMatchesIgnoringHash, withoutPodTemplateHash } from "./template";

describe("deepDerivative (apimachinery's Semantic.DeepDerivative on JSON)", () => {
  it.each([
    ["equal values", { a: 1, b: "x" }, { a: 1, b: "x" }, true],
    ["a field unset in the first is not compared", { a: 1 }, { a: 1, b: "defaulted" }, true],
    ["null in the first is unset", { a: null }, { a: { deep: true } }, true],
    ["an empty string in the first is unset", { a: "" }, { a: "x" }, true],
    ["an empty list in the first is unset", { a: [] }, { a: [1] }, true],
    ["an empty object in the first is unset", { a: {} }, { a: { b: 1 } }, true],
    ["false is compared", { a: false }, { a: true }, false],
    ["0 is compared", { a: 0 }, { a: 1 }, false],
    ["a value set only in the first differs", { a: 1, c: 2 }, { a: 1, b: 2 }, false],
    ["a key missing from the second differs, even with null", { a: 1, c: null }, { a: 1, b: 2 }, false],
    ["a shorter list is compared with the start of the longer", { a: [1, 2] }, { a: [1, 2, 3] }, true],
    ["a longer list differs", { a: [1, 2, 3] }, { a: [1, 2] }, false],
    ["different types differ", { a: "1" }, { a: 1 }, false],
    ["unset in the second, set in the first, differs", { a: "x" }, { a: null }, false],
  ])("%s", (_, derived, base, expected) => {
    expect(deepDerivative(derived, base)).toBe(expected);
  });
});

describe("templateMatchesIgnoringHash (undo.go equalIgnoreHash)", () => {
  const { rollout, replicaSets } = fixtureRollout("info/canary", "canary-demo");
  const byName = (name: string) => replicaSets.find((rs) => rs.metadata.name === name)!.spec!.template;

  it("matches the ReplicaSet of the current template despite its defaults and hash label", () => {
    expect(templateMatchesIgnoringHash(rollout.spec.template, byName("canary-demo-65fb5ffc84"))).toBe(true);
  });

  it("does not match an older revision", () => {
    expect(templateMatchesIgnoringHash(rollout.spec.template, byName("canary-demo-877894d5b"))).toBe(false);
  });

  it("never matches without a rollout template (a workloadRef rollout)", () => {
    expect(templateMatchesIgnoringHash(null, byName("canary-demo-65fb5ffc84"))).toBe(false);
  });

  it("keeps labels emptied by the removal as {} for the comparison, as unstructured does", () => {
    const onlyHash = { metadata: { labels: { "rollouts-pod-template-hash": "abc" } } };
    expect(templateMatchesIgnoringHash({ metadata: { labels: {} } }, onlyHash)).toBe(true);
    expect(withoutPodTemplateHash(onlyHash, { dropEmptyLabels: false })).toEqual({
      metadata: { labels: {} },
    });
    expect(withoutPodTemplateHash(onlyHash, { dropEmptyLabels: true })).toEqual({ metadata: {} });
    expect(onlyHash.metadata.labels).toEqual({ "rollouts-pod-template-hash": "abc" });
  });
});

describe("matchesLabelSelector (metav1.LabelSelectorAsSelector)", () => {
  const labels = { app: "checkout", tier: "web" };
  it.each([
    ["no selector", undefined, true],
    ["an empty selector", {}, true],
    ["matchLabels", { matchLabels: { app: "checkout" } }, true],
    ["matchLabels, other value", { matchLabels: { app: "web" } }, false],
    ["In", { matchExpressions: [{ key: "tier", operator: "In", values: ["web", "api"] }] }, true],
    ["In, absent key", { matchExpressions: [{ key: "zone", operator: "In", values: ["a"] }] }, false],
    ["NotIn", { matchExpressions: [{ key: "tier", operator: "NotIn", values: ["web"] }] }, false],
    ["NotIn, absent key", { matchExpressions: [{ key: "zone", operator: "NotIn", values: ["a"] }] }, true],
    ["Exists", { matchExpressions: [{ key: "tier", operator: "Exists" }] }, true],
    ["DoesNotExist", { matchExpressions: [{ key: "tier", operator: "DoesNotExist" }] }, false],
  ])("%s", (_, selector, expected) => {
    expect(matchesLabelSelector(labels, selector)).toBe(expected);
  });

  it("refuses an operator Kubernetes does not know", () => {
    expect(() => matchesLabelSelector(labels, { matchExpressions: [{ key: "a", operator: "Gt" }] })).toThrow(
      '"Gt" is not a valid label selector operator',
    );
  });
});
