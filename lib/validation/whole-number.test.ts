import { describe, expect, it } from "vitest";
import { wholeNumber, wholeNumberText } from "./whole-number";

const MESSAGE = "Use a whole number from 1 to 2147483647.";

describe("wholeNumber", () => {
  it("takes whole numbers that fit a PostgreSQL integer, and nothing else", () => {
    const version = wholeNumber(1);
    expect(version.parse(1)).toBe(1);
    expect(version.parse(2_147_483_647)).toBe(2_147_483_647);
    for (const value of [0, -1, 1.5, 2 ** 31, 9007199254740990, Number.MAX_VALUE, "1", null]) {
      const result = version.safeParse(value);
      expect(result.success, String(value)).toBe(false);
      expect(new Set(result.error?.issues.map((i) => i.message)), String(value)).toEqual(new Set([MESSAGE]));
    }
  });
});

describe("wholeNumberText", () => {
  const revision = wholeNumberText(1);

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
      "99999999999",
      "9".repeat(400),
    ]) {
      const result = revision.safeParse(value);
      expect(result.success, value).toBe(false);
      expect(new Set(result.error?.issues.map((i) => i.message)), value).toEqual(new Set([MESSAGE]));
    }
  });
});
