import { afterEach, describe, expect, it, vi } from "vitest";
import { coalesce } from "./live";

afterEach(() => vi.useRealTimers());

describe("coalescing a burst of changes", () => {
  it("fires once, 200 ms after the first change of a burst, then again for the next burst", () => {
    vi.useFakeTimers();
    const fire = vi.fn();
    const pending = coalesce(fire);
    pending.call();
    vi.advanceTimersByTime(150);
    pending.call();
    pending.call();
    expect(fire).not.toHaveBeenCalled();
    vi.advanceTimersByTime(50);
    expect(fire).toHaveBeenCalledTimes(1);
    pending.call();
    vi.advanceTimersByTime(200);
    expect(fire).toHaveBeenCalledTimes(2);
  });

  it("drops a pending call when the stream closes", () => {
    vi.useFakeTimers();
    const fire = vi.fn();
    const pending = coalesce(fire);
    pending.call();
    pending.cancel();
    vi.advanceTimersByTime(1_000);
    expect(fire).not.toHaveBeenCalled();
  });
});
