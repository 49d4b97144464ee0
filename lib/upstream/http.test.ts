// The shared request path against a real HTTP server on loopback: what it sends, and how a connection
// that fails, hangs or breaks off, and an answer that is not JSON or not the expected shape, come out as
// UpstreamErrors naming the upstream.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { UpstreamError, ValidationError } from "@/lib/errors";
import { metrics } from "@/lib/observability/metrics";
import { HttpUpstream, type UpstreamConnection, type UpstreamReply, type UpstreamRequest } from "./http";

type Seen = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };
type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

const TEST = { name: "jaeger", label: "Test upstream" } as const;
let server: http.Server;
let base: string;
let handle: Handler;
let seen: Seen[];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      handle(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  seen = [];
});

const answer =
  (status: number, body: string, type = "application/json"): Handler =>
  (_req, res) =>
    res.writeHead(status, { "Content-Type": type }).end(body);

const upstream = (connection: Partial<UpstreamConnection> = {}) =>
  new HttpUpstream(TEST, { url: base, timeoutMs: 2_000, ...connection });

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable(),
    (e: unknown) => e,
  );

describe("the upstream request path", () => {
  it("asks for the path under the base URL, with the query, the credentials and the extra headers", async () => {
    handle = answer(200, '{"ok":true}');
    const reply = await upstream({
      url: `${base}/prefix`,
      bearerToken: "t0ken",
      headers: { "X-Scope-OrgID": "team-a" },
    }).request(
      { operation: "read", path: "api/v1/things", query: new URLSearchParams({ a: "1 2", b: "x" }) },
      (r) => ({ status: r.status, json: r.json() }),
    );
    expect(reply).toEqual({ status: 200, json: { ok: true } });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: "GET", url: "/prefix/api/v1/things?a=1+2&b=x", body: "" });
    expect(seen[0]!.headers).toMatchObject({
      accept: "application/json",
      authorization: "Bearer t0ken",
      "x-scope-orgid": "team-a",
    });
  });

  it("sends basic auth, and a JSON or form body with its content type", async () => {
    handle = answer(200, "{}");
    const client = upstream({ basicAuth: { username: "ops", password: "s3cret:x" } });
    await client.request(
      { operation: "create", method: "POST", path: "items", body: { json: { name: "a" } } },
      () => undefined,
    );
    await client.request(
      { operation: "query", method: "POST", path: "query", body: { form: new URLSearchParams({ q: "up" }) } },
      () => undefined,
    );
    expect(seen[0]!.headers.authorization).toBe(`Basic ${Buffer.from("ops:s3cret:x").toString("base64")}`);
    expect(seen[0]!.headers["content-type"]).toBe("application/json");
    expect(seen[0]!.body).toBe('{"name":"a"}');
    expect(seen[1]!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(seen[1]!.body).toBe("q=up");
  });

  it("names the upstream and its URL when nothing listens there, after retrying a read", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));

    const error = await rejection(
      new HttpUpstream(TEST, { url, timeoutMs: 1_000 }).request({ operation: "read", path: "x" }, () => 1),
    );
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ upstream: "jaeger", kind: "unavailable", status: 503 });
    expect((error as Error).message).toMatch(
      /^Test upstream at http:\/\/127\.0\.0\.1:\d+ is unreachable \(.+\)\.$/,
    );
    const errors = await metrics().upstreamErrors.get();
    expect(errors.values).toContainEqual(
      expect.objectContaining({ labels: { upstream: "jaeger", kind: "unavailable" } }),
    );
  });

  it("gives up on an upstream that does not answer, within the timeout", async () => {
    handle = () => undefined; // never answers
    const started = Date.now();
    const error = await rejection(
      upstream({ timeoutMs: 200 }).request({ operation: "read", path: "slow" }, () => 1),
    );
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ upstream: "jaeger", kind: "timeout", status: 504 });
    expect((error as Error).message).toBe("Test upstream did not answer within 0.2s.");
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it("retries a failed read, and never a write", async () => {
    handle = answer(503, "");
    const methods = async (request: UpstreamRequest) => {
      seen = [];
      const error = await rejection(
        upstream().request(request, (r) => {
          throw r.statusError();
        }),
      );
      expect(error).toMatchObject({ kind: "unavailable" });
      return seen.map((s) => s.method);
    };
    // The first attempt and two retries.
    expect(await methods({ operation: "read", path: "x" })).toEqual(["GET", "GET", "GET"]);
    expect(await methods({ operation: "write", method: "POST", path: "x" })).toEqual(["POST"]);
    expect(await methods({ operation: "query", method: "POST", path: "x", idempotent: true })).toEqual([
      "POST",
      "POST",
      "POST",
    ]);
  });

  it("names the upstream when it breaks off its answer", async () => {
    handle = (_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": "1000" });
      res.write('{"partial":');
      setTimeout(() => res.destroy(), 20);
    };
    const error = await rejection(
      upstream().request({ operation: "write", method: "POST", path: "x" }, () => 1),
    );
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ upstream: "jaeger", kind: "unavailable" });
    expect((error as Error).message).toMatch(
      /^Test upstream at http:\/\/127\.0\.0\.1:\d+ broke off its answer \(/,
    );
  });

  it("turns a body that is not JSON, or not the expected shape, into a bad answer naming the upstream", async () => {
    // A fresh client for each answer: three failed reads of three attempts each would open the circuit.
    const items = () => upstream().request({ operation: "items", path: "items" }, read);
    const read = (reply: UpstreamReply) =>
      reply.parse(z.object({ items: z.array(z.string()) }), reply.json(), "answer to items");

    handle = answer(200, "<!DOCTYPE html><html></html>", "text/html");
    const notJson = await rejection(items());
    expect(notJson).toBeInstanceOf(UpstreamError);
    expect(notJson).toMatchObject({ upstream: "jaeger", kind: "bad_response", status: 502 });
    expect((notJson as Error).message).toBe("Test upstream answered something that is not JSON.");

    handle = answer(200, '{"items":[1,2]}');
    const badShape = await rejection(items());
    expect(badShape).toMatchObject({ upstream: "jaeger", kind: "bad_response" });
    expect((badShape as Error).message).toBe(
      "Test upstream's answer to items did not have the expected shape.",
    );

    handle = answer(200, '{"items":["a"]}');
    expect(await items()).toEqual({ items: ["a"] });
  });

  it("reports an unexpected status as unavailable (5xx) or a bad answer, with the client's detail", async () => {
    const client = upstream();
    const read = (reply: UpstreamReply) => {
      if (!reply.ok) throw reply.statusError(reply.text || undefined);
      return reply.text;
    };
    handle = answer(503, "overloaded", "text/plain");
    const unavailable = await rejection(
      client.request({ operation: "x", method: "DELETE", path: "x" }, read),
    );
    expect(unavailable).toMatchObject({ upstream: "jaeger", kind: "unavailable", status: 503 });
    expect((unavailable as Error).message).toBe("Test upstream answered HTTP 503: overloaded.");

    handle = answer(418, "");
    const bad = await rejection(client.request({ operation: "x", method: "DELETE", path: "x" }, read));
    expect(bad).toMatchObject({ kind: "bad_response", status: 502 });
    expect((bad as Error).message).toBe("Test upstream answered HTTP 418.");
  });

  it("passes the client's own errors on without retrying them or counting them against the upstream", async () => {
    handle = answer(422, '"bad matcher"');
    const client = upstream();
    const refuse = (reply: UpstreamReply) => {
      throw new ValidationError({ _: [reply.text] }, "refused");
    };
    for (let i = 0; i < 6; i++) {
      const error = await rejection(client.request({ operation: "read", path: "x" }, refuse));
      expect(error).toBeInstanceOf(ValidationError);
    }
    expect(seen).toHaveLength(6); // one request each, and the circuit is still closed
  });

  it("stops calling an upstream that keeps failing, for a while", async () => {
    handle = answer(500, "");
    const client = upstream();
    const failing = () =>
      rejection(
        client.request({ operation: "write", method: "POST", path: "x" }, (r) => {
          throw r.statusError();
        }),
      );
    for (let i = 0; i < 5; i++) expect(await failing()).toMatchObject({ kind: "unavailable" });
    const open = await failing();
    expect(open).toMatchObject({ upstream: "jaeger", kind: "unavailable" });
    expect((open as Error).message).toBe(
      "Test upstream keeps failing; Opsdeck pauses calls to it for 10s before trying again.",
    );
    expect(seen).toHaveLength(5);
  });

  it("opens the circuit on an upstream that hangs, without retrying timeouts, and counts refused calls apart", async () => {
    handle = () => undefined; // accepts the request and never answers, as a SIGSTOPped server does
    const client = upstream({ timeoutMs: 100 });
    const calls = async () =>
      (await metrics().upstreamDuration.get()).values
        .filter((v) => v.metricName?.endsWith("_count") && v.labels.upstream === "jaeger")
        .reduce((n, v) => n + v.value, 0);
    const refused = async () =>
      (await metrics().upstreamRefused.get()).values.find((v) => v.labels.upstream === "jaeger")?.value ?? 0;
    const [callsBefore, refusedBefore] = [await calls(), await refused()];

    for (let i = 0; i < 5; i++) {
      const error = await rejection(client.request({ operation: "read", path: "hung" }, () => 1));
      expect(error).toMatchObject({ upstream: "jaeger", kind: "timeout", status: 504 });
    }
    expect(seen).toHaveLength(5); // one attempt per read: a timeout is not retried
    const started = Date.now();
    const open = await rejection(client.request({ operation: "read", path: "hung" }, () => 1));
    expect(Date.now() - started).toBeLessThan(50);
    expect((open as Error).message).toBe(
      "Test upstream keeps failing; Opsdeck pauses calls to it for 10s before trying again.",
    );
    expect(seen).toHaveLength(5);
    expect((await calls()) - callsBefore).toBe(5);
    expect((await refused()) - refusedBefore).toBe(1);
  });

  it("remembers what the calls saw, and probes past an open circuit once, without retries", async () => {
    const client = upstream();
    expect(client.health()).toEqual({ circuit: "closed", lastSuccessAt: null, lastFailure: null });
    handle = answer(200, "{}");
    await client.request({ operation: "read", path: "fine" }, () => 1);
    expect(client.health().lastSuccessAt).toBeInstanceOf(Date);

    handle = answer(503, "down");
    // Two reads of three attempts each: the circuit opens at the fifth failed attempt.
    for (let i = 0; i < 2; i++)
      await rejection(
        client.request({ operation: "read", path: "down" }, (reply) => {
          throw reply.statusError();
        }),
      );
    expect(client.health()).toMatchObject({
      circuit: "open",
      lastFailure: { message: "Test upstream answered HTTP 503." },
    });

    seen = [];
    handle = answer(200, '{"version":"1.2.3"}');
    const version = await client.probe({ operation: "probe", path: "version" }, (reply) => reply.json());
    expect(version).toEqual({ version: "1.2.3" });
    expect(seen).toHaveLength(1);
    // The probe does not close the circuit: the next call after the pause does.
    expect(client.health().circuit).toBe("open");

    seen = [];
    handle = answer(500, "still broken");
    const failed = await rejection(
      client.probe({ operation: "probe", path: "version" }, (reply) => {
        throw reply.statusError();
      }),
    );
    expect(failed).toMatchObject({ kind: "unavailable" });
    expect(seen).toHaveLength(1); // not retried
    expect(client.health().lastFailure?.message).toBe("Test upstream answered HTTP 500.");
  });
});
