// Decodes OTLP TracesData in protobuf, as Jaeger's gRPC query API streams it, straight into the spans
// decodeTraces (./otlp.ts) makes of the JSON: no generated classes and no intermediate object graph, each
// field read off the wire into the RawSpan it belongs to. Each streamed message adds to the same result,
// so a trace is decoded while the rest of it is still on the way.
//
// Field numbers, from opentelemetry-proto (open-telemetry/opentelemetry-proto, opentelemetry/proto/;
// trace.proto as of commit 05e412fb, common.proto as of 03afad27):
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
// A 100,000-span trace is about a million fields: tags are read as numbers, and ids, strings and times
// straight from the message's bytes, so that reading a field allocates nothing but its value. A span's
// attributes, events and links (most of its bytes, and read only by its details) are skipped over at
// first, and decoded from the same bytes when first asked for: after the waterfall's first paint.
import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";
import { UpstreamError } from "@/lib/errors";
import { unixNanoToUs } from "@/lib/traces/model";
import type {
  AttributeValue,
  Attributes,
  DecodedTraces,
  OtlpEvent,
  OtlpLink,
  RawSpan,
  SpanExtras,
} from "./otlp";

class BadMessage extends Error {}

function bad(detail: string): never {
  throw new BadMessage(detail);
}

// Tags as they are on the wire, the field number times 8 plus the wire type: LEN[n] is field n
// length-delimited, VARINT[n] a varint, I64[n] a fixed64 or double.
const tags = (wire: WireType) => Array.from({ length: 16 }, (_, field) => (field << 3) | wire);
const LEN = tags(WireType.LengthDelimited);
const VARINT = tags(WireType.Varint);
const I64 = tags(WireType.Bit64);

const seven = (n: number) => String(n).padStart(7, "0");

/** Decimal digits of the unsigned 64-bit integer hi·2³² + lo, exact without BigInt. */
export function uint64String(lo: number, hi: number): string {
  if (hi <= 0x1fffff) return String(hi * 0x100000000 + lo);
  // In 24-bit parts, summed as base-10⁷ digits: 2²⁴ = 1·10⁷ + 6777216, 2⁴⁸ = 2·10¹⁴ + 8147497·10⁷ + 6710656.
  const low = lo & 0xffffff;
  const mid = ((lo >>> 24) | (hi << 8)) & 0xffffff;
  const high = (hi >>> 16) & 0xffff;
  let a = low + mid * 6777216 + high * 6710656;
  let b = mid + high * 8147497;
  let c = high * 2;
  const BASE = 10_000_000;
  if (a >= BASE) {
    b += Math.floor(a / BASE);
    a %= BASE;
  }
  if (b >= BASE) {
    c += Math.floor(b / BASE);
    b %= BASE;
  }
  return c ? `${c}${seven(b)}${seven(a)}` : `${b}${seven(a)}`;
}

/**
 * The unsigned 64-bit integer hi·2³² + lo of nanoseconds as µs: the number unixNanoToUs makes of its decimal
 * digits (so that both decoders agree), without making the digits.
 */
export function unixUs(lo: number, hi: number): number {
  // hi·2³² + lo = 1000·hi·4294967 + (hi·296 + lo): whole µs and the nanoseconds left, each exact in a
  // double for any time before the year 2253; later ones go the long way.
  if (hi >= 0x7c000000) return unixNanoToUs(uint64String(lo, hi));
  const rest = hi * 296 + lo;
  const nanos = rest % 1000;
  return hi * 4294967 + (rest - nanos) / 1000 + nanos / 1000;
}

/** One TracesData message being read: the reader, and its bytes for reading ids and strings in place. */
class Message {
  readonly reader: BinaryReader;
  private readonly bytes: Buffer;
  // The last trace id read, bytes and hex: every span of a trace repeats it.
  private lastTraceId = "";
  private lastTraceIdAt = -1;

