import { describe, expect, it } from "vitest";
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  UnauthenticatedError,
  UpstreamError,
  ValidationError,
} from "@/lib/errors";
import { created, errorResponse } from "./respond";

describe("errorResponse", () => {
  it.each([
    [new ValidationError({ email: ["bad"] }), 422],
    [new UnauthenticatedError(), 401],
    [new ForbiddenError("audit:read"), 403],
    [new NotFoundError("gone"), 404],
    [new ConflictError("twice"), 409],
    [new RateLimitedError("slow down", 60), 429],
    [new UpstreamError("prometheus", "unavailable", "down"), 503],
    [new UpstreamError("jaeger", "bad_response", "5xx"), 502],
    [new UpstreamError("alertmanager", "timeout", "slow"), 504],
  ])("maps %o to %i", async (error, status) => {
    const response = errorResponse(error, "req-1");
    expect(response.status).toBe(status);
    const body = await response.json();
    expect(body.error.requestId).toBe("req-1");
    expect(body.error.message).toBe(error.message);
  });

  it("names the upstream and the fields", async () => {
    expect(
      (await errorResponse(new UpstreamError("prometheus", "unavailable", "down"), "r").json()).error
        .upstream,
    ).toBe("prometheus");
    expect((await errorResponse(new ValidationError({ email: ["bad"] }), "r").json()).error.fields).toEqual({
      email: ["bad"],
    });
    expect(
      (await errorResponse(new ConflictError("x", { conflicts: [{ field: "status" }] }), "r").json()).error
        .conflicts,
    ).toEqual([{ field: "status" }]);
    expect(errorResponse(new RateLimitedError("x", 42), "r").headers.get("Retry-After")).toBe("42");
  });

  it("hides unknown errors behind a request id", async () => {
    const response = errorResponse(new Error("secret stack detail at db.ts:42"), "req-9");
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain("secret");
    expect(text).toContain("req-9");
  });
});

describe("database outages", () => {
  it("answer 503 naming the database", async () => {
    const response = errorResponse(Object.assign(new Error("connect"), { code: "P1001" }), "r");
    expect(response.status).toBe(503);
    expect((await response.json()).error).toMatchObject({ upstream: "database", kind: "unavailable" });
  });
});

describe("created", () => {
  it("answers 201 with the body and, for a resource that can be read, its Location", async () => {
    const response = created({ runbook: { id: "r1" } }, "/api/runbooks/r1");
    expect(response.status).toBe(201);
    expect(response.headers.get("Location")).toBe("/api/runbooks/r1");
    expect(await response.json()).toEqual({ runbook: { id: "r1" } });
  });

  it("sends no Location for what has no URL of its own", () => {
    expect(created({ entry: { id: "e1" } }).headers.has("Location")).toBe(false);
  });
});
