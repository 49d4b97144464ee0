import { describe, expect, it } from "vitest";
import { applyRunbookLinks } from ".";

describe("applyRunbookLinks", () => {
  it("links alerts without a runbook_url to the stored runbooks naming them, and keeps annotations", () => {
    const alerts = [
      { name: "HighErrorRatio", service: "checkout", runbookUrl: null },
      { name: "HighErrorRatio", service: null, runbookUrl: null },
      { name: "DiskFull", service: "db", runbookUrl: null },
      { name: "TargetDown", service: "web", runbookUrl: "https://wiki.example.com/target-down" },
    ];
    applyRunbookLinks(alerts, new Set(["HighErrorRatio", "TargetDown"]));
    expect(alerts.map((a) => a.runbookUrl)).toEqual([
      "/runbooks?alert=HighErrorRatio&service=checkout",
      "/runbooks?alert=HighErrorRatio",
      null,
      "https://wiki.example.com/target-down",
    ]);
  });
});
