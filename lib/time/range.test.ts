import { describe, expect, it } from "vitest";
import { parseTimeExpression, refreshMs, resolveRange } from "./range";

const now = new Date("2026-11-27T12:00:00Z");

describe("time range", () => {
  it("parses relative and absolute expressions", () => {
    expect(parseTimeExpression("now", now)?.toISOString()).toBe("2026-11-27T12:00:00.000Z");
    expect(parseTimeExpression("now-15m", now)?.toISOString()).toBe("2026-11-27T11:45:00.000Z");
    expect(parseTimeExpression("now-2d", now)?.toISOString()).toBe("2026-11-25T12:00:00.000Z");
    expect(parseTimeExpression("2026-11-01T00:00:00Z", now)?.toISOString()).toBe("2026-11-01T00:00:00.000Z");
    expect(parseTimeExpression("now-1y", now)).toBeNull();
    expect(parseTimeExpression("yesterday", now)).toBeNull();
  });

  it("falls back to the last hour for bad or inverted ranges", () => {
    const range = resolveRange("now", "now-1h", now);
    expect(range.start.toISOString()).toBe("2026-11-27T11:00:00.000Z");
    expect(range.end.toISOString()).toBe(now.toISOString());
    expect(resolveRange("garbage", null, now).start.toISOString()).toBe("2026-11-27T11:00:00.000Z");
  });

  it("knows the refresh intervals", () => {
    expect(refreshMs("30s")).toBe(30_000);
    expect(refreshMs("off")).toBe(0);
    expect(refreshMs("7s")).toBe(0);
  });
});
