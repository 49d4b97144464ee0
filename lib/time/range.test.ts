import { describe, expect, it } from "vitest";
import { timeFormatter } from "./format";
import { describeRange, parseTimeExpression, refreshMs, resolveRange } from "./range";

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

describe("describeRange", () => {
  it("names a preset, and writes a fixed range's ends with the given formatter", () => {
    const utc = timeFormatter({ timeZone: "utc", clock: "h24" }, "en-US", Date.UTC(2026, 10, 29));
    expect(describeRange("now-1h", "now", utc.dateTimeMinutes)).toBe("Last 1 hour");
    expect(describeRange("2026-11-29T14:00:00.000Z", "2026-11-29T15:30:00.000Z", utc.dateTimeMinutes)).toBe(
      "Nov 29, 14:00 UTC → Nov 29, 15:30 UTC",
    );
    expect(describeRange("now-3h", "now-1h", utc.dateTimeMinutes)).toBe("now-3h → now-1h");
  });
});