  constructor(bytes: Uint8Array) {
    this.reader = new BinaryReader(bytes);
    this.bytes = Buffer.isBuffer(bytes)
      ? bytes
      : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  tag(): number {
    return this.reader.uint32();
  }

  skip(tag: number): void {
    this.reader.skip((tag & 7) as WireType);
  }

  /** The end of the length-delimited field the reader is at, its length read. */
  end(): number {
    const length = this.reader.uint32();
    const end = this.reader.pos + length;
    if (end > this.reader.len) bad("a field runs past the end of the message");
    return end;
  }

  /** Checks that the fields of a message ended where its length said. */
  close(end: number): void {
    if (this.reader.pos !== end) bad("a field runs past the end of its message");
  }

  string(): string {
    const end = this.end();
    const value = this.bytes.toString("utf8", this.reader.pos, end);
    this.reader.pos = end;
    return value;
  }

  /** An id of `length` bytes as lowercase hex; `null` for an empty one. */
  id(length: number, what: string): string | null {
    const end = this.end();
    const start = this.reader.pos;
    if (end === start) return null;
    if (end - start !== length) bad(`${what} has ${end - start} bytes, not ${length}`);
    this.reader.pos = end;
    return this.bytes.toString("hex", start, end);
  }

  /** A span's 16-byte trace id as lowercase hex, the string of the previous one when the bytes match. */
  traceId(): string {
    const end = this.end();
    const start = this.reader.pos;
    if (end - start !== 16) bad(`a span's traceId has ${end - start} bytes, not 16`);
    this.reader.pos = end;
    const last = this.lastTraceIdAt;
    if (last >= 0) {
      let same = true;
      for (let i = 0; i < 16; i++)
        if (this.bytes[start + i] !== this.bytes[last + i]) {
          same = false;
          break;
        }
      if (same) return this.lastTraceId;
    }
    this.lastTraceIdAt = start;
    return (this.lastTraceId = this.bytes.toString("hex", start, end));
  }

  base64(): string {
    const end = this.end();
    const value = this.bytes.toString("base64", this.reader.pos, end);
    this.reader.pos = end;
    return value;
  }

  /** A fixed64 of nanoseconds as µs (see unixUs). */
  unixUs(): number {
    const lo = this.reader.fixed32();
    return unixUs(lo, this.reader.fixed32());
  }
}

function anyValue(m: Message, end: number): AttributeValue {
  let value: AttributeValue = null;
  while (m.reader.pos < end) {
    const tag = m.tag();
    if (tag === LEN[1]) value = m.string();
    else if (tag === VARINT[2]) value = m.reader.bool();
    else if (tag === VARINT[3]) {
      // int64: a number where it is exact, otherwise its digits (as decodeTraces keeps JSON's string).
      const big = m.reader.int64();
      const n = Number(big);
      value = Number.isSafeInteger(n) ? n : String(big);
    } else if (tag === I64[4]) value = m.reader.double();
    else if (tag === LEN[5]) value = arrayValue(m, m.end());
    else if (tag === LEN[6]) value = keyValues(m, m.end(), {});
    // JSON carries bytes in base64, which decodeTraces keeps as it is.
    else if (tag === LEN[7]) value = m.base64();
    else m.skip(tag);
  }
  m.close(end);
  return value;
}

function arrayValue(m: Message, end: number): AttributeValue[] {
  const values: AttributeValue[] = [];
  while (m.reader.pos < end) {
    const tag = m.tag();
    if (tag === LEN[1]) values.push(anyValue(m, m.end()));
    else m.skip(tag);
  }
  m.close(end);
  return values;
}

/** One KeyValue into `into`. */
function keyValue(m: Message, end: number, into: Attributes): void {
  let key = "";
  let value: AttributeValue = null;
  while (m.reader.pos < end) {
    const tag = m.tag();
    if (tag === LEN[1]) key = m.string();
    else if (tag === LEN[2]) value = anyValue(m, m.end());
    else m.skip(tag);
  }
  m.close(end);
  into[key] = value;
}

/** A KeyValueList's or a Resource's attributes (field 1) into `into`. */
function keyValues(m: Message, end: number, into: Attributes): Attributes {
  while (m.reader.pos < end) {
    const tag = m.tag();
    if (tag === LEN[1]) keyValue(m, m.end(), into);
    else m.skip(tag);
  }
  m.close(end);
  return into;
}

/** An event; at the span's start when it has no time of its own. */
function event(m: Message, end: number, spanStartUs: number): OtlpEvent {
  const out: OtlpEvent = { name: "", timeUs: spanStartUs, attributes: {} };
  while (m.reader.pos < end) {
    const tag = m.tag();
    if (tag === I64[1]) out.timeUs = m.unixUs();
    else if (tag === LEN[2]) out.name = m.string();
    else if (tag === LEN[3]) keyValue(m, m.end(), out.attributes);
    else m.skip(tag);
  }
  m.close(end);
  return out;
}

function link(m: Message, end: number): OtlpLink {
  let traceId: string | null = null;
  let spanId: string | null = null;
  const attributes: Attributes = {};
  while (m.reader.pos < end) {
    const tag = m.tag();
    if (tag === LEN[1]) traceId = m.id(16, "a link's traceId");
    else if (tag === LEN[2]) spanId = m.id(8, "a link's spanId");
    else if (tag === LEN[4]) keyValue(m, m.end(), attributes);
    else m.skip(tag);
  }
  m.close(end);
  if (traceId === null) bad("a link's traceId is missing");
  if (spanId === null) bad("a link's spanId is missing");
  return { traceId, spanId, attributes };
}

/**
 * A span's attributes, events and links, read again from its bytes (from `start` to `end`). It moves the
 * reader the whole message shares: safe because decoding the message is synchronous and over before any
 * span's extras are first asked for, and each read here sets the position it starts from.
 */
function extras(m: Message, start: number, end: number, spanStartUs: number): SpanExtras {
  const out: SpanExtras = { attributes: {}, events: [], links: [] };
  try {
    m.reader.pos = start;
    while (m.reader.pos < end) {
      const tag = m.tag();
      if (tag === LEN[9]) keyValue(m, m.end(), out.attributes);
      else if (tag === LEN[11]) out.events.push(event(m, m.end(), spanStartUs));
      else if (tag === LEN[13]) out.links.push(link(m, m.end()));
      else m.skip(tag);
    }
    m.close(end);
  } catch (error) {
    throw invalid(error);
  }
  return out;
}

function span(m: Message, end: number, resource: number): RawSpan {
  const from = m.reader.pos;
  let traceId: string | null = null;
  let spanId: string | null = null;
  let parentSpanId: string | null = null;
  let name = "";
  let kind = 0;
  let start = 0;
  let finish: number | null = null;
  let statusCode = 0;
  let statusMessage = "";
  let hasExtras = false;
  while (m.reader.pos < end) {
    const tag = m.tag();
    if (tag === LEN[1]) traceId = m.traceId();
    else if (tag === LEN[2]) spanId = m.id(8, "a span's spanId");
    else if (tag === LEN[4]) parentSpanId = m.id(8, "a span's parentSpanId");
    else if (tag === LEN[5]) name = m.string();
    else if (tag === VARINT[6]) kind = m.reader.int32();
    else if (tag === I64[7]) start = m.unixUs();
    else if (tag === I64[8]) finish = m.unixUs();
    else if (tag === LEN[9] || tag === LEN[11] || tag === LEN[13]) {
      hasExtras = true;
      m.reader.pos = m.end();
    } else if (tag === LEN[15]) {
      const statusEnd = m.end();
      while (m.reader.pos < statusEnd) {
        const t = m.tag();
        if (t === LEN[2]) statusMessage = m.string();
        else if (t === VARINT[3]) statusCode = m.reader.int32();
        else m.skip(t);
      }
      m.close(statusEnd);
    } else m.skip(tag);
  }
  m.close(end);
  if (traceId === null) bad("a span's traceId is missing");
  if (spanId === null) bad("a span's spanId is missing");
  return {
    traceId,
    spanId,
    parentSpanId,
    name,
    kind: kind >= 0 && kind <= 5 ? kind : 0,
    // proto3 leaves zero times out; decodeTraces reads a missing end or event time as the span's start.
    startUs: start,
    endUs: finish ?? start,
    statusCode: statusCode === 1 || statusCode === 2 ? statusCode : 0,
    statusMessage,
    extras: hasExtras ? () => extras(m, from, end, start) : { attributes: {}, events: [], links: [] },
    resource,
    scope: "",
  };
}

function invalid(error: unknown): UpstreamError {
  const detail = error instanceof Error ? error.message : String(error);
  return new UpstreamError(
    "jaeger",
    "bad_response",
    `Jaeger's gRPC answer was not valid OTLP protobuf: ${detail}.`,
    {
      cause: error,
    },
  );
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
    // A message that fails halfway leaves nothing of itself behind: its spans are kept aside until the end.
    const resources = this.decoded.resources.length;
    const added: RawSpan[] = [];
    try {
      const m = new Message(bytes);
      while (m.reader.pos < m.reader.len) {
        const tag = m.tag();
        if (tag === LEN[1]) this.resourceSpans(m, m.end(), added);
        else m.skip(tag);
      }
      m.close(m.reader.len);
    } catch (error) {
      this.decoded.resources.length = resources;
      throw invalid(error);
    }
    for (const s of added) {
      let list = this.decoded.traces.get(s.traceId);
      if (!list) this.decoded.traces.set(s.traceId, (list = []));
      list.push(s);
    }
    this.messages++;
  }

