// OTLP TracesData in protobuf from OTLP JSON, for tests: a small encoder written field by field like the
// decoder (lib/jaeger/protobuf.ts), proto3 style (zero values left out), plus fields the decoder skips.
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";

export type Json = Record<string, unknown>;
const list = (value: unknown) => (value ?? []) as Json[];
const hex = (value: string) => Buffer.from(value, "hex");

function message(w: BinaryWriter, field: number, write: (w: BinaryWriter) => void) {
  w.tag(field, WireType.LengthDelimited).fork();
  write(w);
  w.join();
}

function anyValue(w: BinaryWriter, v: Json) {
  if ("stringValue" in v) w.tag(1, WireType.LengthDelimited).string(v.stringValue as string);
  if ("boolValue" in v) w.tag(2, WireType.Varint).bool(v.boolValue as boolean);
  if ("intValue" in v) w.tag(3, WireType.Varint).int64(v.intValue as string);
  if ("doubleValue" in v) w.tag(4, WireType.Bit64).double(v.doubleValue as number);
  if ("arrayValue" in v)
    message(w, 5, (a) => {
      for (const item of list((v.arrayValue as Json).values)) message(a, 1, (x) => anyValue(x, item));
    });
  if ("kvlistValue" in v) message(w, 6, (l) => keyValues(l, 1, (v.kvlistValue as Json).values));
  if ("bytesValue" in v)
    w.tag(7, WireType.LengthDelimited).bytes(Buffer.from(v.bytesValue as string, "base64"));
}

function keyValues(w: BinaryWriter, field: number, kvs: unknown) {
  for (const kv of list(kvs))
    message(w, field, (m) => {
      m.tag(1, WireType.LengthDelimited).string(kv.key as string);
      if (kv.value) message(m, 2, (v) => anyValue(v, kv.value as Json));
    });
}

function span(w: BinaryWriter, s: Json) {
  w.tag(1, WireType.LengthDelimited).bytes(hex(s.traceId as string));
  w.tag(2, WireType.LengthDelimited).bytes(hex(s.spanId as string));
  if (s.parentSpanId) w.tag(4, WireType.LengthDelimited).bytes(hex(s.parentSpanId as string));
  if (s.name) w.tag(5, WireType.LengthDelimited).string(s.name as string);
  if (s.kind) w.tag(6, WireType.Varint).int32(s.kind as number);
  if (s.startTimeUnixNano) w.tag(7, WireType.Bit64).fixed64(s.startTimeUnixNano as string);
  if (s.endTimeUnixNano) w.tag(8, WireType.Bit64).fixed64(s.endTimeUnixNano as string);
  keyValues(w, 9, s.attributes);
  for (const e of list(s.events))
    message(w, 11, (m) => {
      if (e.timeUnixNano) m.tag(1, WireType.Bit64).fixed64(e.timeUnixNano as string);
      if (e.name) m.tag(2, WireType.LengthDelimited).string(e.name as string);
      keyValues(m, 3, e.attributes);
    });
  for (const l of list(s.links))
    message(w, 13, (m) => {
      m.tag(1, WireType.LengthDelimited).bytes(hex(l.traceId as string));
      m.tag(2, WireType.LengthDelimited).bytes(hex(l.spanId as string));
      m.tag(3, WireType.LengthDelimited).string("vendor=x"); // trace_state: skipped by the decoder
      keyValues(m, 4, l.attributes);
    });
  const status = s.status as Json | undefined;
  if (status && (status.code || status.message))
    message(w, 15, (m) => {
      if (status.message) m.tag(2, WireType.LengthDelimited).string(status.message as string);
      if (status.code) m.tag(3, WireType.Varint).int32(status.code as number);
    });
  w.tag(16, WireType.Bit32).fixed32(1); // flags: skipped by the decoder
}

/** TracesData in protobuf from OTLP JSON (`{"result": …}` or the TracesData itself). */
export function encodeTracesData(json: Json): Uint8Array {
  const data = (json.result ?? json) as Json;
  const w = new BinaryWriter();
  for (const rs of list(data.resourceSpans))
    message(w, 1, (r) => {
      if (rs.resource) message(r, 1, (res) => keyValues(res, 1, (rs.resource as Json).attributes));
      for (const ss of list(rs.scopeSpans))
        message(r, 2, (m) => {
          const scope = ss.scope as Json | undefined;
          if (scope)
            message(m, 1, (sc) => {
              if (scope.name) sc.tag(1, WireType.LengthDelimited).string(scope.name as string);
              if (scope.version) sc.tag(2, WireType.LengthDelimited).string(scope.version as string);
            });
          for (const s of list(ss.spans)) message(m, 2, (sp) => span(sp, s));
        });
      r.tag(3, WireType.LengthDelimited).string("https://opentelemetry.io/schemas/1.26.0");
    });
  return w.finish();
}

/** The same TracesData split into one message per ResourceSpans, as Jaeger streams a trace in chunks. */
export function chunkedTracesData(json: Json): Uint8Array[] {
  const data = (json.result ?? json) as Json;
  return list(data.resourceSpans).map((rs) => encodeTracesData({ resourceSpans: [rs] }));
}
