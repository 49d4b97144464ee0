// Jaeger's answers as its own test snapshots record them (fixtures/), and the edge cases its code
// produces that the live server in the stack rarely does: 404 "No traces found", base64 ids, int64
// strings, errors as {"error": {...}} with a text/plain content type.
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UpstreamError } from "@/lib/errors";
import { JaegerClient } from "./client";
import { decodeTraces, spanExtras } from "./otlp";

const fixture = (name: string) => readFileSync(path.join(__dirname, "fixtures", name), "utf8");

type Reply = { status: number; body: string; type?: string };
let reply: (url: URL) => Reply;
const seen: URL[] = [];
let server: http.Server;
let client: JaegerClient;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url!, "http://x");
    seen.push(url);
    const r = reply(url);
    res.writeHead(r.status, { "Content-Type": r.type ?? "application/json" }).end(r.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  client = new JaegerClient({ url: `http://127.0.0.1:${port}`, timeoutMs: 2000 });
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const noTraces: Reply = {
  status: 404,
  type: "text/plain; charset=utf-8",
  body: `${JSON.stringify({ error: { httpCode: 404, message: "No traces found" } })}\n`,
};

describe("the Jaeger client, against Jaeger's recorded answers", () => {
  it("reads services and operations", async () => {
    reply = (url) =>
      url.pathname === "/api/v3/services"
        ? { status: 200, body: fixture("GetServices.json") }
        : { status: 200, body: fixture("GetOperations.json") };
    expect(await client.services()).toEqual(["foo"]);
    expect(await client.operations("foo")).toEqual([{ name: "get_users", spanKind: "server" }]);
    expect(seen.at(-1)?.searchParams.get("service")).toBe("foo");
  });

  it("reads a trace with integer enums and hex ids", async () => {
    reply = () => ({ status: 200, body: fixture("GetTrace.json") });
    const decoded = await client.trace("00000000000000000000000000000001");
    const spans = decoded?.traces.get("00000000000000000000000000000001");
    expect(spans).toHaveLength(1);
    expect(spans![0]).toMatchObject({ spanId: "0000000000000002", kind: 2, statusCode: 2, name: "foobar" });
    expect(decoded!.resources[0]!.service).toBe("unknown_service");
  });

  it("takes 404 No traces found as no traces, and a 404 without it as a wrong URL", async () => {
    reply = () => noTraces;
    expect(await client.trace("ab")).toBeNull();
    const found = await client.findTraces({ service: "foo", start: new Date(0), end: new Date(), limit: 5 });
    expect(found.traces.size).toBe(0);
    reply = () => ({ status: 404, type: "text/plain", body: "404 page not found\n" });
    await expect(client.services()).rejects.toThrow(/no \/api\/v3\/services.*JAEGER_URL/);
  });

  it("sends the search in both Jaeger 1.x and 2.x parameter names, durations as Go durations", async () => {
    reply = () => noTraces;
    await client.findTraces({
      service: "checkout",
      operation: "POST /checkout",
      start: new Date("2026-11-27T10:00:00Z"),
      end: new Date("2026-11-27T11:00:00Z"),
      minDurationMs: 250,
      maxDurationMs: 1500,
      limit: 20,
    });
    const q = seen.at(-1)!.searchParams;
    expect(q.get("query.service_name")).toBe("checkout");
    expect(q.get("query.serviceName")).toBe("checkout");
    expect(q.get("query.operation_name")).toBe("POST /checkout");
    expect(q.get("query.start_time_min")).toBe("2026-11-27T10:00:00.000Z");
    expect(q.get("query.startTimeMax")).toBe("2026-11-27T11:00:00.000Z");
    expect(q.get("query.duration_min")).toBe("0.25s");
    expect(q.get("query.durationMax")).toBe("1.5s");
    expect(q.get("query.num_traces")).toBe("20");
    expect(q.get("query.searchDepth")).toBe("20");
  });

  it("reads trace summaries where Jaeger has them, and stops asking where it does not", async () => {
    const query = { service: "frontend", start: new Date(0), end: new Date(), limit: 20 };
    reply = () => ({ status: 200, body: fixture("FindTraceSummaries.json") });
    const summaries = await new JaegerClient(client.config).traceSummaries(query);
    expect(summaries).toEqual([
      {
        traceId: "00000000000000000000000000000001",
        rootService: "frontend",
        rootOperation: "HTTP GET /",
        startUnixMs: 1_000_000,
        durationUs: 1_000_000,
        spanCount: 2,
        errorCount: 1,
        services: [{ name: "frontend", spanCount: 2, errorCount: 1 }],
      },
    ]);
    // Jaeger 1.x has no such route: its router answers a plain 404.
    const old = new JaegerClient(client.config);
    let asked = 0;
    reply = () => {
      asked++;
      return { status: 404, type: "text/plain", body: "404 page not found\n" };
    };
    expect(await old.traceSummaries(query)).toBeNull();
    expect(await old.traceSummaries(query)).toBeNull();
    expect(asked).toBe(1);
    // Jaeger 1.76 serves its UI's HTML page, with 200, for API paths it does not have.
    const withUi = new JaegerClient(client.config);
    reply = () => ({ status: 200, type: "text/html; charset=utf-8", body: "<!DOCTYPE html><html></html>" });
    expect(await withUi.traceSummaries(query)).toBeNull();
  });

  it("names Jaeger when it refuses a query or fails", async () => {
    reply = () => ({
      status: 400,
      type: "text/plain",
      body: JSON.stringify({ error: { httpCode: 400, message: "malformed parameter query.num_traces" } }),
    });
    await expect(client.services()).rejects.toThrow(
      "Jaeger refused the query: malformed parameter query.num_traces",
    );
    reply = () => ({ status: 200, body: "<html>" });
    await expect(client.services()).rejects.toBeInstanceOf(UpstreamError);
  });
});

describe("decodeTraces", () => {
  const span = (extra: Record<string, unknown>) => ({
    result: {
      resourceSpans: [
        {
          resource: { attributes: [{ key: "service.name", value: { stringValue: "web" } }] },
          scopeSpans: [
            {
              scope: { name: "demo" },
              spans: [
                {
                  traceId: "0af7651916cd43dd8448eb211c80319c",
                  spanId: "b7ad6b7169203331",
                  name: "GET /",
                  kind: "SPAN_KIND_SERVER",
                  startTimeUnixNano: "1764237600000000000",
                  endTimeUnixNano: "1764237600250000500",
                  ...extra,
                },
              ],
            },
          ],
        },
      ],
    },
  });

  it("decodes attributes of every value type, keeping int64 beyond 2^53 as a string", () => {
    const decoded = decodeTraces(
      span({
        attributes: [
          { key: "s", value: { stringValue: "x" } },
          { key: "i", value: { intValue: "42" } },
          { key: "big", value: { intValue: "9223372036854775807" } },
          { key: "d", value: { doubleValue: 0.5 } },
          { key: "b", value: { boolValue: true } },
          { key: "a", value: { arrayValue: { values: [{ intValue: "1" }, { stringValue: "two" }] } } },
          { key: "kv", value: { kvlistValue: { values: [{ key: "k", value: { stringValue: "v" } }] } } },
        ],
        events: [{ name: "exception", timeUnixNano: "1764237600100000000", attributes: [] }],
        status: { code: "STATUS_CODE_ERROR", message: "boom" },
      }),
    );
    const s = decoded.traces.get("0af7651916cd43dd8448eb211c80319c")![0]!;
    expect(spanExtras(s).attributes).toEqual({
      s: "x",
      i: 42,
      big: "9223372036854775807",
      d: 0.5,
      b: true,
      a: [1, "two"],
      kv: { k: "v" },
    });
    expect(s).toMatchObject({
      kind: 2,
      statusCode: 2,
      statusMessage: "boom",
      scope: "demo",
      parentSpanId: null,
    });
    expect(spanExtras(s).events[0]).toMatchObject({ name: "exception", timeUs: 1764237600100000 });
    expect(decoded.resources[0]!.service).toBe("web");
  });

  it("accepts base64 ids and refuses ids that are neither", () => {
    const b64 = Buffer.from("0af7651916cd43dd8448eb211c80319c", "hex").toString("base64");
    expect([...decodeTraces(span({ traceId: b64 })).traces.keys()]).toEqual([
      "0af7651916cd43dd8448eb211c80319c",
    ]);
    expect(() => decodeTraces(span({ spanId: "not-an-id" }))).toThrow(
      /spanId "not-an-id" is not a 16-digit hex id/,
    );
    expect(() => decodeTraces(span({ startTimeUnixNano: "yesterday" }))).toThrow(UpstreamError);
    expect(() => decodeTraces({ result: { resourceSpans: {} } })).toThrow(/resourceSpans is not a list/);
  });

  it("groups the spans of several traces sent in one answer", () => {
    const one = span({});
    const other = span({ traceId: "11111111111111111111111111111111", spanId: "2222222222222222" });
    const merged = {
      result: {
        resourceSpans: [
          ...one.result.resourceSpans,
          ...other.result.resourceSpans,
          ...one.result.resourceSpans,
        ],
      },
    };
    const decoded = decodeTraces(merged);
    expect(decoded.traces.size).toBe(2);
    expect(decoded.traces.get("0af7651916cd43dd8448eb211c80319c")).toHaveLength(2);
  });
});
