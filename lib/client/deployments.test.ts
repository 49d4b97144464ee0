import { describe, expect, it } from "vitest";
import { filterParams, newIdempotencyKey } from "./deployments";

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("newIdempotencyKey", () => {
  it("is a version 4 UUID, as the action's schema requires", () => {
    for (let i = 0; i < 50; i++) expect(newIdempotencyKey()).toMatch(UUID_V4);
  });

  it("sets the version and variant bits whatever the random bytes are", () => {
    expect(newIdempotencyKey((b) => b.fill(0xff))).toBe("ffffffff-ffff-4fff-bfff-ffffffffffff");
    expect(newIdempotencyKey((b) => b.fill(0))).toBe("00000000-0000-4000-8000-000000000000");
  });

  it("differs every time", () => {
    expect(new Set(Array.from({ length: 100 }, () => newIdempotencyKey())).size).toBe(100);
  });
});

describe("filterParams", () => {
  it("writes equal filters the same way, whatever their order", () => {
    const a = filterParams({ status: ["Paused", "Degraded"], service: ["b", "a"], q: "check", sort: "name" });
    const b = filterParams({ service: ["a", "b"], q: "check", status: ["Degraded", "Paused"], sort: "name" });
    expect(a.toString()).toBe(b.toString());
    expect(a.toString()).toBe("service=a&service=b&status=Degraded&status=Paused&q=check&sort=name");
  });

  it("leaves out what is empty", () => {
    expect(filterParams({ status: [], q: "" }).toString()).toBe("");
  });
});
