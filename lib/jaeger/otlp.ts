// Decodes the OTLP JSON that Jaeger's /api/v3 answers with ({"result": TracesData}) into flat spans
// grouped by trace. Checked by hand rather than with zod: a 100,000-span trace is a few hundred thousand
// objects, and a schema walk over them costs more than the rest of building the trace view. Anything
// off-shape becomes an UpstreamError naming Jaeger, never a half-read trace.
import { UpstreamError } from "@/lib/errors";
import { unixNanoToUs } from "@/lib/traces/model";

export type AttributeValue =
  string | number | boolean | null | AttributeValue[] | { [key: string]: AttributeValue };
export type Attributes = { [key: string]: AttributeValue };

export type OtlpEvent = {
  name: string;
  /** µs since the epoch, as unixNanoToUs gives it. */ timeUs: number;
  attributes: Attributes;
};
export type OtlpLink = { traceId: string; spanId: string; attributes: Attributes };

/**
 * What only a span's details show: by far the larger part of a span on the wire. The protobuf decoder
 * leaves them undecoded until first asked for (spanExtras), which is after the waterfall's first paint.
 */
export type SpanExtras = { attributes: Attributes; events: OtlpEvent[]; links: OtlpLink[] };

export type RawSpan = {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  /** OTLP SpanKind: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  /** µs since the epoch, as unixNanoToUs gives it (the same number from JSON and from protobuf). */
  startUs: number;
  endUs: number;
  /** OTLP status code: 0 unset, 1 ok, 2 error. */
  statusCode: number;
  statusMessage: string;
  /** Read through spanExtras: a function until then, when they are still undecoded. */
  extras: SpanExtras | (() => SpanExtras);
  /** Index into the decoded resources. */
  resource: number;
  scope: string;
};

export type DecodedResource = { service: string; attributes: Attributes };

export type DecodedTraces = {
  resources: DecodedResource[];
  /** Spans per trace id, in the order Jaeger sent them. */
  traces: Map<string, RawSpan[]>;
};

/** A span's attributes, events and links, decoded on first use and kept. */
export function spanExtras(span: RawSpan): SpanExtras {
  if (typeof span.extras === "function") span.extras = span.extras();
  return span.extras;
}

const HEX_ID = /^[0-9a-f]+$/;
const UNIX_NANO = /^\d{1,20}$/;

function bad(detail: string): never {
  throw new UpstreamError("jaeger", "bad_response", `Jaeger's answer was not valid OTLP JSON: ${detail}.`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function array(value: unknown, what: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) bad(`${what} is not a list`);
  return value;
}

/** OTLP ids are hex in Jaeger's JSON (the OTLP/JSON spec says so too; base64 is protobuf JSON's default). */
function id(value: unknown, what: string, length: number): string {
  if (typeof value !== "string") bad(`${what} is missing`);
  const lower = value.toLowerCase();
  if (lower.length === length && HEX_ID.test(lower)) return lower;
  // Some encoders send ids base64-encoded; accept them rather than lose the trace.
  const bytes = Buffer.from(value, "base64");
  if (bytes.length === length / 2) return bytes.toString("hex");
  bad(`${what} "${value.slice(0, 40)}" is not a ${length}-digit hex id`);
}

function unixNano(value: unknown, what: string): string {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === "string" && UNIX_NANO.test(value)) return value;
  bad(`${what} is not a time in nanoseconds`);
}

function anyValue(value: unknown): AttributeValue {
  if (!isObject(value)) return null;
  if ("stringValue" in value) return String(value.stringValue);
  if ("boolValue" in value) return value.boolValue === true;
  if ("intValue" in value) {
    // int64 comes as a string in proto3 JSON; keep it a string when a JS number would round it.
    const n = Number(value.intValue);
    return Number.isSafeInteger(n) ? n : String(value.intValue);
  }
  if ("doubleValue" in value) return Number(value.doubleValue);
  if ("bytesValue" in value) return String(value.bytesValue);
  if ("arrayValue" in value)
    return array(isObject(value.arrayValue) ? value.arrayValue.values : [], "an array value").map(anyValue);
  if ("kvlistValue" in value)
    return attributes(isObject(value.kvlistValue) ? value.kvlistValue.values : [], "a key-value list");
  return null;
}

