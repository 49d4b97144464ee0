import { describe, expect, it } from "vitest";
import { impersonationOf, withPrecondition } from "./client";

describe("withPrecondition", () => {
  it("puts the resourceVersion in a merge patch's metadata, keeping what else it sets there", () => {
    expect(
      withPrecondition({
        type: "merge",
        body: { metadata: { annotations: { a: "b" } }, status: { pauseConditions: null } },
        resourceVersion: "42",
      }),
    ).toEqual({
      metadata: { annotations: { a: "b" }, resourceVersion: "42" },
      status: { pauseConditions: null },
    });
  });

  it("puts a test operation first in a JSON patch", () => {
    expect(
      withPrecondition({
        type: "json",
        body: [{ op: "replace", path: "/spec/paused", value: false }],
        resourceVersion: "42",
      }),
    ).toEqual([
      { op: "test", path: "/metadata/resourceVersion", value: "42" },
      { op: "replace", path: "/spec/paused", value: false },
    ]);
  });

  it("leaves a patch without precondition alone, and refuses a body of the wrong shape", () => {
    const body = { spec: { paused: true } };
    expect(withPrecondition({ type: "merge", body })).toBe(body);
    expect(() => withPrecondition({ type: "json", body, resourceVersion: "1" })).toThrow(
      /list of operations/,
    );
    expect(() => withPrecondition({ type: "merge", body: [], resourceVersion: "1" })).toThrow(/object/);
  });
});

describe("impersonationOf", () => {
  it("sends the person's email as the user and their Opsdeck role as a group", () => {
    expect(impersonationOf({ email: "ana@example.com", role: "operator" })).toEqual({
      user: "ana@example.com",
      groups: ["opsdeck:operator", "system:authenticated"],
    });
  });
});
