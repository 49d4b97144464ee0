import { describe, expect, it, vi } from "vitest";
import { SharedResultCache } from "./cache";

describe("SharedResultCache", () => {
  it("coalesces concurrent identical loads into one", async () => {
    const cache = new SharedResultCache();
    const load = vi.fn(async () => {
      await new Promise((r) => setTimeout(r, 20));
      return 42;
    });
    const results = await Promise.all(Array.from({ length: 100 }, () => cache.get("k", 1_000, load)));
    expect(load).toHaveBeenCalledTimes(1);
    expect(results.every((r) => r.value === 42)).toBe(true);
  });

  it("reuses a value until it expires", async () => {
    vi.useFakeTimers();
    const cache = new SharedResultCache();
    let n = 0;
    const load = async () => ++n;
    expect((await cache.get("k", 1_000, load)).value).toBe(1);
    vi.advanceTimersByTime(500);
    expect((await cache.get("k", 1_000, load)).value).toBe(1);
    vi.advanceTimersByTime(600);
    expect((await cache.get("k", 1_000, load)).value).toBe(2);
    vi.useRealTimers();
  });

  it("serves the last good value, marked stale, when the upstream fails", async () => {
    vi.useFakeTimers();
    const cache = new SharedResultCache();
    await cache.get("k", 1_000, async () => "good");
    vi.advanceTimersByTime(5_000);
    const failing = new Error("down");
    const result = await cache.get("k", 1_000, async () => {
      throw failing;
    });
    expect(result).toMatchObject({ value: "good", staleBecause: failing });
    await expect(cache.get("other", 1_000, async () => Promise.reject(failing))).rejects.toBe(failing);
    vi.useRealTimers();
  });

  it("evicts the oldest entries beyond its size", async () => {
    const cache = new SharedResultCache({ maxEntries: 2, keepStaleMs: 60_000 });
    await cache.get("a", 60_000, async () => 1);
    await cache.get("b", 60_000, async () => 2);
    await cache.get("c", 60_000, async () => 3);
    let loaded = false;
    await cache.get("a", 60_000, async () => {
      loaded = true;
      return 1;
    });
    expect(loaded).toBe(true);
  });
});
