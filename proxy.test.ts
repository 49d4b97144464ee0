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

  it("gives every page a Content-Security-Policy with a fresh nonce, handed to Next.js and the layout", () => {
    const first = proxy(request("/signin"));
    const second = proxy(request("/signin"));
    const policy = first.headers.get("content-security-policy")!;
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    expect(nonce).toBeTruthy();
    expect(policy).toContain("frame-ancestors 'none'");
    // Next.js reads the nonce from the request's policy; the layout from x-nonce.
    expect(first.headers.get("x-middleware-request-content-security-policy")).toBe(policy);
    expect(first.headers.get("x-middleware-request-x-nonce")).toBe(nonce);
    expect(second.headers.get("content-security-policy")).not.toContain(nonce);
  });

  it("sends the policy with redirects and API answers too, and no HSTS over http", () => {
    expect(proxy(request("/incidents")).headers.get("content-security-policy")).toContain("script-src");
    expect(proxy(request("/api/healthz")).headers.get("content-security-policy")).toContain("script-src");
    expect(proxy(request("/signin")).headers.get("strict-transport-security")).toBeNull();
  });
});
