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

describe("labelsMatch on user regexes", () => {
  const matcher = (value: string) => [{ name: "service", value, isRegex: true, isEqual: true }];

  it("evaluates x|(.|.|.)*y against a label value of thousands of characters", () => {
    const long = "a".repeat(5_000);
    expect(labelsMatch({ service: `${long}y` }, matcher("x|(.|.|.)*y"))).toBe(true);
    expect(labelsMatch({ service: long }, matcher("x|(.|.|.)*y"))).toBe(false);
  });

  it("reads the regex as RE2 does", () => {
    expect(labelsMatch({ service: "Payments" }, matcher("(?i)payments"))).toBe(true);
    expect(labelsMatch({ service: "zahlungsverkehr-süd" }, matcher("\\pL+-\\pL+"))).toBe(true);
    expect(labelsMatch({ service: "payments" }, matcher("(?=pay)payments"))).toBe(false);
  });
});
