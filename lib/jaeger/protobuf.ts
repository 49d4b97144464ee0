// Decodes OTLP TracesData in protobuf, as Jaeger's gRPC query API streams it, straight into the spans
// decodeTraces (./otlp.ts) makes of the JSON: no generated classes and no intermediate object graph, each
// field read off the wire into the RawSpan it belongs to. Each streamed message adds to the same result,
// so a trace is decoded while the rest of it is still on the way.
//
// Field numbers, from opentelemetry-proto (open-telemetry/opentelemetry-proto, opentelemetry/proto/):
//   trace/v1/trace.proto      TracesData{resource_spans=1} ResourceSpans{resource=1, scope_spans=2}
//                             ScopeSpans{scope=1, spans=2}
//                             Span{trace_id=1 bytes, span_id=2 bytes, parent_span_id=4 bytes, name=5,
//                                  kind=6 enum, start_time_unix_nano=7 fixed64, end_time_unix_nano=8 fixed64,
//                                  attributes=9, events=11, links=13, status=15}
//                             Span.Event{time_unix_nano=1 fixed64, name=2, attributes=3}
//                             Span.Link{trace_id=1, span_id=2, attributes=4} Status{message=2, code=3}
//   common/v1/common.proto    AnyValue{string_value=1, bool_value=2, int_value=3 int64, double_value=4,
//                                      array_value=5, kvlist_value=6, bytes_value=7}
//                             ArrayValue{values=1} KeyValueList{values=1} KeyValue{key=1, value=2}
//                             InstrumentationScope{name=1}
//   resource/v1/resource.proto Resource{attributes=1}
// Fields Opsdeck does not show (trace_state, flags, dropped counts, schema urls) are skipped.
import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";
import { UpstreamError } from "@/lib/errors";
import type { AttributeValue, Attributes, DecodedTraces, OtlpEvent, OtlpLink, RawSpan } from "./otlp";

class BadMessage extends Error {}