export function attributes(list: unknown, what: string): Attributes {
  const out: Attributes = {};
  for (const kv of array(list, what)) {
    if (!isObject(kv) || typeof kv.key !== "string") bad(`an attribute of ${what} has no key`);
    out[kv.key] = anyValue(kv.value);
  }
  return out;
}

/** Decodes `{"result": {"resourceSpans": [...]}}` (or the TracesData itself). */
export function decodeTraces(json: unknown): DecodedTraces {
  const data = isObject(json) && isObject(json.result) ? json.result : json;
  if (!isObject(data)) bad("the body is not an object");
  const resources: DecodedResource[] = [];
  const traces = new Map<string, RawSpan[]>();
  for (const rs of array(data.resourceSpans, "resourceSpans")) {
    if (!isObject(rs)) bad("a resourceSpans entry is not an object");
    const resourceAttributes = attributes(isObject(rs.resource) ? rs.resource.attributes : [], "a resource");
    const service = resourceAttributes["service.name"];
    const resource = resources.length;
    resources.push({
      service: typeof service === "string" && service ? service : "unknown_service",
      attributes: resourceAttributes,
    });
    for (const ss of array(rs.scopeSpans, "scopeSpans")) {
      if (!isObject(ss)) bad("a scopeSpans entry is not an object");
      const scope = isObject(ss.scope) && typeof ss.scope.name === "string" ? ss.scope.name : "";
      for (const s of array(ss.spans, "spans")) {
        if (!isObject(s)) bad("a span is not an object");
        const traceId = id(s.traceId, "a span's traceId", 32);
        const parent =
          typeof s.parentSpanId === "string" && s.parentSpanId !== ""
            ? id(s.parentSpanId, "a span's parentSpanId", 16)
            : null;
        const status = isObject(s.status) ? s.status : {};
        const startUnixNano = unixNano(s.startTimeUnixNano ?? "0", "a span's startTimeUnixNano");
        const startUs = unixNanoToUs(startUnixNano);
        const span: RawSpan = {
          traceId,
          spanId: id(s.spanId, "a span's spanId", 16),
          parentSpanId: parent,
          name: typeof s.name === "string" ? s.name : "",
          kind: spanKind(s.kind),
          startUs,
          endUs: unixNanoToUs(unixNano(s.endTimeUnixNano ?? startUnixNano, "a span's endTimeUnixNano")),
          statusCode: statusCode(status.code),
          statusMessage: typeof status.message === "string" ? status.message : "",
          extras: {
            attributes: attributes(s.attributes, "a span"),
            events: array(s.events, "a span's events").map((e) => {
              const event = isObject(e) ? e : {};
              return {
                name: typeof event.name === "string" ? event.name : "",
                timeUs: unixNanoToUs(unixNano(event.timeUnixNano ?? startUnixNano, "an event's time")),
                attributes: attributes(event.attributes, "an event"),
              };
            }),
            links: array(s.links, "a span's links").map((l) => {
              const link = isObject(l) ? l : {};
              return {
                traceId: id(link.traceId, "a link's traceId", 32),
                spanId: id(link.spanId, "a link's spanId", 16),
                attributes: attributes(link.attributes, "a link"),
              };
            }),
          },
          resource,
          scope,
        };
        let list = traces.get(traceId);
        if (!list) traces.set(traceId, (list = []));
        list.push(span);
      }
    }
  }
  return { resources, traces };
}

const KIND_NAMES = [
  "SPAN_KIND_UNSPECIFIED",
  "SPAN_KIND_INTERNAL",
  "SPAN_KIND_SERVER",
  "SPAN_KIND_CLIENT",
  "SPAN_KIND_PRODUCER",
  "SPAN_KIND_CONSUMER",
];

/** Integers in Jaeger's JSON; enum names are valid protobuf JSON too. */
function spanKind(value: unknown): number {
  if (typeof value === "number" && value >= 0 && value <= 5) return value;
  if (typeof value === "string" && KIND_NAMES.includes(value)) return KIND_NAMES.indexOf(value);
  return 0;
}

function statusCode(value: unknown): number {
  if (value === 1 || value === "STATUS_CODE_OK") return 1;
  if (value === 2 || value === "STATUS_CODE_ERROR") return 2;
  return 0;
}
