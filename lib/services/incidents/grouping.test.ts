import { describe, expect, it } from "vitest";
import type { DependencyGraph } from "@/lib/traces/dependencies";
import { chooseIncident, joinReason, type GroupingCandidate } from "./grouping";

// The demo's calls: web → checkout → payments, checkout → inventory.
const graph: DependencyGraph = {
  services: [],
  traces: 10,
  edges: [
    { caller: "web", callee: "checkout", calls: 10, errors: 0 },
    { caller: "checkout", callee: "payments", calls: 10, errors: 0 },
    { caller: "checkout", callee: "inventory", calls: 10, errors: 0 },
  ],
};
const policy = { windowMinutes: 30, labels: ["cluster"] };
const alert = (service: string | null, labels: Record<string, string> = {}) => ({
  alertname: "HighErrorRatio",
  service,
  labels,
});
const incident = (services: string[], labels: Record<string, string>[] = [], at = 0): GroupingCandidate => ({
  services,
  groupLabels: labels,
  lastActivity: new Date(at),
});

describe("joinReason", () => {
  it("joins the same service", () => {
    expect(joinReason(alert("payments"), incident(["payments"]), null, policy)).toEqual({
      reason: "same_service",
      text: "same service (payments)",
    });
  });

  it("joins a caller of the incident's service, through others too, with the path", () => {
    expect(joinReason(alert("checkout"), incident(["payments"]), graph, policy)).toEqual({
      reason: "depends_on",
      text: "checkout depends on payments (checkout → payments in traces)",
    });
    expect(joinReason(alert("web"), incident(["payments"]), graph, policy)?.text).toBe(
      "web depends on payments (web → checkout → payments in traces)",
    );
  });

  it("joins a service the incident's service depends on", () => {
    expect(joinReason(alert("payments"), incident(["web"]), graph, policy)).toEqual({
      reason: "depended_on",
      text: "web depends on payments (web → checkout → payments in traces)",
    });
  });

  it("keeps siblings apart: neither depends on the other", () => {
    expect(joinReason(alert("inventory"), incident(["payments"]), graph, policy)).toBeNull();
  });

  it("without the graph (Jaeger down), joins only the same service or a grouping label", () => {
    expect(joinReason(alert("checkout"), incident(["payments"]), null, policy)).toBeNull();
    expect(
      joinReason(
        alert("checkout", { cluster: "eu" }),
        incident(["payments"], [{ cluster: "eu" }]),
        null,
        policy,
      ),
    ).toEqual({ reason: "label", text: "same cluster (eu)" });
    expect(
      joinReason(
        alert("checkout", { cluster: "us" }),
        incident(["payments"], [{ cluster: "eu" }]),
        null,
        policy,
      ),
    ).toBeNull();
  });
});

describe("chooseIncident", () => {
  it("prefers the strongest reason, then the most recently active incident", () => {
    const byLabel = { ...incident(["search"], [{ cluster: "eu" }], 300), id: "label" };
    const caller = { ...incident(["web"], [], 100), id: "caller-old" };
    const callerNewer = { ...incident(["checkout"], [], 200), id: "caller-new" };
    const chosen = chooseIncident(
      alert("payments", { cluster: "eu" }),
      [byLabel, caller, callerNewer],
      graph,
      policy,
    );
    expect(chosen?.incident.id).toBe("caller-new");
    expect(chosen?.reason).toBe("depended_on");
  });

  it("joins nothing when grouping is off (window 0)", () => {
    expect(
      chooseIncident(alert("payments"), [incident(["payments"])], graph, { ...policy, windowMinutes: 0 }),
    ).toBeNull();
  });
});
