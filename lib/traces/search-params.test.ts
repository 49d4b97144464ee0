import { describe, expect, it } from "vitest";
import { loadTraceSearch, traceSearchQueryString } from "./search-params";

describe("loadTraceSearch", () => {
  it("reads a search from the URL with the page's defaults", () => {
    expect(loadTraceSearch("?service=web")).toEqual({
      service: "web",
      operation: "",
      attr: [],
      minDuration: "",
      maxDuration: "",
      limit: 20,
      from: "now-1h",
      to: "now",
    });
  });

  it("reads attribute filters as one comma-separated value, as the page writes them", () => {
    const search = loadTraceSearch(
      "?service=web&attr=http.route%3D%2Fa,http.method%3DGET&limit=50&from=now-15m",
    );
    expect(search.attr).toEqual(["http.route=/a", "http.method=GET"]);
    expect(search.limit).toBe(50);
    expect(search.from).toBe("now-15m");
  });
});

describe("traceSearchQueryString", () => {
  const base = {
    service: "web",
    operation: "",
    attrs: [],
    minDuration: "",
    maxDuration: "",
    limit: 20,
    from: "now-15m",
    to: "now",
  };

  it("leaves empty fields out", () => {
    expect(traceSearchQueryString(base)).toBe("service=web&from=now-15m&to=now&limit=20");
  });

  it("sends one attr per filter and the set fields", () => {
    expect(
      traceSearchQueryString({
        ...base,
        operation: "GET /",
        attrs: ["a=1", "b=2"],
        minDuration: "250ms",
        maxDuration: "2s",
      }),
    ).toBe(
      "service=web&from=now-15m&to=now&limit=20&operation=GET+%2F&minDuration=250ms&maxDuration=2s&attr=a%3D1&attr=b%3D2",
    );
  });
});
