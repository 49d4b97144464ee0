import { describe, expect, it } from "vitest";
import { ApiError } from "./fetch-json";
import { baseOf, conflictsOf, editedFields } from "./incidents";

describe("the base of an incident change", () => {
  it("is the value each changed field had where the person saw it, and only those", () => {
    const seen = { status: "investigating", severity: "SEV2", summary: "old" } as const;
    expect(baseOf({ status: "identified" }, seen)).toEqual({ status: "investigating" });
    expect(baseOf({ summary: "new", severity: "SEV1" }, seen)).toEqual({ summary: "old", severity: "SEV2" });
  });

  it("leaves out what a form holds unchanged, so it cannot overwrite someone else's edit", () => {
    const opened = { title: "Payments", services: ["payments"], summary: "" };
    expect(editedFields(opened, { title: "Payments", services: ["payments"], summary: "EU only" })).toEqual({
      summary: "EU only",
    });
    expect(editedFields(opened, { ...opened, services: ["payments", "checkout"] })).toEqual({
      services: ["payments", "checkout"],
    });
    expect(editedFields(opened, opened)).toEqual({});
  });
});

describe("conflictsOf", () => {
  const conflict = {
    field: "status",
    base: "investigating",
    theirs: "identified",
    yours: "monitoring",
    changedBy: "a@example.com",
    changedAt: "2026-01-01T00:00:00.000Z",
  };

  it("reads the conflicting fields of a 409", () => {
    const error = new ApiError(409, "conflict", "changed", {}, "r", { conflicts: [conflict] });
    expect(conflictsOf(error)).toEqual([conflict]);
  });

  it("is empty for other errors and for a 409 without fields", () => {
    expect(
      conflictsOf(new ApiError(422, "validation_failed", "bad", {}, "r", { conflicts: [conflict] })),
    ).toEqual([]);
    expect(conflictsOf(new ApiError(409, "conflict", "exists"))).toEqual([]);
    expect(conflictsOf(new Error("network"))).toEqual([]);
  });
});
