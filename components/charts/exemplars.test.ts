import { describe, expect, it } from "vitest";
import { exemplarOutcome, slowestPerBucket, type ExemplarOutcome } from "./exemplars";

const e = (t: number, v: number, outcome: ExemplarOutcome = "ok", id = `${t}-${v}`) => ({
  t,
  v,
  outcome,
  id,
});

describe("exemplarOutcome", () => {
  it("calls 5xx and error statuses errors, other statuses ok, and no status unknown", () => {
    expect(exemplarOutcome("500")).toBe("error");
    expect(exemplarOutcome("503")).toBe("error");
    expect(exemplarOutcome("ERROR")).toBe("error");
    expect(exemplarOutcome("404")).toBe("ok");
    expect(exemplarOutcome("200")).toBe("ok");
    expect(exemplarOutcome("5000")).toBe("ok");
    expect(exemplarOutcome(null)).toBe("unknown");
    expect(exemplarOutcome("")).toBe("unknown");
  });
});

describe("slowestPerBucket", () => {
  it("keeps the slowest exemplar of each bucket, in time order", () => {
    const kept = slowestPerBucket([e(5, 0.2), e(1, 0.9), e(9, 0.4), e(15, 0.1), e(12, 0.3)], 0, 20, 2);
    expect(kept.map((x) => x.id)).toEqual(["1-0.9", "12-0.3"]);
  });

  it("keeps the slowest of each outcome, so a fast error is not hidden by a slow success", () => {
    const kept = slowestPerBucket([e(1, 2), e(2, 0.01, "error"), e(3, 0.005, "error"), e(4, 1)], 0, 10, 1);
    expect(kept.map((x) => x.id)).toEqual(["1-2", "2-0.01"]);
  });

  it("thins hundreds of exemplars to at most one per bucket and outcome", () => {
    const many = Array.from({ length: 300 }, (_, i) =>
      e(i * 10, (i * 37) % 101, i % 7 === 0 ? "error" : "ok"),
    );
    const kept = slowestPerBucket(many, 0, 3000, 30);
    expect(kept.length).toBeLessThanOrEqual(60);
    expect(kept.length).toBeGreaterThan(30);
    // Each kept one is the slowest of its bucket and outcome.
    for (const k of kept) {
      const bucket = Math.min(Math.floor(k.t / 100), 29);
      const rivals = many.filter(
        (m) => m.outcome === k.outcome && Math.min(Math.floor(m.t / 100), 29) === bucket,
      );
      expect(k.v).toBe(Math.max(...rivals.map((r) => r.v)));
    }
  });

  it("puts the span's end in the last bucket and leaves out exemplars outside the span", () => {
    const kept = slowestPerBucket([e(-1, 9), e(10, 1), e(11, 9)], 0, 10, 5);
    expect(kept.map((x) => x.id)).toEqual(["10-1"]);
  });
});
