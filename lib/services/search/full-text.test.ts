import { describe, expect, it } from "vitest";
import { tsQueryOf } from "./full-text";

describe("tsQueryOf", () => {
  it("matches plain words as prefixes, all of them", () => {
    expect(tsQueryOf("Pay gate")).toEqual({ prefixes: ["pay:*", "gate:*"] });
    expect(tsQueryOf("42")).toEqual({ prefixes: ["42:*"] });
  });

  it("leaves search syntax and anything else to websearch_to_tsquery", () => {
    expect(tsQueryOf('"cache flush"')).toEqual({ websearch: '"cache flush"' });
    expect(tsQueryOf("timeout -staging")).toEqual({ websearch: "timeout -staging" });
    expect(tsQueryOf("cache or redis")).toEqual({ websearch: "cache or redis" });
    expect(tsQueryOf("a:* | b")).toEqual({ websearch: "a:* | b" });
    expect(tsQueryOf("zürich ½")).toEqual({ websearch: "zürich ½" });
  });
});
