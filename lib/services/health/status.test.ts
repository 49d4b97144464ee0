import { describe, expect, it } from "vitest";
import { classifyNow, originFirst, sloState, type HealthStatus } from "./status";

const now = (over: Partial<Parameters<typeof classifyNow>[0]> = {}) => ({
  requestRate: 10,
  errorRatio: 0,
  latency: { p95: 0.05 },
  targets: { up: 1, total: 1 },
  ...over,
});

describe("the status now", () => {
  it("is healthy with traffic, few errors and fast answers", () => {
    expect(classifyNow(now({ errorRatio: 0.005 }))).toEqual({ status: "ok", reasons: [] });
  });

  it("turns on errors and latency over their thresholds", () => {
    expect(classifyNow(now({ errorRatio: 0.02 }))).toEqual({ status: "warning", reasons: ["2.0% errors"] });
    expect(classifyNow(now({ errorRatio: 0.5 }))).toEqual({ status: "critical", reasons: ["50.0% errors"] });
    expect(classifyNow(now({ latency: { p95: 0.7 } }))).toEqual({
      status: "warning",
      reasons: ["p95 0.70 s"],
    });
    expect(classifyNow(now({ errorRatio: 0.02, latency: { p95: 3 } }))).toEqual({
      status: "critical",
      reasons: ["p95 3.00 s", "2.0% errors"],
    });
    expect(classifyNow(now({ targets: { up: 1, total: 2 } })).reasons).toEqual(["1 of 2 targets down"]);
  });

  it("says where the errors come from", () => {
    expect(classifyNow(now({ errorRatio: 0.5 }), { own: false, from: ["payments"] }).reasons).toEqual([
      "50.0% errors from payments",
    ]);
    expect(classifyNow(now({ errorRatio: 0.65 }), { own: true, from: ["payments"] }).reasons).toEqual([
      "65.0% errors, also from payments",
    ]);
  });

  it("is no data, never healthy, without samples", () => {
    expect(classifyNow(now({ requestRate: null, errorRatio: null, latency: { p95: null } }))).toEqual({
      status: "no_data",
      reasons: ["no samples just now"],
    });
    expect(classifyNow(now({ requestRate: 0, errorRatio: null, latency: { p95: null } })).status).toBe(
      "no_data",
    );
    expect(
      classifyNow(now({ requestRate: null, errorRatio: null, latency: { p95: null }, targets: null })).status,
    ).toBe("no_data");
    // A target down is known without traffic.
    expect(
      classifyNow(now({ requestRate: null, errorRatio: null, targets: { up: 0, total: 1 } })).status,
    ).toBe("critical");
  });

  it("ignores the SLO: a spent budget with no errors now is healthy now", () => {
    // classifyNow takes no SLO input at all; the SLO reads apart.
    expect(classifyNow(now({ errorRatio: 0 })).status).toBe("ok");
    expect(sloState(-275.3, 0)).toBe("exhausted");
  });
});

describe("the SLO state", () => {
  it("reads exhausted, burning, ok or no data", () => {
    expect(sloState(0, 0)).toBe("exhausted");
    expect(sloState(0.5, 14.4)).toBe("burning");
    expect(sloState(0.5, 0.2)).toBe("ok");
    expect(sloState(null, 0.2)).toBe("ok");
    expect(sloState(null, null)).toBe("no_data");
  });
});

describe("the Overview's order", () => {
  const row = (
    name: string,
    status: HealthStatus,
    errorRatio: number | null,
    errorSource: { own: boolean; from: string[] } | null = null,
  ) => ({ name, status, errorRatio, errorSource, slo: { burnRate: null } });

  it("puts the origin first, then its callers, then the rest worst first", () => {
    const rows = [
      row("web", "critical", 0.17, { own: false, from: ["payments"] }),
      row("inventory", "ok", 0),
      row("checkout", "critical", 0.5, { own: false, from: ["payments"] }),
      row("payments", "warning", 0.04, { own: true, from: [] }),
      row("ghost", "no_data", null),
      row("recommendations", "critical", 0.3, { own: true, from: [] }),
    ];
    expect(rows.sort(originFirst).map((r) => r.name)).toEqual([
      "recommendations",
      "payments",
      "checkout",
      "web",
      "inventory",
      "ghost",
    ]);
  });
});
