// Whole traces over Jaeger's gRPC query API, against a gRPC server that speaks jaeger.api_v3.QueryService
// the way Jaeger does: Jaeger's recorded GetTrace answer (fixtures/GetTrace.json) streamed as OTLP
// protobuf, in one message or in chunks; NOT_FOUND or an empty stream for an unknown trace; the statuses
// of a wrong port, wrong credentials and a hung server. And the fallback to /api/v3 when the gRPC port
// does not answer.
import { readFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { BinaryReader } from "@bufbuild/protobuf/wire";
import {
  Server,
  ServerCredentials,
  status,
  type ServerWritableStream,
  type ServiceDefinition,
} from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { UpstreamError } from "@/lib/errors";
import { logger } from "@/lib/observability/logger";
import { metrics } from "@/lib/observability/metrics";
import { withExtras } from "@/tests/support/decoded-traces";
import { chunkedTracesData, encodeTracesData, type Json } from "@/tests/support/otlp-protobuf";
import { JaegerClient } from "./client";
import { decodeTraces } from "./otlp";

const fixture = (name: string) => readFileSync(path.join(__dirname, "fixtures", name), "utf8");
const TRACE = "00000000000000000000000000000001";

type Asked = { traceId: string; authorization: string | undefined; path: string };
type Answer = (call: ServerWritableStream<string, Buffer>) => void;

let answer: Answer;
const asked: Asked[] = [];
let grpcServer: Server;
let grpcAddress: string;
let httpServer: http.Server;
let httpUrl: string;
let httpHits = 0;

/** GetTraceRequest's trace_id (field 1), read as Jaeger would. */
function traceIdOf(bytes: Buffer): string {
  const reader = new BinaryReader(bytes);
  let traceId = "";
  while (reader.pos < reader.len) {
    const [field, wire] = reader.tag();
    if (field === 1) traceId = reader.string();
    else reader.skip(wire);
  }
  return traceId;
}

const queryService: ServiceDefinition = {
  GetTrace: {
    path: "/jaeger.api_v3.QueryService/GetTrace",
    requestStream: false,
    responseStream: true,
    requestDeserialize: traceIdOf,
    requestSerialize: (value: string) => Buffer.from(value),
    responseSerialize: (value: Buffer) => value,
    responseDeserialize: (value: Buffer) => value,
  },
};

const sendAll =
  (messages: Uint8Array[]): Answer =>
  (call) => {
    for (const m of messages) call.write(Buffer.from(m));
    call.end();
  };

const closedPort = () =>
  new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });

