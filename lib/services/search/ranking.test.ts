import { describe, expect, it } from "vitest";
import { byScore, groupByKind, matchScore, textHitScore, traceIdIn } from "./ranking";

describe("traceIdIn", () => {
  it("finds a 32- or 16-digit trace id, pasted alone or inside a line or a URL, in lower case", () => {
    expect(traceIdIn("4BF92F3577B34DA6A3CE929D0E0E4736")).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    expect(traceIdIn("  00f067aa0ba902b7 ")).toBe("00f067aa0ba902b7");
    expect(traceIdIn("http://jaeger:16686/trace/4bf92f3577b34da6a3ce929d0e0e4736?uiFind=x")).toBe(
      "4bf92f3577b34da6a3ce929d0e0e4736",
    );
    expect(traceIdIn('level=error trace_id="00f067aa0ba902b7" msg=timeout')).toBe("00f067aa0ba902b7");
  });

  it("ignores hex runs of other lengths and words that merely look hexadecimal", () => {
    expect(traceIdIn("payments")).toBeNull();
    expect(traceIdIn("deadbeef")).toBeNull();
    expect(traceIdIn("4bf92f3577b34da6a3ce929d0e0e47361")).toBeNull(); // 33 digits
    expect(traceIdIn("00f067aa0ba902b7a")).toBeNull(); // 17 digits
    expect(traceIdIn("00f067aa0ba902bz")).toBeNull();
  });
});

describe("matchScore", () => {
  it("ranks the whole name, then a prefix, then a word start, then a substring", () => {
    const exact = matchScore("payments", "payments");
    const prefix = matchScore("pay", "payments");
    const word = matchScore("pay", "legacy-payments");
    const inside = matchScore("ment", "payments");
    expect(exact).toBe(1);
    expect(prefix).toBeLessThan(exact);
    expect(word).toBeLessThan(prefix);
    expect(inside).toBeLessThan(word);
    expect(inside).toBeGreaterThan(0);
  });

  it("prefers the shorter of two names with the same prefix, ignores case, and finds words in any order", () => {
    expect(matchScore("pay", "payments")).toBeGreaterThan(matchScore("pay", "payments-worker"));
    expect(matchScore("PAY", "Payments")).toBe(matchScore("pay", "payments"));
    expect(matchScore("error high", "HighErrorRatio")).toBe(0); // one word, so no word starts
    expect(matchScore("ratio high", "high error ratio")).toBeGreaterThan(0);
  });

  it("scores nothing for no match or an empty query", () => {
    expect(matchScore("checkout", "payments")).toBe(0);
    expect(matchScore("  ", "payments")).toBe(0);
  });
});

describe("textHitScore", () => {
  const now = Date.parse("2026-11-29T12:00:00Z");
  it("puts a title that matches as a name first, then the more recent of equal hits", () => {
    const titled = textHitScore(
      "payments",
      { title: "Payments down", rank: 0.1, updatedAt: "2026-01-01T00:00:00Z" },
      now,
    );
    const body = textHitScore(
      "payments",
      { title: "Checkout slow", rank: 0.1, updatedAt: "2026-11-29T00:00:00Z" },
      now,
    );
    const older = textHitScore(
      "payments",
      { title: "Checkout slow", rank: 0.1, updatedAt: "2026-06-01T00:00:00Z" },
      now,
    );
    expect(titled).toBeGreaterThan(body);
    expect(body).toBeGreaterThan(older);
  });

  it("stays below an exact name match", () => {
    const best = textHitScore("payments", { title: "payments", rank: 5, updatedAt: new Date(now) }, now);
    expect(best).toBeLessThan(matchScore("payments", "payments"));
  });
});

describe("byScore", () => {
  it("orders best first and keeps the order of ties", () => {
    const items = [
      { id: "a", score: 0.5 },
      { id: "b", score: 0.9 },
      { id: "c", score: 0.5 },
    ];
    expect(byScore(items).map((i) => i.id)).toEqual(["b", "a", "c"]);
    expect(items.map((i) => i.id)).toEqual(["a", "b", "c"]);
  });
});

describe("groupByKind", () => {
  it("puts the group with the best result first, ties in the order of kinds, best first inside", () => {
    const groups = groupByKind(
      [
        { kind: "page", id: "alerts", score: 0.9 },
        { kind: "service", id: "payments", score: 1 },
        { kind: "deployment", id: "payments", score: 1 },
        { kind: "service", id: "payments-worker", score: 0.85 },
        { kind: "incident", id: "7", score: 0.3 },
      ],
      ["page", "service", "deployment", "incident"],
    );
    expect(groups.map((g) => [g.kind, g.items.map((i) => i.id)])).toEqual([
      ["service", ["payments", "payments-worker"]],
      ["deployment", ["payments"]],
      ["page", ["alerts"]],
      ["incident", ["7"]],
    ]);
  });
});
