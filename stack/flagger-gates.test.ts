import { describe, expect, it } from "vitest";
import { FlaggerGates, isFlaggerGate, type FlaggerHookPayload } from "./flagger-gates";

const call = (checksum: string, name = "recommendations"): FlaggerHookPayload => ({
  name,
  namespace: "demo-flagger",
  phase: "Progressing",
  checksum,
});

describe("the stack's Flagger gates", () => {
  it("are closed until opened, and only for the canary and gate opened", () => {
    const gates = new FlaggerGates();
    expect(gates.answer("confirm-promotion", call("a"))).toBe(false);
    gates.open("demo-flagger", "recommendations", "confirm-promotion");
    expect(gates.answer("rollback", call("a"))).toBe(false);
    expect(gates.answer("confirm-promotion", call("a", "inventory"))).toBe(false);
    expect(gates.answer("confirm-promotion", call("a"))).toBe(true);
  });

  it("open for the revision of their first call, and close for the next revision", () => {
    const gates = new FlaggerGates();
    gates.open("demo-flagger", "recommendations", "confirm-promotion");
    expect(gates.answer("confirm-promotion", call("rev-1"))).toBe(true);
    expect(gates.answer("confirm-promotion", call("rev-1"))).toBe(true);
    expect(gates.list()).toEqual([
      { gate: "demo-flagger/recommendations/confirm-promotion", revision: "rev-1" },
    ]);
    expect(gates.answer("confirm-promotion", call("rev-2"))).toBe(false);
    expect(gates.answer("confirm-promotion", call("rev-1"))).toBe(false);
    expect(gates.list()).toEqual([]);
  });

  it("close on request", () => {
    const gates = new FlaggerGates();
    gates.open("demo-flagger", "recommendations", "rollback");
    gates.close("demo-flagger", "recommendations", "rollback");
    expect(gates.answer("rollback", call("a"))).toBe(false);
  });

  it("know Flagger's gate hook types only", () => {
    expect(["confirm-rollout", "confirm-promotion", "rollback"].every(isFlaggerGate)).toBe(true);
    expect(isFlaggerGate("pre-rollout")).toBe(false);
  });
});
