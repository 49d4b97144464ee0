// The protobuf decoder against the JSON one: the same spans, encoded in OTLP protobuf by a small encoder
// (tests/support/otlp-protobuf.ts), must decode to exactly what decodeTraces makes of the JSON, whole or
// split into the chunks Jaeger streams.
import { readFileSync } from "node:fs";
import path from "node:path";
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { describe, expect, it } from "vitest";
import { UpstreamError } from "@/lib/errors";
import {
  chunkedTracesData as chunks,
  encodeTracesData as encode,
  type Json,
} from "@/tests/support/otlp-protobuf";
import { withExtras } from "@/tests/support/decoded-traces";
import { unixNanoToUs } from "@/lib/traces/model";
import { decodeTraces, spanExtras } from "./otlp";
import { TracesDataDecoder, uint64String, unixUs } from "./protobuf";

function decode(messages: Uint8Array[]) {
  const decoder = new TracesDataDecoder();
  for (const m of messages) decoder.add(m);
  return withExtras(decoder.decoded);
}

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const OTHER = "00000000000000000000000000000abc";

/** Every kind of value OTLP carries, two resources, two traces, events, links and statuses. */
const rich: Json = {
  result: {
    resourceSpans: [
      {
        resource: {
          attributes: [
            { key: "service.name", value: { stringValue: "checkout" } },
            { key: "host.cores", value: { intValue: "8" } },
          ],
        },
        scopeSpans: [
          {
            scope: { name: "@opentelemetry/instrumentation-http", version: "0.52.0" },
            spans: [
              {
                traceId: TRACE,
                spanId: "00f067aa0ba902b7",
                name: "POST /orders",
                kind: 2,
                startTimeUnixNano: "1732950000000000000",
                endTimeUnixNano: "1732950000250000000",
                attributes: [
                  { key: "http.request.method", value: { stringValue: "POST" } },
                  { key: "http.response.status_code", value: { intValue: "201" } },
                  { key: "big", value: { intValue: "9007199254740993" } },
                  { key: "negative", value: { intValue: "-42" } },
                  { key: "ratio", value: { doubleValue: 0.25 } },
                  { key: "retry", value: { boolValue: true } },
                  { key: "cached", value: { boolValue: false } },
                  { key: "payload", value: { bytesValue: "AAAwOQ==" } },
                  {
                    key: "tags",
                    value: {
                      arrayValue: {
                        values: [{ stringValue: "a" }, { intValue: "2" }, { arrayValue: { values: [] } }],
                      },
                    },
                  },
                  {
                    key: "nested",
                    value: {
                      kvlistValue: {
                        values: [
                          { key: "inner", value: { stringValue: "x" } },
                          {
                            key: "deeper",
                            value: { kvlistValue: { values: [{ key: "n", value: { doubleValue: 1.5 } }] } },
                          },
                        ],
                      },
                    },
                  },
                  { key: "empty", value: {} },
                ],
                events: [
                  {
                    name: "exception",
                    timeUnixNano: "1732950000100000000",
                    attributes: [{ key: "exception.message", value: { stringValue: "card declined" } }],
                  },
                  { name: "no time" },
                ],
                links: [
                  {
                    traceId: OTHER,
                    spanId: "0000000000000def",
                    attributes: [{ key: "link.kind", value: { stringValue: "follows" } }],
                  },
                ],
                status: { code: 2, message: "payment failed" },
              },
              {
                traceId: TRACE,
                spanId: "00000000000000a1",
                parentSpanId: "00f067aa0ba902b7",
                name: "SELECT orders",
                kind: 3,
                startTimeUnixNano: "18446744073709551615",
                status: { code: 1 },
              },
            ],
          },
        ],
      },
      {
        resource: { attributes: [{ key: "host.name", value: { stringValue: "node-1" } }] },
        scopeSpans: [
          { spans: [{ traceId: OTHER, spanId: "0000000000000def", name: "consume", kind: 5 }] },
          {
            scope: { name: "manual" },
            spans: [
              {
                traceId: TRACE,
                spanId: "00000000000000b2",
                parentSpanId: "00000000000000a1",
                name: "",
                startTimeUnixNano: "1732950000020000000",
                endTimeUnixNano: "1732950000030000000",
              },
            ],
          },
        ],
      },
    ],
  },
};

const fixture = (name: string) =>
  JSON.parse(readFileSync(path.join(__dirname, "fixtures", name), "utf8")) as Json;

