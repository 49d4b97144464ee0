import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "./proxy";

const request = (path: string, headers: Record<string, string> = {}) =>
  new NextRequest(`http://localhost:3000${path}`, { headers });
// NextResponse.next({ request: { headers } }) hands the changed request headers to the app this way.
const forwardedId = (response: Response) => response.headers.get("x-middleware-request-x-request-id");

describe("proxy", () => {
  it("passes a well-formed caller's request id on to the app and back to the caller", () => {
    const response = proxy(request("/api/healthz", { "x-request-id": "lb-7f3a.01" }));
    expect(forwardedId(response)).toBe("lb-7f3a.01");
    expect(response.headers.get("x-request-id")).toBe("lb-7f3a.01");
  });

  it("replaces a malformed one by a new id, for the app and for the caller alike", () => {
    const response = proxy(request("/api/healthz", { "x-request-id": "x".repeat(129) }));
    const id = response.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(forwardedId(response)).toBe(id);
  });

  it("tags the sign-in redirect of an anonymous visitor too", () => {
    const response = proxy(request("/incidents", { "x-request-id": "<script>" }));
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toBe("http://localhost:3000/signin?callbackUrl=%2Fincidents");
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});