beforeAll(async () => {
  grpcServer = new Server();
  grpcServer.addService(queryService, {
    GetTrace: (call: ServerWritableStream<string, Buffer>) => {
      asked.push({
        traceId: call.request,
        authorization: call.metadata.get("authorization")[0]?.toString(),
        path: call.getPath(),
      });
      answer(call);
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    grpcServer.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (error, p) =>
      error ? reject(error) : resolve(p),
    ),
  );
  grpcAddress = `127.0.0.1:${port}`;
  httpServer = http.createServer((req, res) => {
    httpHits++;
    res.writeHead(200, { "Content-Type": "application/json" }).end(fixture("GetTrace.json"));
  });
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  httpUrl = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
});
afterAll(async () => {
  grpcServer.forceShutdown();
  await new Promise((resolve) => httpServer.close(resolve));
});

const clientFor = (address: string, timeoutMs = 2000) =>
  new JaegerClient({ url: httpUrl, timeoutMs, bearerToken: "s3cret", grpc: { address, tls: false } });

describe("whole traces over Jaeger's gRPC query API", () => {
  it("asks GetTrace with the trace id and the bearer token, and decodes Jaeger's recorded trace", async () => {
    const json = JSON.parse(fixture("GetTrace.json")) as Json;
    answer = sendAll([encodeTracesData(json)]);
    const client = clientFor(grpcAddress);
    const hitsBefore = httpHits;
    const decoded = await client.trace(TRACE);
    expect(asked.at(-1)).toEqual({
      traceId: TRACE,
      authorization: "Bearer s3cret",
      path: "/jaeger.api_v3.QueryService/GetTrace",
    });
    expect(withExtras(decoded)).toEqual(decodeTraces(json));
    expect(decoded!.traces.get(TRACE)![0]).toMatchObject({
      spanId: "0000000000000002",
      kind: 2,
      statusCode: 2,
    });
    expect(httpHits).toBe(hitsBefore);
    client.close();
  });

  it("merges a trace streamed in several chunks", async () => {
    const rs = (JSON.parse(fixture("GetTrace.json")) as { result: { resourceSpans: Json[] } }).result
      .resourceSpans[0]!;
    const second = structuredClone(rs);
    const secondSpans = ((second.scopeSpans as Json[])[0]!.spans as Json[])[0]!;
    secondSpans.spanId = "0000000000000003";
    secondSpans.parentSpanId = "0000000000000002";
    second.resource = { attributes: [{ key: "service.name", value: { stringValue: "bar" } }] };
    const json = { result: { resourceSpans: [rs, second] } };
    answer = sendAll(chunkedTracesData(json));
    const client = clientFor(grpcAddress);
    const decoded = await client.trace(TRACE);
    expect(withExtras(decoded)).toEqual(decodeTraces(json));
    expect(decoded!.traces.get(TRACE)!.map((s) => s.spanId)).toEqual([
      "0000000000000002",
      "0000000000000003",
    ]);
    expect(decoded!.resources.map((r) => r.service)).toEqual(["unknown_service", "bar"]);
    client.close();
  });

  it("takes NOT_FOUND, Jaeger 1's UNKNOWN 'trace not found', and a stream without a message as no such trace", async () => {
    const client = clientFor(grpcAddress);
    const hitsBefore = httpHits;
    answer = (call) => call.emit("error", { code: status.NOT_FOUND, details: "no such trace" });
    expect(await client.trace(TRACE)).toBeNull();
    answer = (call) => call.emit("error", { code: status.UNKNOWN, details: "trace not found" });
    expect(await client.trace(TRACE)).toBeNull();
    answer = sendAll([]);
    expect(await client.trace(TRACE)).toBeNull();
    expect(httpHits).toBe(hitsBefore);
    client.close();
  });

  it("explains a port that is not Jaeger's query API, and refused credentials, without falling back", async () => {
    const client = clientFor(grpcAddress);
    const hitsBefore = httpHits;
    answer = (call) => call.emit("error", { code: status.UNIMPLEMENTED, details: "unknown service" });
    await expect(client.trace(TRACE)).rejects.toThrow(
      /does not serve jaeger\.api_v3\.QueryService.*JAEGER_GRPC_ADDRESS/,
    );
    answer = (call) => call.emit("error", { code: status.UNAUTHENTICATED, details: "missing bearer token" });
    await expect(client.trace(TRACE)).rejects.toThrow(/refused Opsdeck's credentials.*JAEGER_BEARER_TOKEN/);
    expect(httpHits).toBe(hitsBefore);
    client.close();
  });

  it("refuses an answer that is not OTLP protobuf, naming Jaeger", async () => {
    const client = clientFor(grpcAddress);
    answer = sendAll([Uint8Array.of(0x0a, 0x7f, 0x01)]);
    const error = await client.trace(TRACE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ kind: "bad_response", upstream: "jaeger" });
    expect((error as Error).message).toMatch(/not valid OTLP protobuf/);
    client.close();
  });

  it("gives up on a hung server at the Jaeger timeout, without asking again over HTTP", async () => {
    const client = clientFor(grpcAddress, 300);
    const hitsBefore = httpHits;
    answer = () => undefined; // never answers
    const started = Date.now();
    await expect(client.trace(TRACE)).rejects.toMatchObject({ kind: "timeout", upstream: "jaeger" });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(httpHits).toBe(hitsBefore);
    client.close();
  });

  it("opens the trace over /api/v3 while the gRPC port is closed, says so once, and stops trying the port", async () => {
    const warn = vi.spyOn(logger, "warn");
    const refused = async () =>
      (await metrics().upstreamRefused.get()).values.find((v) => v.labels.upstream === "jaeger")?.value ?? 0;
    const refusedBefore = await refused();
    const client = clientFor(`127.0.0.1:${await closedPort()}`);
    const expected = decodeTraces(JSON.parse(fixture("GetTrace.json")));
    const hitsBefore = httpHits;
    for (let i = 0; i < 8; i++) expect(await client.trace(TRACE)).toEqual(expected);
    expect(httpHits - hitsBefore).toBe(8);
    const fallbackLines = warn.mock.calls.filter(([, message]) =>
      String(message).includes("over its HTTP API"),
    );
    expect(fallbackLines).toHaveLength(1);
    // After 5 failures in a row the gRPC side's circuit opens: the next calls are not even sent.
    expect((await refused()) - refusedBefore).toBe(3);
    warn.mockRestore();
    client.close();
  });
});
