import { describe, expect, it } from "vitest";
import { acceptedRequestId, clientIp, forwardedForOfConnection, requestMeta } from "./request-meta";

describe("clientIp", () => {
  it("takes the connection's address, the one entry when no proxy is trusted", () => {
    expect(clientIp("::ffff:127.0.0.1", 0)).toBe("127.0.0.1");
  });

  it("takes the entry added by the outermost trusted proxy", () => {
    expect(clientIp("6.6.6.6, 203.0.113.7", 1)).toBe("203.0.113.7");
    expect(clientIp("6.6.6.6, 203.0.113.7, 10.0.0.2", 2)).toBe("203.0.113.7");
    expect(clientIp("203.0.113.7", 3)).toBe("203.0.113.7");
    expect(clientIp(null, 1)).toBeNull();
  });
});

describe("forwardedForOfConnection", () => {
  it("passes on only the connection's address when no proxy is trusted, whatever the client sent", () => {
    expect(forwardedForOfConnection("6.6.6.6", "198.51.100.9", 0)).toBe("198.51.100.9");
    expect(forwardedForOfConnection("127.0.0.1, 6.6.6.6", "::ffff:198.51.100.9", 0)).toBe(
      "::ffff:198.51.100.9",
    );
    expect(forwardedForOfConnection(undefined, "198.51.100.9", 0)).toBe("198.51.100.9");
  });

  it("passes on the proxies' chain when proxies are trusted", () => {
    expect(forwardedForOfConnection("6.6.6.6, 203.0.113.7", "10.0.0.2", 1)).toBe("6.6.6.6, 203.0.113.7");
    expect(forwardedForOfConnection(undefined, "10.0.0.2", 1)).toBe("10.0.0.2");
  });

  it("with clientIp, finds the client behind any number of proxies, whatever it forged to the left", () => {
    const client = "203.0.113.7";
    const forged = ["127.0.0.1", "6.6.6.6"];
    for (let hops = 0; hops <= 3; hops++) {
      // The client connects to the first proxy (or, with none, to the app); each proxy appends the
      // address it saw; the last one connects to the app.
      const path = [client, ...Array.from({ length: hops }, (_, i) => `10.0.0.${i + 1}`)];
      const connection = path[path.length - 1];
      const received = hops === 0 ? forged.join(", ") : [...forged, ...path.slice(0, -1)].join(", ");
      expect(clientIp(forwardedForOfConnection(received, connection, hops) ?? null, hops), `${hops}`).toBe(
        client,
      );
    }
  });
});

describe("acceptedRequestId", () => {
  const generated = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it("keeps a caller's id made of letters, digits and _.:- up to 128 characters", () => {
    for (const id of ["abc-123", "0b6c1f3e-9d7a-4c2e-8f51-3a9d2c7e4b10", "req_1.2:3", "x".repeat(128)])
      expect(acceptedRequestId(id)).toBe(id);
  });

  it("replaces anything else by a new id, before it reaches a log line, an audit entry or a header", () => {
    for (const id of [
      null,
      "",
      "x".repeat(129),
      "<script>",
      "abc\r\nX-Injected: 1",
      'abc" "level":"fatal',
      "two, ids",
      "with space",
      "ünïcode",
      "abc\u0000",
    ])
      expect(acceptedRequestId(id), JSON.stringify(id)).toMatch(generated);
    expect(acceptedRequestId(null)).not.toBe(acceptedRequestId(null));
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
