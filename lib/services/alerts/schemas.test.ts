import { describe, expect, it } from "vitest";
import { alertListInput, createSilenceInput, isNarrowing } from "./schemas";

describe("silence matchers", () => {
  it("tells narrowing matchers from catch-alls", () => {
    expect(isNarrowing({ name: "service", value: "web", isRegex: false, isEqual: true })).toBe(true);
    expect(isNarrowing({ name: "alertname", value: "High.*", isRegex: true, isEqual: true })).toBe(true);
    expect(isNarrowing({ name: "alertname", value: ".*", isRegex: true, isEqual: true })).toBe(false);
    expect(isNarrowing({ name: "alertname", value: ".+", isRegex: true, isEqual: true })).toBe(false);
    expect(isNarrowing({ name: "service", value: "", isRegex: false, isEqual: true })).toBe(false);
    expect(isNarrowing({ name: "service", value: "web", isRegex: false, isEqual: false })).toBe(false);
  });

  it("refuses invalid regexes and empty comments", () => {
    const result = createSilenceInput.safeParse({
      matchers: [{ name: "a", value: "(", isRegex: true }],
      durationMinutes: 60,
      comment: "",
    });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join("."));
    expect(paths).toContain("matchers.0.value");
    expect(paths).toContain("comment");
  });
});

describe("alert filters", () => {
  it("accepts Alertmanager matcher syntax and refuses the rest", () => {
    expect(alertListInput.parse({ filter: ['service="web"', "severity=~crit.*"] }).filter).toHaveLength(2);
    expect(alertListInput.safeParse({ filter: "service" }).success).toBe(false);
    expect(alertListInput.safeParse({ filter: 'service="web"} or x' }).success).toBe(false);
  });
});
