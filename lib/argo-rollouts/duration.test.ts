import { describe, expect, it } from "vitest";
import { parseGoDuration, pauseDurationSeconds } from "./duration";

describe("parseGoDuration (Go's time.ParseDuration)", () => {
  it.each([
    ["0", 0],
    ["30s", 30_000],
    ["1m30s", 90_000],
    ["1h", 3_600_000],
    ["1.5h", 5_400_000],
    ["300ms", 300],
    [".5s", 500],
    ["1.s", 1000],
    ["-1m", -60_000],
    ["+2s", 2000],
    ["1h2m3s4ms", 3_723_004],
    ["5us", 0.005],
    ["5µs", 0.005],
    ["100ns", 0.0001],
  ])("reads %s as %d ms", (text, milliseconds) => {
    expect(parseGoDuration(text)).toBeCloseTo(milliseconds, 10);
  });

  it.each(["", "30", "1h30", "1z", ".s", "s", "-", "1 s", "1d", "3000000h"])("refuses %j", (text) => {
    expect(parseGoDuration(text)).toBeNull();
  });
});

describe("pauseDurationSeconds (RolloutPause.DurationSeconds)", () => {
  // The cases of TestRolloutPauseDuration in pkg/apis/rollouts/v1alpha1/types_test.go.
  it.each([
    [undefined, 0],
    [10, 10],
    ["10", 10],
    ["10s", 10],
    ["1h", 3600],
    ["1ms", 0],
    ["1z", -1],
    ["20000000000", -1],
  ])("%j is %d seconds", (duration, seconds) => {
    expect(pauseDurationSeconds(duration)).toBe(seconds);
  });

  it("truncates a fractional duration to whole seconds", () => {
    expect(pauseDurationSeconds("1m30.9s")).toBe(90);
  });
});
