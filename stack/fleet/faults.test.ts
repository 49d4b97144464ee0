import { describe, expect, it } from "vitest";
import { faultsUpdateSchema, NO_FAULTS_BY_REVISION, updateFaults } from "./faults";

describe("the fault knobs per revision", () => {
  it("changes the named knobs of every revision by default", () => {
    const update = faultsUpdateSchema.parse({ errorRate: 0.5 });
    expect(update.revision).toBe("all");
    expect(updateFaults(NO_FAULTS_BY_REVISION, update)).toEqual({
      stable: { errorRate: 0.5, latencyMs: 0 },
      canary: { errorRate: 0.5, latencyMs: 0 },
    });
  });

  it("changes one revision's knobs and keeps the others", () => {
    const before = updateFaults(NO_FAULTS_BY_REVISION, faultsUpdateSchema.parse({ latencyMs: 300 }));
    const after = updateFaults(before, faultsUpdateSchema.parse({ errorRate: 0.8, revision: "canary" }));
    expect(after).toEqual({
      stable: { errorRate: 0, latencyMs: 300 },
      canary: { errorRate: 0.8, latencyMs: 300 },
    });
  });

  it("refuses an unknown revision or knob, naming it", () => {
    const refused = (body: unknown) =>
      faultsUpdateSchema.safeParse(body).error?.issues.map((i) => i.path.join("."));
    expect(refused({ errorRate: 0.5, revision: "preview" })).toEqual(["revision"]);
    expect(refused({ errorRate: 2 })).toEqual(["errorRate"]);
    expect(refused({ errorrate: 0.5 })).toEqual([""]);
  });
});
