import { describe, expect, it } from "vitest";
import { delayAfterFailures } from "./login-limiter";

describe("delayAfterFailures", () => {
  it("doubles with each failure of an account and address, up to the maximum", () => {
    expect([1, 2, 3, 4, 5, 8, 9, 10, 50, 10_000].map((n) => delayAfterFailures(n, 300))).toEqual([
      1, 2, 4, 8, 16, 128, 256, 300, 300, 300,
    ]);
  });
});
