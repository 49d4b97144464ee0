// What Next.js would answer with a bare 500 before proxy.ts or any route runs is refused here: a path whose
// percent-encoding does not decode (400), a method Next.js does not serve (405). Over real connections,
// with a stand-in for Next.js.
import { request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestStartedAt } from "@/lib/upstream/request-start";
import { createAppServer } from "./node-server";

let server: Server;
let port: number;
const reached: string[] = [];
const requestIds: unknown[] = [];
const startedAt: (number | undefined)[] = [];

beforeAll(async () => {
  server = createAppServer(
    async (request, response) => {
      reached.push(request.url!);
      requestIds.push(request.headers["x-request-id"]);
      startedAt.push(requestStartedAt());
      response.writeHead(200).end("next");
    },
    { trustedProxyHops: 0, appUrl: "https://opsdeck.example.com" },
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => server.close());

/** A raw request target, sent as is (fetch would normalise it). */
function get(target: string, headers: Record<string, string> = {}, method = "GET") {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = httpRequest({ host: "127.0.0.1", port, path: target, headers, method }, (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString()));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      });
      req.on("error", reject);
      req.end();
    },
  );
}

describe("a path with a malformed percent-encoding", () => {
  it("is a 400 with the API's error body under /api/, naming the sequence", async () => {
    for (const [target, sequence] of [
      ["/api/services/%ff", "%ff"],
      ["/api/services/ok%E2%82", "%E2%82"],
      ["/api/runbooks/%ED%A0%80/diff?from=1", "%ED%A0%80"],
      ["/api/nothing/%", "%"],
    ] as const) {
      const response = await get(target, { "x-request-id": "req-bad-path" });
      expect(response.status, target).toBe(400);
      expect(response.headers["content-type"]).toBe("application/json");
      expect(response.headers["x-request-id"]).toBe("req-bad-path");
      expect(JSON.parse(response.body)).toEqual({
        error: {
          code: "bad_request",
          message: `The address is not valid: ${sequence} is not a percent-encoded UTF-8 character.`,
          requestId: "req-bad-path",
        },
      });
    }
  });

  it("is a plain 400 for a page", async () => {
    const response = await get("/services/%ff");
    expect(response.status).toBe(400);
    expect(response.headers["content-type"]).toMatch(/^text\/plain/);
    expect(response.body).toContain("%ff is not a percent-encoded UTF-8 character");
  });

  it("never reaches Next.js, while well-formed paths and any query string do", async () => {
    reached.length = 0;
    await get("/api/services/%ff");
    for (const target of ["/api/services/%25", "/api/services/caf%C3%A9", "/api/search?q=%ff", "/"])
      expect((await get(target)).status, target).toBe(200);
    expect(reached).toEqual(["/api/services/%25", "/api/services/caf%C3%A9", "/api/search?q=%ff", "/"]);
  });
});

describe("a method Next.js does not serve", () => {
  it("is a 405 naming the methods there are, with the API's error body under /api/", async () => {
    reached.length = 0;
    const response = await get("/api/me", { "x-request-id": "req-trace" }, "TRACE");
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
    expect(JSON.parse(response.body)).toEqual({
      error: {
        code: "method_not_allowed",
        message: "TRACE is not a method Opsdeck serves; use GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS.",
        requestId: "req-trace",
      },
    });
    expect((await get("/signin", {}, "PROPFIND")).status).toBe(405);
    expect(reached).toEqual([]);
  });

  it("passes every method Next.js serves through", async () => {
    reached.length = 0;
    for (const method of ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
      expect((await get("/api/me", {}, method)).status, method).toBe(200);
    expect(reached).toHaveLength(7);
  });
});

describe("a method an API route does not export", () => {
  let routed: Server;
  let routedPort: number;
  const passed: string[] = [];
  beforeAll(async () => {
    routed = createAppServer(
      async (request, response) => {
        passed.push(`${request.method} ${request.url}`);
        response.writeHead(200).end("next");
      },
      {
        trustedProxyHops: 0,
        routeOf: (path) => (path.startsWith("/api/runbooks/") ? "/api/runbooks/[id]" : undefined),
        apiMethods: { "/api/runbooks/[id]": ["DELETE", "GET", "HEAD", "OPTIONS", "PUT"] },
      },
    );
    await new Promise<void>((resolve) => routed.listen(0, "127.0.0.1", resolve));
    routedPort = (routed.address() as AddressInfo).port;
  });
  afterAll(() => routed.close());

  const send = (target: string, method: string) =>
    new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
      const req = httpRequest(
        { host: "127.0.0.1", port: routedPort, path: target, method, headers: { "x-request-id": "req-405" } },
        (res) => {
          let body = "";
          res.on("data", (chunk: Buffer) => (body += chunk.toString()));
          res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
        },
      );
      req.on("error", reject);
      req.end();
    });

  it("is a 405 with the API's error body and an Allow header naming what the route answers", async () => {
    passed.length = 0;
    const response = await send("/api/runbooks/42?x=1", "POST");
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe("DELETE, GET, HEAD, OPTIONS, PUT");
    expect(response.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(response.body)).toEqual({
      error: {
        code: "method_not_allowed",
        message: "POST is not served at /api/runbooks/42; it answers DELETE, GET, HEAD, OPTIONS or PUT.",
        requestId: "req-405",
      },
    });
    const head = await send("/api/runbooks/42", "PATCH");
    expect([head.status, head.headers.allow]).toEqual([405, "DELETE, GET, HEAD, OPTIONS, PUT"]);
    expect(passed).toEqual([]);
  });

  it("passes the methods the route answers, and any route the build's table does not know, to Next.js", async () => {
    passed.length = 0;
    for (const method of ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"])
      expect((await send("/api/runbooks/42", method)).status, method).toBe(200);
    expect((await send("/api/elsewhere", "PATCH")).status).toBe(200);
    expect((await send("/runbooks/42", "POST")).status).toBe(200);
    expect(passed).toHaveLength(7);
  });
});

describe("what every request gets before Next.js", () => {
  it("an id: the caller's when well-formed, else a new one", async () => {
    requestIds.length = 0;
    await get("/api/me", { "x-request-id": "lb-7f3a:2" });
    await get("/incidents", { "x-request-id": "bad id with spaces" });
    await get("/api/me");
    expect(requestIds[0]).toBe("lb-7f3a:2");
    expect(requestIds[1]).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIds[2]).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIds[2]).not.toBe(requestIds[1]);
  });

  it("its arrival time, which the time budget of its waits on upstreams counts from", async () => {
    startedAt.length = 0;
    const before = Date.now();
    await get("/api/overview");
    expect(startedAt).toHaveLength(1);
    expect(startedAt[0]).toBeGreaterThanOrEqual(before);
    expect(startedAt[0]).toBeLessThanOrEqual(Date.now());
    expect(requestStartedAt()).toBeUndefined();
  });

  it("under /api/, a policy that lets an answer load or run nothing, and HSTS over https", async () => {
    const api = await get("/api/incidents?status=open", { "x-request-id": "req-api" });
    expect(api.headers["x-request-id"]).toBe("req-api");
    expect(api.headers["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(api.headers["strict-transport-security"]).toBe("max-age=31536000");
    // Pages and next-auth's routes get theirs from proxy.ts, with a nonce per response.
    for (const target of ["/incidents", "/api/auth/signout"])
      expect((await get(target)).headers["content-security-policy"], target).toBeUndefined();
  });
});
