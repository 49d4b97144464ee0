import { describe, expect, it } from "vitest";
import { chartUnit, formatDuration, inUnit } from "./durations";

describe("incident durations", () => {
  it("charts in the unit of the longest median, so seconds are not all zero", () => {
    expect(chartUnit([12, 40, null]).name).toBe("s");
    expect(chartUnit([40, 600]).name).toBe("min");
    expect(chartUnit([600, 3 * 3600]).name).toBe("h");
    expect(chartUnit([null, null]).name).toBe("s");
    expect(inUnit(40, chartUnit([40]))).toBe(40);
    expect(inUnit(90, chartUnit([90, 600]))).toBe(1.5);
    expect(inUnit(null, chartUnit([90]))).toBeNull();
  });

  it("writes a duration in seconds, minutes or hours", () => {
    expect(formatDuration(0)).toBe("0 s");
    expect(formatDuration(42)).toBe("42 s");
    expect(formatDuration(600)).toBe("10 min");
    expect(formatDuration(5400)).toBe("1.5 h");
    expect(formatDuration(null)).toBe("—");
  });
});
