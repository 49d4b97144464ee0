import { describe, expect, it } from "vitest";
import { checklistSteps } from "./checklist";

describe("checklistSteps", () => {
  it("takes task-list items, checked or not, and skips code blocks", () => {
    const md = [
      "# Payments errors",
      "- [ ] Open the dashboard",
      "* [x] Check recent deploys  ",
      "- plain bullet",
      "```",
      "- [ ] not a step",
      "```",
      "  + [ ] Page the payments team",
    ].join("\n");
    expect(checklistSteps(md)).toEqual([
      "Open the dashboard",
      "Check recent deploys",
      "Page the payments team",
    ]);
  });
});