describe("the OTLP protobuf decoder", () => {
  it("decodes Jaeger's recorded GetTrace answer as decodeTraces decodes its JSON", () => {
    const json = fixture("GetTrace.json");
    const decoded = decode([encode(json)]);
    expect(decoded).toEqual(decodeTraces(json));
    expect(decoded.traces.get("00000000000000000000000000000001")![0]).toMatchObject({
      spanId: "0000000000000002",
      kind: 2,
      statusCode: 2,
      name: "foobar",
    });
  });

  it("reads every field and value kind exactly as decodeTraces reads the JSON", () => {
    const decoded = decode([encode(rich)]);
    expect(decoded).toEqual(decodeTraces(rich));
    // Not vacuous: the values decodeTraces gives, spelled out.
    const [order, select, manual] = decoded.traces.get(TRACE)!;
    expect(spanExtras(order!).attributes).toEqual({
      "http.request.method": "POST",
      "http.response.status_code": 201,
      big: "9007199254740993",
      negative: -42,
      ratio: 0.25,
      retry: true,
      cached: false,
      payload: "AAAwOQ==",
      tags: ["a", 2, []],
      nested: { inner: "x", deeper: { n: 1.5 } },
      empty: null,
    });
    expect(spanExtras(order!).events).toEqual([
      { name: "exception", timeUs: 1732950000100000, attributes: { "exception.message": "card declined" } },
      { name: "no time", timeUs: 1732950000000000, attributes: {} },
    ]);
    expect(spanExtras(order!).links).toEqual([
      { traceId: OTHER, spanId: "0000000000000def", attributes: { "link.kind": "follows" } },
    ]);
    expect(order).toMatchObject({ statusCode: 2, statusMessage: "payment failed", parentSpanId: null });
    expect(order!.scope).toBe("@opentelemetry/instrumentation-http");
    expect(select).toMatchObject({ endUs: unixNanoToUs("18446744073709551615"), statusCode: 1, kind: 3 });
    expect(manual).toMatchObject({ resource: 1, scope: "manual", name: "" });
    expect(decoded.resources.map((r) => r.service)).toEqual(["checkout", "unknown_service"]);
    expect(decoded.traces.get(OTHER)).toHaveLength(1);
  });

  it("merges the chunks of a streamed answer into what the whole answer decodes to", () => {
    const parts = chunks(rich);
    expect(parts).toHaveLength(2);
    expect(decode(parts)).toEqual(decodeTraces(rich));
    // Spans of one trace in several chunks stay in arrival order.
    expect(
      decode(parts)
        .traces.get(TRACE)!
        .map((s) => s.spanId),
    ).toEqual(["00f067aa0ba902b7", "00000000000000a1", "00000000000000b2"]);
  });

  it("refuses a broken message whole, naming Jaeger, and keeps what came before it", () => {
    const decoder = new TracesDataDecoder();
    const [first, second] = chunks(rich);
    decoder.add(first!);
    const before = structuredClone(withExtras(decoder.decoded));
    const cut = second!.subarray(0, second!.length - 5);
    expect(() => decoder.add(cut)).toThrow(UpstreamError);
    expect(() => decoder.add(cut)).toThrow(/Jaeger's gRPC answer was not valid OTLP protobuf/);
    expect(decoder.decoded).toEqual(before);
    decoder.add(second!);
    expect(withExtras(decoder.decoded)).toEqual(decodeTraces(rich));
  });

  it("writes 64-bit times as exact decimal digits", () => {
    const cases: [number, number][] = [
      [0, 0],
      [1, 0],
      [0xffffffff, 0x1fffff], // 2^53 - 1, the last one a double holds exactly
      [0, 0x200000], // 2^53
      [1, 0x200000],
      [0xffffffff, 0xffffffff], // 2^64 - 1
      [0x9502f900, 0x180c8d4e], // a time in 2024, in nanoseconds
    ];
    for (let i = 0; i < 2000; i++)
      cases.push([Math.floor(Math.random() * 2 ** 32), Math.floor(Math.random() * 2 ** 32)]);
    for (const [lo, hi] of cases)
      expect(uint64String(lo, hi)).toBe(((BigInt(hi) << 32n) | BigInt(lo)).toString());
  });

  it("reads 64-bit times as the µs unixNanoToUs makes of their digits", () => {
    const cases: [number, number][] = [
      [0, 0],
      [999, 0],
      [1000, 0],
      [0xffffffff, 0x1fffff],
      [0x9502f900, 0x180c8d4e], // a time in 2024, in nanoseconds
      [0xffffffff, 0x7bffffff], // the last the short way takes (in 2253)
      [0, 0x7c000000],
      [0xffffffff, 0xffffffff],
    ];
    for (let i = 0; i < 5000; i++)
      cases.push([Math.floor(Math.random() * 2 ** 32), Math.floor(Math.random() * 2 ** 32)]);
    for (let i = 0; i < 5000; i++)
      // around now, where nearly every real time is
      cases.push([Math.floor(Math.random() * 2 ** 32), 0x18000000 + Math.floor(Math.random() * 2 ** 24)]);
    for (const [lo, hi] of cases) expect(unixUs(lo, hi)).toBe(unixNanoToUs(uint64String(lo, hi)));
  });

  it("decodes a span's attributes, events and links only when asked, and refuses broken ones then", () => {
    // A span whose attribute is cut short inside: KeyValue{key = 1} says 5 bytes and has 1.
    const span = new BinaryWriter()
      .tag(1, WireType.LengthDelimited)
      .bytes(Buffer.from(TRACE, "hex"))
      .tag(2, WireType.LengthDelimited)
      .bytes(Buffer.from("00f067aa0ba902b7", "hex"))
      .tag(9, WireType.LengthDelimited)
      .bytes(Uint8Array.of(0x0a, 0x05, 0x61))
      .finish();
    const scopeSpans = new BinaryWriter().tag(2, WireType.LengthDelimited).bytes(span).finish();
    const resourceSpans = new BinaryWriter().tag(2, WireType.LengthDelimited).bytes(scopeSpans).finish();
    const message = new BinaryWriter().tag(1, WireType.LengthDelimited).bytes(resourceSpans).finish();
    const decoder = new TracesDataDecoder();
    decoder.add(message);
    const [s] = decoder.decoded.traces.get(TRACE)!;
    expect(s).toMatchObject({ spanId: "00f067aa0ba902b7", extras: expect.any(Function) });
    expect(() => spanExtras(s!)).toThrow(UpstreamError);
    expect(() => spanExtras(s!)).toThrow(/not valid OTLP protobuf: a field runs past the end of the message/);
  });

  it("refuses ids of the wrong length", () => {
    const json = fixture("GetTrace.json");
    const spans = (((json.result as Json).resourceSpans as Json[])[0]!.scopeSpans as Json[])[0]!
      .spans as Json[];
    spans[0]!.spanId = "00000002";
    expect(() => decode([encode(json)])).toThrow(/spanId has 4 bytes, not 8/);
  });
});