  private resourceSpans(m: Message, end: number, added: RawSpan[]): void {
    const resource = this.decoded.resources.length;
    const attributes: Attributes = {};
    this.decoded.resources.push({ service: "unknown_service", attributes });
    while (m.reader.pos < end) {
      const tag = m.tag();
      if (tag === LEN[1]) {
        // Resource{attributes = 1}
        const resourceEnd = m.end();
        while (m.reader.pos < resourceEnd) {
          const t = m.tag();
          if (t === LEN[1]) keyValue(m, m.end(), attributes);
          else m.skip(t);
        }
        m.close(resourceEnd);
      } else if (tag === LEN[2]) this.scopeSpans(m, m.end(), resource, added);
      else m.skip(tag);
    }
    m.close(end);
    const service = attributes["service.name"];
    if (typeof service === "string" && service) this.decoded.resources[resource]!.service = service;
  }

  private scopeSpans(m: Message, end: number, resource: number, added: RawSpan[]): void {
    let scope = "";
    const first = added.length;
    while (m.reader.pos < end) {
      const tag = m.tag();
      if (tag === LEN[1]) {
        // InstrumentationScope{name = 1}
        const scopeEnd = m.end();
        while (m.reader.pos < scopeEnd) {
          const t = m.tag();
          if (t === LEN[1]) scope = m.string();
          else m.skip(t);
        }
        m.close(scopeEnd);
      } else if (tag === LEN[2]) added.push(span(m, m.end(), resource));
      else m.skip(tag);
    }
    m.close(end);
    for (let i = first; i < added.length; i++) added[i]!.scope = scope;
  }
}
