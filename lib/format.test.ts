import { describe, expect, it } from "vitest";
import {
  formatAge,
  formatPercent,
  formatRate,
  formatSeconds,
  rateAxisFormat,
  secondsAxisFormat,
} from "./format";

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

describe("rateAxisFormat", () => {
  it("gives every tick of an axis the unit its largest value needs", () => {
    const perSecond = rateAxisFormat(0.38);
    expect([0, 0.095, 0.19, 0.38].map(perSecond)).toEqual(["0/s", "0.1/s", "0.19/s", "0.38/s"]);
    const perMinute = rateAxisFormat(0.05);
    expect([0, 0.025, 0.05].map(perMinute)).toEqual(["0/min", "1.5/min", "3/min"]);
    expect([0, 1500, 3000].map(rateAxisFormat(3000))).toEqual(["0/s", "1.5k/s", "3k/s"]);
  });
});

describe("secondsAxisFormat", () => {
  it("writes every tick of a duration axis in the unit its largest value needs, zero too", () => {
    expect([0, 0.06, 0.12, 0.24].map(secondsAxisFormat(0.24))).toEqual(["0ms", "60ms", "120ms", "240ms"]);
    expect([0, 0.0025, 0.005].map(secondsAxisFormat(0.005))).toEqual(["0ms", "2.5ms", "5ms"]);
    expect([0, 1.5, 3].map(secondsAxisFormat(3))).toEqual(["0s", "1.5s", "3s"]);
    expect([0, 0.0004].map(secondsAxisFormat(0.0004))).toEqual(["0µs", "400µs"]);
    expect([0, 90, 180].map(secondsAxisFormat(180))).toEqual(["0min", "1.5min", "3min"]);
  });
});
