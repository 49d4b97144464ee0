import { describe, expect, it } from "vitest";
import { compile, expandedSize, fullMatch, InvalidRegexError, MAX_EXPANDED_SIZE } from "./regex";

const problem = (pattern: string) => {
  try {
    compile(pattern);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRegexError);
    return (error as Error).message;
  }
};

describe("fullMatch", () => {
  it("anchors at both ends, as Alertmanager's ^(?:pattern)$", () => {
    expect(fullMatch("pay.*", "payments")).toBe(true);
    expect(fullMatch("pay", "payments")).toBe(false);
    expect(fullMatch("a|b", "ab")).toBe(false);
    expect(fullMatch("a|b", "b")).toBe(true);
    expect(fullMatch("", "")).toBe(true);
    // `.` does not cross a newline, as in Go without (?s).
    expect(fullMatch(".*", "a\nb")).toBe(false);
    expect(fullMatch("(?s).*", "a\nb")).toBe(true);
  });

  it("evaluates x|(.|.|.)*y on thousands of characters without backtracking", () => {
    const long = "a".repeat(20_000);
    expect(fullMatch("x|(.|.|.)*y", long)).toBe(false);
    expect(fullMatch("x|(.|.|.)*y", `${long}y`)).toBe(true);
    expect(fullMatch("(a*)*b", long)).toBe(false);
    expect(fullMatch("(a|aa)+$", `${long}!`)).toBe(false);
  });

  it("reads Go's syntax: flags, named groups, Unicode and POSIX classes, quoting", () => {
    expect(fullMatch("(?i)highErrorRatio", "HighErrorRatio")).toBe(true);
    expect(fullMatch("(?P<kind>High|Low)ErrorRatio", "LowErrorRatio")).toBe(true);
    expect(fullMatch("\\pL+", "Grüße")).toBe(true);
    expect(fullMatch("\\p{Greek}+", "αβγ")).toBe(true);
    expect(fullMatch("[[:alpha:]]+", "abc")).toBe(true);
    expect(fullMatch("\\Qa.b\\E", "a.b")).toBe(true);
    expect(fullMatch("\\Qa.b\\E", "axb")).toBe(false);
    // \d and \w are ASCII only, as in Go.
    expect(fullMatch("\\d+", "٣")).toBe(false);
  });
});

describe("compile", () => {
  it("refuses what RE2 refuses, saying why in Go's words", () => {
    expect(problem("(?=a)b")).toBe(
      "not a valid RE2 regular expression: invalid or unsupported Perl syntax: `(?=`",
    );
    expect(problem("(?<!a)b")).toBe("not a valid RE2 regular expression: invalid named capture: `(?<!a)b`");
    expect(problem("(a)\\1")).toBe("not a valid RE2 regular expression: invalid escape sequence: `\\1`");
    expect(problem("a++")).toBe(
      "not a valid RE2 regular expression: invalid nested repetition operator: `++`",
    );
    expect(problem("(")).toBe("not a valid RE2 regular expression: missing closing ): `(`");
    expect(problem("a{1001}")).toBe("not a valid RE2 regular expression: invalid repeat count: `{1001}`");
    expect(problem("(?i)ok")).toBeNull();
  });

  it("refuses, before compiling, a pattern whose counted repetitions expand past the limit", () => {
    expect(problem(`.{0,${MAX_EXPANDED_SIZE / 2 - 10}}`)).toBeNull();
    expect(problem(`(?:${"\\pL".repeat(300)}){999}`)).toMatch(
      /^too large: it expands to about 3\d\d,\d{3} steps \(counted repetitions such as \{100\} multiply\), more than the 2,000 allowed$/,
    );
  });

  it("keeps compiled patterns for reuse", () => {
    expect(compile("cached-(a|b)")).toBe(compile("cached-(a|b)"));
  });
});

describe("expandedSize", () => {
  it("counts atoms, groups and the copies counted repetitions make", () => {
    expect(expandedSize("abc")).toBe(3);
    expect(expandedSize("a{10}")).toBe(10);
    expect(expandedSize("(?:ab){10}")).toBe(40);
    expect(expandedSize("((a{10}){10}){10}")).toBeGreaterThanOrEqual(1_000);
    expect(expandedSize("a{2,5}")).toBe(8);
  });

  it("does not take braces that are not repetitions for one", () => {
    expect(expandedSize("\\x{41}")).toBe(1);
    expect(expandedSize("\\p{Greek}")).toBe(1);
    expect(expandedSize("[{]")).toBe(1);
    expect(expandedSize("\\Q{1000}\\E")).toBe(6);
    expect(expandedSize("a{x}")).toBe(4);
  });
});
