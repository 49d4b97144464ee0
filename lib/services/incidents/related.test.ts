import { describe, expect, it } from "vitest";
import { labelsMatch } from "./related";

const labels = { alertname: "HighErrorRatio", service: "payments", severity: "critical" };
const eq = (name: string, value: string) => ({ name, value, isRegex: false, isEqual: true });

describe("labelsMatch", () => {
  it("matches like Alertmanager: all matchers, anchored regexes, negations, missing labels as empty", () => {
    expect(labelsMatch(labels, [eq("alertname", "HighErrorRatio"), eq("service", "payments")])).toBe(true);
    expect(labelsMatch(labels, [eq("alertname", "HighErrorRatio"), eq("service", "checkout")])).toBe(false);
    expect(labelsMatch(labels, [{ name: "service", value: "pay.*", isRegex: true, isEqual: true }])).toBe(
      true,
    );
    expect(labelsMatch(labels, [{ name: "service", value: "pay", isRegex: true, isEqual: true }])).toBe(
      false,
    );
    expect(
      labelsMatch(labels, [{ name: "severity", value: "warning", isRegex: false, isEqual: false }]),
    ).toBe(true);
    expect(labelsMatch(labels, [eq("team", "")])).toBe(true);
    expect(labelsMatch(labels, [{ name: "service", value: "(", isRegex: true, isEqual: true }])).toBe(false);
  });
});
