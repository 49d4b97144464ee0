import { describe, expect, it } from "vitest";
import {
  duration,
  labelName,
  matcher,
  metricName,
  PromqlBuildError,
  regexLiteral,
  selector,
  stringLiteral,
} from "./promql";

describe("PromQL building", () => {
  it("escapes label values so they cannot end the string", () => {
    expect(stringLiteral('a"b')).toBe('"a\\"b"');
    expect(stringLiteral("a\\b")).toBe('"a\\\\b"');
    expect(stringLiteral("line\nbreak")).toBe('"line\\nbreak"');
    const hostile = 'x"} or vector(1) or up{a="';
    expect(matcher("service", "=", hostile)).toBe('service="x\\"} or vector(1) or up{a=\\""');
  });

  it("escapes regular-expression metacharacters for literal regex matches", () => {
    expect(regexLiteral("a.b|c*")).toBe("a\\.b\\|c\\*");
    expect(matcher("service", "=~", regexLiteral("api.v2"))).toBe('service=~"api\\\\.v2"');
  });

  it("refuses names that are not PromQL names", () => {
    expect(() => labelName("service}")).toThrow(PromqlBuildError);
    expect(() => metricName("up or vector(1)")).toThrow(PromqlBuildError);
    expect(() => duration("5m) or (")).toThrow(PromqlBuildError);
    expect(duration("1h30m")).toBe("1h30m");
  });

  it("builds selectors", () => {
    expect(selector("up", [matcher("service", "=", "web"), matcher("job", "!=", "x")])).toBe(
      'up{service="web",job!="x"}',
    );
    expect(selector("up", [])).toBe("up");
  });
});
