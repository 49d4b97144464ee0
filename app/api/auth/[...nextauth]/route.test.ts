// What next-auth itself answers with a 500 is refused before it runs (found by the fuzz stage): a
// callbackUrl it cannot parse (which it takes for a server misconfiguration), an error code it copies
// unencoded into a Location header, and a GET of the password callback, which it only serves by POST.
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { GET } from "./route";

function get(path: string, headers: Record<string, string> = {}) {
  const url = new URL(path, "http://localhost:3000");
  const nextauth = url.pathname.replace("/api/auth/", "").split("/");
  return GET(new NextRequest(url, { headers: { "x-request-id": "req-auth", ...headers } }), {
    params: Promise.resolve({ nextauth }),
  });
}

describe("next-auth's routes", () => {
  it("refuse a callbackUrl that is not an address, naming it", async () => {
    for (const callbackUrl of ["\u0016x", "Bw\u0001p", "not a url", "//%"]) {
      const response = await get(`/api/auth/session?callbackUrl=${encodeURIComponent(callbackUrl)}`);
      expect(response.status, callbackUrl).toBe(422);
      expect((await response.json()).error).toMatchObject({
        code: "validation_failed",
        fields: { callbackUrl: ["Use an address on this site, such as /incidents."] },
        requestId: "req-auth",
      });
    }
  });

  it("refuse an error code that is not one", async () => {
    const response = await get(`/api/auth/error?error=${encodeURIComponent("\u0004x")}`);
    expect(response.status).toBe(422);
    expect((await response.json()).error.fields).toEqual({ error: ["Not a sign-in error code."] });
  });

  it("refuse a callback-url cookie that is not an address", async () => {
    const response = await get("/api/auth/csrf", { cookie: "next-auth.callback-url=%01" });
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toBe(
      "The cookie next-auth.callback-url does not hold an address: delete it and sign in again.",
    );
  });

  it("refuse a GET of the password callback with 405", async () => {
    const response = await get("/api/auth/callback/credentials");
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
    expect((await response.json()).error.code).toBe("method_not_allowed");
  });
});
