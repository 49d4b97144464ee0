// The trace view's data: one trace as columns (one array per field, spans in depth-first order with
// children by start time), built once on the server. Columns of numbers stay small in the browser's heap.
// Span details (attributes, events, links, resources) are most of a trace's bytes and are not needed to
// draw it: they come in a second answer, after the waterfall is drawn, each span's as a JSON string parsed
// only when the span is opened, so a 100,000-span trace does not become a million small objects.

export type SpanDetails = {
  attributes: Record<string, unknown>;
  events: { name: string; atUs: number; attributes: Record<string, unknown> }[];
  links: { traceId: string; spanId: string; attributes: Record<string, unknown> }[];
  statusMessage: string;
  scope: string;
};

export type TraceView = {
  traceId: string;
  /** Start of the earliest span, in milliseconds since the epoch. */
  startUnixMs: number;
  durationUs: number;
  services: string[];
  operations: string[];
  spanIds: string[];
  /** Index of the parent span, -1 for a root (or a span whose parent is not in the trace). */
  parents: number[];
  depths: number[];
  serviceIdx: number[];
  operationIdx: number[];
  kinds: number[];
  /** Microseconds from the trace's start. */
  starts: number[];
  durations: number[];
  /** 1 when the span's status is error. */
  errors: number[];
  /** Number of spans in the subtree below each span (descendants, not counting itself). */
  descendants: number[];
  /** Critical path, as triples: span index, section start, section end (µs from the trace's start). */
  critical: number[];
  warnings: string[];
};

/** The details of a trace's spans, in the order of its view. */
export type TraceDetails = {
  traceId: string;
  /** The view these details belong to has this many spans; a trace still arriving can grow between answers. */
  spanCount: number;
  /** Per span: its SpanDetails as JSON. */
  details: string[];
  /** Per resource: its attributes as JSON; `resourceIdx` points here. */
  resources: string[];
  resourceIdx: number[];
};

export const SPAN_KINDS = ["unspecified", "internal", "server", "client", "producer", "consumer"] as const;

export type TraceSummary = {
  traceId: string;
  rootService: string;
  rootOperation: string;
  startUnixMs: number;
  durationUs: number;
  spanCount: number;
  errorCount: number;
  services: { name: string; spanCount: number; errorCount: number }[];
};

/** Microseconds since the epoch as a float, exact to the microsecond. */
export function unixNanoToUs(nanos: string): number {
  if (nanos.length <= 3) return Number(nanos) / 1000;
  return Number(nanos.slice(0, -3)) + Number(nanos.slice(-3)) / 1000;
}
