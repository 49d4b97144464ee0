import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, newNonce, strictTransportSecurity } from "./content-security-policy";

const directives = (policy: string) =>
  Object.fromEntries(policy.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));

describe("contentSecurityPolicy", () => {
  const policy = directives(
    contentSecurityPolicy({ nonce: "abc123==", development: false, imageOrigins: [], https: false }),
  );

  it("runs only scripts with this response's nonce, and what they load", () => {
    expect(policy["script-src"]).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"]);
    expect(policy["script-src"]).not.toContain("'unsafe-inline'");
    expect(policy["script-src"]).not.toContain("'unsafe-eval'");
    expect(policy["object-src"]).toEqual(["'none'"]);
    expect(policy["base-uri"]).toEqual(["'none'"]);
  });

  it("starts workers from this origin only", () => {
    expect(policy["worker-src"]).toEqual(["'self'"]);
  });

  it("cannot be framed, and loads images only from itself unless origins are allowed", () => {
    expect(policy["frame-ancestors"]).toEqual(["'none'"]);
    expect(policy["img-src"]).toEqual(["'self'", "data:", "blob:"]);
    const allowed = directives(
      contentSecurityPolicy({
        nonce: "n",
        development: false,
        imageOrigins: ["https://images.example.com"],
        https: false,
      }),
    );
    expect(allowed["img-src"]).toContain("https://images.example.com");
  });

  it("allows eval only in development, and upgrades subresources only over https", () => {
    expect(
      contentSecurityPolicy({ nonce: "n", development: true, imageOrigins: [], https: false }),
    ).toContain("'unsafe-eval'");
    expect(policy["upgrade-insecure-requests"]).toBeUndefined();
    expect(contentSecurityPolicy({ nonce: "n", development: false, imageOrigins: [], https: true })).toMatch(
      /; upgrade-insecure-requests$/,
    );
  });
});

describe("newNonce", () => {
  it("is 16 random bytes, different every time", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });
});

describe("strictTransportSecurity", () => {
  it("is sent only when the app is served over https", () => {
    expect(strictTransportSecurity("https://ops.example.com")).toBe("max-age=31536000");
    expect(strictTransportSecurity("http://localhost:3000")).toBeNull();
    expect(strictTransportSecurity(undefined)).toBeNull();
  });
});
