import { describe, expect, it } from "vitest";
import { formatAge, formatPercent, formatRate, formatSeconds } from "./format";

describe("formats", () => {
  it("formats rates, ratios and durations for people", () => {
    expect(formatRate(null)).toBe("—");
    expect(formatRate(0.05)).toBe("3.0/min");
    expect(formatRate(4.2)).toBe("4.20/s");
    expect(formatRate(2500)).toBe("2.5k/s");
    expect(formatPercent(0.1234)).toBe("12.34%");
    expect(formatPercent(0.00001)).toBe("<0.01%");
    expect(formatSeconds(0.0421)).toBe("42ms");
    expect(formatSeconds(0.0042)).toBe("4.2ms");
    expect(formatSeconds(1.5)).toBe("1.50s");
    expect(formatSeconds(Number.NaN)).toBe("—");
    expect(formatAge(Date.now() - 125_000)).toBe("2 min ago");
  });
});
