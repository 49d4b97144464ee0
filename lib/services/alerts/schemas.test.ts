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

describe("silence matcher regexes: Go's RE2, as Alertmanager evaluates them", () => {
  const silence = (value: string) =>
    createSilenceInput.safeParse({
      matchers: [{ name: "alertname", value, isRegex: true }],
      durationMinutes: 60,
      comment: "maintenance window",
    });
  const fieldErrors = (value: string) => {
    const result = silence(value);
    expect(result.success).toBe(false);
    return result.error!.issues.map((i) => [i.path.join("."), i.message]);
  };

  it("accepts RE2 syntax that JavaScript's RegExp lacks", () => {
    for (const value of ["(?i)high.*", "(?P<kind>High)ErrorRatio", "[[:alpha:]]+", "\\pL+", "\\Qa.b\\E"])
      expect(silence(value).success, value).toBe(true);
  });

  it("refuses lookarounds, backreferences and what else RE2 refuses, naming the matcher", () => {
    expect(fieldErrors("(?=High)HighErrorRatio")).toEqual([
      [
        "matchers.0.value",
        "alertname: not a valid RE2 regular expression: invalid or unsupported Perl syntax: `(?=`",
      ],
    ]);
    expect(fieldErrors("(High)\\1")).toEqual([
      ["matchers.0.value", "alertname: not a valid RE2 regular expression: invalid escape sequence: `\\1`"],
    ]);
    for (const value of ["(?<=a)b", "(?!a)b", "a*+", "a{2,1}", "\\Z"])
      expect(fieldErrors(value)[0]![1], value).toMatch(/^alertname: not a valid RE2 regular expression: /);
  });

  it("refuses a pattern whose counted repetitions expand too far to evaluate cheaply", () => {
    const [[path, message]] = fieldErrors(`(?:${"\\pL".repeat(300)}){999}`) as [[string, string]];
    expect(path).toBe("matchers.0.value");
    expect(message).toMatch(/^alertname: too large: /);
  });

  it("decides whether x|(.|.|.)*y narrows without backtracking through its probes", () => {
    expect(isNarrowing({ name: "alertname", value: "x|(.|.|.)*y", isRegex: true, isEqual: true })).toBe(true);
    expect(
      isNarrowing({ name: "alertname", value: "(?s).*|x|(.|.|.)*y", isRegex: true, isEqual: true }),
    ).toBe(false);
  });
});
