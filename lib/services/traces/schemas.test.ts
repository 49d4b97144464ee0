import { describe, expect, it } from "vitest";
import { traceSearchInput } from "./schemas";

describe("trace search input", () => {
  it("reads durations in the units people write", () => {
    const q = traceSearchInput.parse({ service: "checkout", minDuration: "250ms", maxDuration: "1.5s" });
    expect(q).toMatchObject({ minDuration: 250, maxDuration: 1500 });
  });

  // Found by the fuzz stage: a duration too long for Go's time.Duration was sent to Jaeger in
  // exponential notation, which it refused (a 502).
  it("refuses durations longer than a day, which Jaeger could not be asked for", () => {
    for (const minDuration of ["25h", "99999999999999999999999999h", "1e400"]) {
      const result = traceSearchInput.safeParse({ service: "checkout", minDuration });
      expect(result.success, minDuration).toBe(false);
      expect(
        result.error?.issues.map((i) => i.path),
        minDuration,
      ).toEqual([["minDuration"]]);
    }
    expect(traceSearchInput.parse({ service: "checkout", maxDuration: "24h" }).maxDuration).toBe(86_400_000);
  });
});
