import { describe, expect, it } from "vitest";
import { errorSources, type CallEdge } from "./origin";

const FAILING_AT = 0.01;
const calls = (...pairs: [string, string][]): CallEdge[] =>
  pairs.map(([caller, callee]) => ({ caller, callee }));
const sources = (ratios: Record<string, number | null>, edges: CallEdge[]) =>
  Object.fromEntries(errorSources(new Map(Object.entries(ratios)), edges, FAILING_AT));

describe("where a service's errors come from", () => {
  it("traces a chain to the service at its end", () => {
    // The demo fleet with payments broken: checkout fails with it, web on its /checkout route only.
    const edges = calls(
      ["web", "checkout"],
      ["web", "inventory"],
      ["checkout", "payments"],
      ["checkout", "inventory"],
    );
    expect(sources({ web: 0.17, checkout: 0.5, payments: 0.5, inventory: 0 }, edges)).toEqual({
      payments: { own: true, from: [] },
      checkout: { own: false, from: ["payments"] },
      web: { own: false, from: ["payments"] },
    });
  });

  it("leaves healthy services and services without data out", () => {
    const edges = calls(["web", "checkout"]);
    expect(sources({ web: 0.005, checkout: null }, edges)).toEqual({});
  });

  it("names a failing service that calls nothing failing as its own origin", () => {
    const edges = calls(["web", "recommendations"]);
    expect(sources({ web: 0.3, recommendations: 0 }, edges)).toEqual({ web: { own: true, from: [] } });
  });

  it("splits a diamond's errors between both failing branches", () => {
    const edges = calls(["web", "a"], ["web", "b"], ["a", "db"], ["b", "db"]);
    // Each branch fails on its own, 20% each: the top can fail up to 36% from them.
    expect(sources({ web: 0.3, a: 0.2, b: 0.2, db: 0 }, edges)).toEqual({
      a: { own: true, from: [] },
      b: { own: true, from: [] },
      web: { own: false, from: ["a", "b"] },
    });
    // Both branches fail because of what they share: that is the one origin.
    expect(sources({ web: 0.4, a: 0.4, b: 0.4, db: 0.4 }, edges)).toEqual({
      db: { own: true, from: [] },
      a: { own: false, from: ["db"] },
      b: { own: false, from: ["db"] },
      web: { own: false, from: ["db"] },
    });
  });

  it("keeps a caller's own errors when it fails more than its callees can explain", () => {
    const edges = calls(["web", "checkout"], ["checkout", "payments"]);
    // checkout fails 65% while payments fails 50%: at most 50% is payments'.
    const found = sources({ web: 0.2, checkout: 0.65, payments: 0.5 }, edges);
    expect(found.checkout).toEqual({ own: true, from: ["payments"] });
    expect(found.web).toEqual({ own: false, from: ["checkout", "payments"] });
    // Measured a little above its callee (different samples) is still the callee's.
    expect(sources({ checkout: 0.52, payments: 0.5 }, edges).checkout).toEqual({
      own: false,
      from: ["payments"],
    });
  });

  it("does not attribute errors to a callee that fails below the threshold", () => {
    const edges = calls(["checkout", "payments"]);
    expect(sources({ checkout: 0.2, payments: 0.004 }, edges)).toEqual({
      checkout: { own: true, from: [] },
    });
  });

  it("calls each of a cycle with no way out an origin, and a cycle's callers its members'", () => {
    const edges = calls(["web", "a"], ["a", "b"], ["b", "a"]);
    expect(sources({ web: 0.1, a: 0.3, b: 0.3 }, edges)).toEqual({
      a: { own: true, from: [] },
      b: { own: true, from: [] },
      web: { own: false, from: ["a", "b"] },
    });
  });

  it("follows a cycle out to the service that explains it", () => {
    const edges = calls(["a", "b"], ["b", "a"], ["b", "c"]);
    expect(sources({ a: 0.3, b: 0.3, c: 0.3 }, edges)).toEqual({
      a: { own: false, from: ["c"] },
      b: { own: false, from: ["c"] },
      c: { own: true, from: [] },
    });
  });

  it("ignores calls of a service to itself and repeated edges", () => {
    const edges = calls(["a", "a"], ["a", "b"], ["a", "b"]);
    expect(sources({ a: 0.2, b: 0.2 }, edges)).toEqual({
      a: { own: false, from: ["b"] },
      b: { own: true, from: [] },
    });
  });
});
