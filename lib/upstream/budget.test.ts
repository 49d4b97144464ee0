import { describe, expect, it } from "vitest";
import { withinBudget } from "./budget";

describe("withinBudget", () => {
  it("gives the value of work done in time", async () => {
    await expect(withinBudget(Promise.resolve(42), 50)).resolves.toEqual({ value: 42 });
  });

  it("gives the error of work that failed in time, without throwing", async () => {
    const error = new Error("down");
    await expect(withinBudget(Promise.reject(error), 50)).resolves.toEqual({ error });
  });

  it("gives up on work that takes longer, and a later failure of it goes unnoticed", async () => {
    let fail!: (e: Error) => void;
    const slow = new Promise<number>((_, reject) => (fail = reject));
    const started = Date.now();
    await expect(withinBudget(slow, 30)).resolves.toEqual({ timedOut: true });
    expect(Date.now() - started).toBeLessThan(1_000);
    fail(new Error("too late")); // no unhandled rejection: the budget caught it
  });
});
