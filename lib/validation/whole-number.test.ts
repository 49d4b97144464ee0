import { describe, expect, it } from "vitest";
import { wholeNumber } from "./whole-number";

describe("wholeNumber", () => {
  const revision = wholeNumber(1, 2_147_483_647);

  it("reads digits within the bounds", () => {
    expect(revision.parse("1")).toBe(1);
    expect(revision.parse(" 0042 ")).toBe(42);
    expect(revision.parse("2147483647")).toBe(2_147_483_647);
  });

  it("refuses anything else with one message that says what to send", () => {
    for (const value of [
      "",
      "abc",
      "NaN",
      "Infinity",
      "1e20",
      "1.5",
      "-1",
      "0",
      "0x10",
      "2147483648",
      "9".repeat(400),
    ]) {
      const result = revision.safeParse(value);
      expect(result.success, value).toBe(false);
      expect(
        result.error?.issues.map((i) => i.message),
        value,
      ).toEqual(["Use a whole number from 1 to 2147483647."]);
    }
  });
});
