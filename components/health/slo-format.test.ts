import { describe, expect, it } from "vitest";
import { formatBudget, formatBurn } from "./slo-format";

describe("the SLO's reading", () => {
  it.each([
    [null, "—"],
    [0.734, "73.4% left"],
    [1, "100.0% left"],
    [0, "Exhausted ×1.0"],
    [-1.3, "Exhausted ×2.3"],
    // The issue's −27532.7 %: 276 budgets spent, not a percentage.
    [-275.327, "Exhausted ×276"],
    [-4_199, "Exhausted ×4.2k"],
  ])("budget left %s reads %s", (remaining, text) => {
    expect(formatBudget(remaining)).toBe(text);
  });

  it.each([
    [null, "—"],
    [0.04, "0.0×"],
    [1, "1.0×"],
    [14.4, "14×"],
  ])("burn rate %s reads %s", (burn, text) => {
    expect(formatBurn(burn)).toBe(text);
  });
});
