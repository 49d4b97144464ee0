import { describe, expect, it } from "vitest";
import { backoffDelay, INFORMER_BACKOFF } from "./backoff";

describe("backoffDelay", () => {
  it("doubles from the initial delay up to the cap, half of each step being jitter", () => {
    const low = (attempt: number) => backoffDelay(attempt, INFORMER_BACKOFF, () => 0);
    const high = (attempt: number) => backoffDelay(attempt, INFORMER_BACKOFF, () => 1);
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(low)).toEqual([250, 500, 1000, 2000, 4000, 8000, 15000, 15000]);
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(high)).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });

  it("stays within [step/2, step] for random jitter, and at the cap forever", () => {
    for (let attempt = 0; attempt < 200; attempt++) {
      const step = Math.min(30_000, 500 * 2 ** attempt);
      const delay = backoffDelay(attempt);
      expect(delay).toBeGreaterThanOrEqual(step / 2);
      expect(delay).toBeLessThanOrEqual(step);
    }
  });

  it("spreads the retries of many informers failing at once", () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(4)));
    expect(delays.size).toBeGreaterThan(40);
  });
});