function bad(detail: string): never {
  throw new BadMessage(detail);
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

function hexId(bytes: Uint8Array, length: number, what: string): string {
  if (bytes.length !== length) bad(`${what} has ${bytes.length} bytes, not ${length}`);
  let out = "";
  for (let i = 0; i < length; i++) out += HEX[bytes[i]!];
  return out;
}

/** The end of the length-delimited field the reader is at (its length read). */
function fieldEnd(reader: BinaryReader): number {
  const length = reader.uint32();
  const end = reader.pos + length;
  if (end > reader.len) bad("a field runs past the end of the message");
  return end;
}

function anyValue(reader: BinaryReader, end: number): AttributeValue {
  let value: AttributeValue = null;
  while (reader.pos < end) {
    const [field, wire] = reader.tag();
    if (field === 1 && wire === WireType.LengthDelimited) value = reader.string();
    else if (field === 2 && wire === WireType.Varint) value = reader.bool();
    else if (field === 3 && wire === WireType.Varint) {
      // int64: a number where it is exact, otherwise its digits (as decodeTraces keeps JSON's string).
      const big = reader.int64();
      const n = Number(big);
      value = Number.isSafeInteger(n) ? n : String(big);
    } else if (field === 4 && wire === WireType.Bit64) value = reader.double();
    else if (field === 5 && wire === WireType.LengthDelimited) value = arrayValue(reader, fieldEnd(reader));
    else if (field === 6 && wire === WireType.LengthDelimited)
      value = keyValues(reader, fieldEnd(reader), {});
    // JSON carries bytes in base64, which decodeTraces keeps as it is.
    else if (field === 7 && wire === WireType.LengthDelimited)
      value = Buffer.from(reader.bytes()).toString("base64");
    else reader.skip(wire);
  }
  return value;
}

function arrayValue(reader: BinaryReader, end: number): AttributeValue[] {
  const values: AttributeValue[] = [];
  while (reader.pos < end) {
    const [field, wire] = reader.tag();
    if (field === 1 && wire === WireType.LengthDelimited) values.push(anyValue(reader, fieldEnd(reader)));
    else reader.skip(wire);
  }
  return values;
}

/** One KeyValue into `into`. */
function keyValue(reader: BinaryReader, end: number, into: Attributes): void {
  let key = "";
  let value: AttributeValue = null;
  while (reader.pos < end) {
    const [field, wire] = reader.tag();
    if (field === 1 && wire === WireType.LengthDelimited) key = reader.string();
    else if (field === 2 && wire === WireType.LengthDelimited) value = anyValue(reader, fieldEnd(reader));
    else reader.skip(wire);
  }
  into[key] = value;
}

/** A KeyValueList's values (field 1) into `into`. */
function keyValues(reader: BinaryReader, end: number, into: Attributes): Attributes {
  while (reader.pos < end) {
    const [field, wire] = reader.tag();
    if (field === 1 && wire === WireType.LengthDelimited) keyValue(reader, fieldEnd(reader), into);
    else reader.skip(wire);
  }
  return into;
}

type PendingEvent = { name: string; timeUnixNano: string | null; attributes: Attributes };

function event(reader: BinaryReader, end: number): PendingEvent {
  const out: PendingEvent = { name: "", timeUnixNano: null, attributes: {} };
  while (reader.pos < end) {
    const [field, wire] = reader.tag();
    if (field === 1 && wire === WireType.Bit64) out.timeUnixNano = String(reader.fixed64());
    else if (field === 2 && wire === WireType.LengthDelimited) out.name = reader.string();
    else if (field === 3 && wire === WireType.LengthDelimited)
      keyValue(reader, fieldEnd(reader), out.attributes);
    else reader.skip(wire);
  }
  return out;
}

function link(reader: BinaryReader, end: number): OtlpLink {
  let traceId: string | null = null;
  let spanId: string | null = null;
  const attributes: Attributes = {};
  while (reader.pos < end) {
    const [field, wire] = reader.tag();
    if (field === 1 && wire === WireType.LengthDelimited)
      traceId = hexId(reader.bytes(), 16, "a link's traceId");
    else if (field === 2 && wire === WireType.LengthDelimited)
      spanId = hexId(reader.bytes(), 8, "a link's spanId");
    else if (field === 4 && wire === WireType.LengthDelimited) keyValue(reader, fieldEnd(reader), attributes);
    else reader.skip(wire);
  }
  if (traceId === null) bad("a link's traceId is missing");
  if (spanId === null) bad("a link's spanId is missing");
  return { traceId, spanId, attributes };
}

function spanKind(value: number): number {
  return value >= 0 && value <= 5 ? value : 0;
}

function span(reader: BinaryReader, end: number, resource: number): RawSpan {
  let traceId: string | null = null;
  let spanId: string | null = null;
  let parentSpanId: string | null = null;
  let name = "";
  let kind = 0;
  let start = "0";
  let finish: string | null = null;
  let statusCode = 0;
  let statusMessage = "";
  const attributes: Attributes = {};
  const events: PendingEvent[] = [];
  const links: OtlpLink[] = [];
  while (reader.pos < end) {
    const [field, wire] = reader.tag();
    const delimited = wire === WireType.LengthDelimited;
    if (field === 1 && delimited) traceId = hexId(reader.bytes(), 16, "a span's traceId");
    else if (field === 2 && delimited) spanId = hexId(reader.bytes(), 8, "a span's spanId");
    else if (field === 4 && delimited) {
      const bytes = reader.bytes();
      parentSpanId = bytes.length === 0 ? null : hexId(bytes, 8, "a span's parentSpanId");
    } else if (field === 5 && delimited) name = reader.string();
    else if (field === 6 && wire === WireType.Varint) kind = spanKind(reader.int32());
    else if (field === 7 && wire === WireType.Bit64) start = String(reader.fixed64());
    else if (field === 8 && wire === WireType.Bit64) finish = String(reader.fixed64());
    else if (field === 9 && delimited) keyValue(reader, fieldEnd(reader), attributes);
    else if (field === 11 && delimited) events.push(event(reader, fieldEnd(reader)));
    else if (field === 13 && delimited) links.push(link(reader, fieldEnd(reader)));
    else if (field === 15 && delimited) {
      const statusEnd = fieldEnd(reader);
      while (reader.pos < statusEnd) {
        const [f, w] = reader.tag();
        if (f === 2 && w === WireType.LengthDelimited) statusMessage = reader.string();
        else if (f === 3 && w === WireType.Varint) statusCode = reader.int32();
        else reader.skip(w);
      }
    } else reader.skip(wire);
  }
  if (traceId === null) bad("a span's traceId is missing");
  if (spanId === null) bad("a span's spanId is missing");
  return {
    traceId,
    spanId,
    parentSpanId,
    name,
    kind,
    // proto3 leaves zero times out; decodeTraces reads a missing end or event time as the span's start.
    startUnixNano: start,
    endUnixNano: finish ?? start,
    statusCode: statusCode === 1 || statusCode === 2 ? statusCode : 0,
    statusMessage,
    attributes,
    events: events.map((e): OtlpEvent => ({
      name: e.name,
      timeUnixNano: e.timeUnixNano ?? start,
      attributes: e.attributes,
    })),
    links,
    resource,
    scope: "",
  };
}

/**
 * Decodes the TracesData messages of one answer, in the order they arrive, into one DecodedTraces (each
 * message's resources appended, each trace's spans in arrival order), equal to what decodeTraces makes of
 * the same spans in JSON.
 */
export class TracesDataDecoder {
  readonly decoded: DecodedTraces = { resources: [], traces: new Map() };
  /** Messages added so far. */
  messages = 0;

  /** Adds one TracesData message; an UpstreamError naming Jaeger when it is not valid OTLP protobuf. */
  add(bytes: Uint8Array): void {
    // Decoded into a copy of the state, so that a message that fails halfway leaves no half of it behind.
    const resources = this.decoded.resources.length;
    const added: [string, RawSpan][] = [];
    try {
      const reader = new BinaryReader(bytes);
      while (reader.pos < reader.len) {
        const [field, wire] = reader.tag();
        if (field === 1 && wire === WireType.LengthDelimited)
          this.resourceSpans(reader, fieldEnd(reader), added);
        else reader.skip(wire);
      }
    } catch (error) {
      this.decoded.resources.length = resources;
      const detail = error instanceof BadMessage ? error.message : (error as Error).message;
      throw new UpstreamError(
        "jaeger",
        "bad_response",
        `Jaeger's gRPC answer was not valid OTLP protobuf: ${detail}.`,
        { cause: error },
      );
    }
    for (const [traceId, s] of added) {
      let list = this.decoded.traces.get(traceId);
      if (!list) this.decoded.traces.set(traceId, (list = []));
      list.push(s);
    }
    this.messages++;
  }

  private resourceSpans(reader: BinaryReader, end: number, added: [string, RawSpan][]): void {
    const resource = this.decoded.resources.length;
    const attributes: Attributes = {};
    this.decoded.resources.push({ service: "unknown_service", attributes });
    while (reader.pos < end) {
      const [field, wire] = reader.tag();
      if (field === 1 && wire === WireType.LengthDelimited) keyValues(reader, fieldEnd(reader), attributes);
      else if (field === 2 && wire === WireType.LengthDelimited)
        this.scopeSpans(reader, fieldEnd(reader), resource, added);
      else reader.skip(wire);
    }
    const service = attributes["service.name"];
    if (typeof service === "string" && service) this.decoded.resources[resource]!.service = service;
  }

  private scopeSpans(reader: BinaryReader, end: number, resource: number, added: [string, RawSpan][]): void {
    let scope = "";
    const spans: RawSpan[] = [];
    while (reader.pos < end) {
      const [field, wire] = reader.tag();
      if (field === 1 && wire === WireType.LengthDelimited) {
        const scopeEnd = fieldEnd(reader);
        while (reader.pos < scopeEnd) {
          const [f, w] = reader.tag();
          if (f === 1 && w === WireType.LengthDelimited) scope = reader.string();
          else reader.skip(w);
        }
      } else if (field === 2 && wire === WireType.LengthDelimited)
        spans.push(span(reader, fieldEnd(reader), resource));
      else reader.skip(wire);
    }
    for (const s of spans) {
      s.scope = scope;
      added.push([s.traceId, s]);
    }
  }
}
