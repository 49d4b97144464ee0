import { describe, expect, it } from "vitest";
import { clientIp, requestMeta } from "./request-meta";

describe("clientIp", () => {
  it("takes the socket address that Next.js puts in X-Forwarded-For when no proxy is trusted", () => {
    expect(clientIp("::ffff:127.0.0.1", 0)).toBe("127.0.0.1");
  });

  it("takes the entry added by the outermost trusted proxy", () => {
    expect(clientIp("6.6.6.6, 203.0.113.7", 1)).toBe("203.0.113.7");
    expect(clientIp("6.6.6.6, 203.0.113.7, 10.0.0.2", 2)).toBe("203.0.113.7");
    expect(clientIp("203.0.113.7", 3)).toBe("203.0.113.7");
    expect(clientIp(null, 1)).toBeNull();
  });
});

describe("requestMeta", () => {
  it("keeps a well-formed request id and replaces a hostile one", () => {
    const keep = requestMeta(new Headers({ "x-request-id": "abc-123" }));
    expect(keep.requestId).toBe("abc-123");
    const replaced = requestMeta(new Headers({ "x-request-id": "<script>" }));
    expect(replaced.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
