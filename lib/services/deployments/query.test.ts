import { describe, expect, it } from "vitest";
import type { DeliverySummary } from "./model";
import { isProductionNamespace, matchesFilters, sortSummaries, waitingOldestFirst } from "./query";
import { listQuery } from "./schemas";

function summary(name: string, over: Partial<DeliverySummary> = {}): DeliverySummary {
  const ref = { source: "argo-rollouts" as const, cluster: "eu", namespace: "shop", name, ...over };
  return {
    ...ref,
    key: `${ref.source}/${ref.cluster}/${ref.namespace}/${ref.name}`,
    service: name,
    status: "Healthy",
    phase: "Healthy",
    message: "",
    strategy: "Canary",
    progress: null,
    weight: null,
    revisions: [{ role: "stable", revision: "1", images: [`registry/${name}:v1`] }],
    replicas: { ready: 1, desired: 1 },
    lastChangeAt: "2026-12-01T10:00:00Z",
    waiting: null,
    generationObserved: true,
    ...over,
  };
}

const filters = (raw: Record<string, unknown>) => {
  const { sort: _sort, order: _order, ...rest } = listQuery.parse(raw);
  return rest;
};

describe("the list's filters", () => {
  const checkout = summary("checkout", { status: "Paused", cluster: "us" });
  const web = summary("web", { namespace: "front", lastChangeAt: "2026-12-01T08:00:00Z" });

  it("keep what passes every filter; values within one filter are alternatives", () => {
    expect(matchesFilters(checkout, filters({ service: ["checkout", "web"] }))).toBe(true);
    expect(matchesFilters(web, filters({ service: "checkout,payments" }))).toBe(false);
    expect(matchesFilters(checkout, filters({ cluster: "us", status: "Paused" }))).toBe(true);
    expect(matchesFilters(checkout, filters({ cluster: "us", status: "Healthy" }))).toBe(false);
    expect(matchesFilters(web, filters({ namespace: "front", source: "argo-rollouts" }))).toBe(true);
    expect(matchesFilters(web, filters({ source: "flagger" }))).toBe(false);
  });

  it("search the name, namespace, service and images, ignoring case", () => {
    expect(matchesFilters(web, filters({ q: "FRONT" }))).toBe(true);
    expect(matchesFilters(web, filters({ q: "registry/web:v1" }))).toBe(true);
    expect(matchesFilters(web, filters({ q: "checkout" }))).toBe(false);
  });

  it("keep only what changed since a time (the incident page's hours before)", () => {
    const since = filters({ changedSince: "2026-12-01T09:00:00Z" });
    expect(matchesFilters(checkout, since)).toBe(true);
    expect(matchesFilters(web, since)).toBe(false);
    expect(matchesFilters(summary("never", { lastChangeAt: null }), since)).toBe(false);
  });

  it("refuse unknown statuses and sorts", () => {
    expect(listQuery.safeParse({ status: "Broken" }).success).toBe(false);
    expect(listQuery.safeParse({ sort: "size" }).success).toBe(false);
  });
});

describe("sorting", () => {
  const a = summary("a", { status: "Healthy", lastChangeAt: "2026-12-01T10:00:00Z" });
  const b = summary("b", { status: "Degraded", lastChangeAt: "2026-12-01T12:00:00Z" });
  const c = summary("c", { status: "Paused", lastChangeAt: null });
  const names = (list: DeliverySummary[]) => list.map((s) => s.name);

  it("puts the newest change first by default, and unknown times last", () => {
    expect(names(sortSummaries([a, c, b], "lastChange"))).toEqual(["b", "a", "c"]);
    expect(names(sortSummaries([a, c, b], "lastChange", "asc"))).toEqual(["c", "a", "b"]);
  });

  it("sorts by status from the most urgent, and by name", () => {
    expect(names(sortSummaries([a, c, b], "status"))).toEqual(["b", "c", "a"]);
    expect(names(sortSummaries([c, b, a], "name"))).toEqual(["a", "b", "c"]);
    expect(names(sortSummaries([c, b, a], "name", "desc"))).toEqual(["c", "b", "a"]);
  });

  it("breaks ties by key, so the order is the same on every request", () => {
    const x = summary("same", { cluster: "b" });
    const y = summary("same", { cluster: "a" });
    expect(sortSummaries([x, y], "name").map((s) => s.cluster)).toEqual(["a", "b"]);
  });
});

describe("Waiting for you", () => {
  it("lists only rollouts that wait for a person, the longest waiting first, across clusters", () => {
    const waiting = (since: string | null) => ({ reason: "CanaryPauseStep", since, message: "" });
    const list = waitingOldestFirst([
      summary("new", { cluster: "eu", waiting: waiting("2026-12-01T10:05:00Z") }),
      summary("healthy"),
      summary("old", { cluster: "us", waiting: waiting("2026-12-01T09:00:00Z") }),
      summary("unknown", { waiting: waiting(null) }),
    ]);
    expect(list.map((s) => s.name)).toEqual(["old", "new", "unknown"]);
  });
});

describe("production namespaces", () => {
  it("match exact names and globs", () => {
    expect(isProductionNamespace("prod", ["prod"])).toBe(true);
    expect(isProductionNamespace("prod-eu", ["prod-*"])).toBe(true);
    expect(isProductionNamespace("preprod-eu", ["prod-*"])).toBe(false);
    expect(isProductionNamespace("shop1", ["shop?"])).toBe(true);
    expect(isProductionNamespace("shop12", ["shop?"])).toBe(false);
    expect(isProductionNamespace("prod", undefined)).toBe(false);
  });
});
