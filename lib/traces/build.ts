// Builds the trace view (see model.ts) and search summaries from decoded OTLP spans.
import { spanExtras, type DecodedResource, type RawSpan } from "@/lib/jaeger/otlp";
import { childLists, sortChildLists } from "./children";
import { criticalPath } from "./critical-path";
import type { SpanDetails, TraceDetails, TraceSummary, TraceView } from "./model";

type Tree = {
  /** Span indexes in depth-first order. */
  order: Int32Array;
  parentOf: Int32Array;
  depth: Int32Array;
  orphans: number;
  duplicates: number;
};

/**
 * Depth-first order with children by start time. Spans whose parent is missing become roots (Jaeger
 * keeps them too; a trace still arriving often has them). Iterative: traces can be thousands deep.
 */
function tree(spans: RawSpan[], startsUs: Float64Array): Tree {
  const n = spans.length;
  const indexById = new Map<string, number>();
  let duplicates = 0;
  for (let i = 0; i < n; i++) {
    const spanId = spans[i]!.spanId;
    if (indexById.has(spanId)) duplicates++;
    else indexById.set(spanId, i);
  }
  const parentOf = new Int32Array(n).fill(-1);
  const roots: number[] = [];
  let orphans = 0;
  for (let i = 0; i < n; i++) {
    const parentId = spans[i]!.parentSpanId;
    const parent = parentId === null ? undefined : indexById.get(parentId);
    if (parent === undefined || parent === i) {
      if (parentId !== null) orphans++;
      roots.push(i);
    } else parentOf[i] = parent;
  }
  const byStart = (a: number, b: number) => startsUs[a]! - startsUs[b]! || a - b;
  roots.sort(byStart);
  const children = childLists(parentOf);
  sortChildLists(children, byStart);
  const { first, kids } = children;
  const order = new Int32Array(n);
  let placed = 0;
  const depth = new Int32Array(n);
  const visited = new Uint8Array(n);
  // Each span is pushed once at most: by its one parent, or as a root.
  const stack = new Int32Array(n);
  let top = 0;
  for (let r = roots.length - 1; r >= 0; r--) stack[top++] = roots[r]!;
  while (top > 0) {
    const i = stack[--top]!;
    if (visited[i]) continue; // a cycle in bad data: each span once
    visited[i] = 1;
    order[placed++] = i;
    for (let k = first[i + 1]! - 1; k >= first[i]!; k--) {
      const kid = kids[k]!;
      depth[kid] = depth[i]! + 1;
      stack[top++] = kid;
    }
  }
  // Spans caught in a parent cycle were never reached from a root: show them as roots.
  if (placed < n)
    for (let i = 0; i < n; i++)
      if (!visited[i]) {
        parentOf[i] = -1;
        depth[i] = 0;
        order[placed++] = i;
        orphans++;
      }
  return { order, parentOf, depth, orphans, duplicates };
}

export type BuiltTrace = {
  view: TraceView;
  /** The spans' details, built on first use (most viewers open a trace without opening all its spans). */
  details: () => TraceDetails;
};

export function buildTrace(traceId: string, spans: RawSpan[], resources: DecodedResource[]): BuiltTrace {
  const n = spans.length;
  const startsUs = new Float64Array(n);
  const endsUs = new Float64Array(n);
  let minStart = Infinity;
  let maxEnd = -Infinity;
  for (let i = 0; i < n; i++) {
    const span = spans[i]!;
    startsUs[i] = span.startUs;
    endsUs[i] = span.endUs;
    minStart = Math.min(minStart, startsUs[i]!);
    maxEnd = Math.max(maxEnd, endsUs[i]!);
  }
  if (n === 0) minStart = maxEnd = 0;
  const { order, parentOf, depth, orphans, duplicates } = tree(spans, startsUs);

  const position = new Int32Array(n);
  for (let at = 0; at < n; at++) position[order[at]!] = at;
  const serviceIndex = new Map<string, number>();
  const operationIndex = new Map<string, number>();
  const view: TraceView = {
    traceId,
    startUnixMs: minStart / 1000,
    durationUs: round(maxEnd - minStart),
    services: [],
    operations: [],
    spanIds: new Array(n),
    parents: new Array(n),
    depths: new Array(n),
    serviceIdx: new Array(n),
    operationIdx: new Array(n),
    kinds: new Array(n),
    starts: new Array(n),
    durations: new Array(n),
    errors: new Array(n),
    descendants: new Array(n).fill(0),
    critical: [],
    warnings: [],
  };
  const intern = (map: Map<string, number>, list: string[], value: string) => {
    let at = map.get(value);
    if (at === undefined) {
      at = list.length;
      map.set(value, at);
      list.push(value);
    }
    return at;
  };
  // A resource's service, looked up once per resource rather than once per span.
  const serviceOfResource = new Int32Array(resources.length + 1).fill(-1);
  for (let at = 0; at < n; at++) {
    const original = order[at]!;
    const s = spans[original]!;
    const parent = parentOf[original]!;
    view.spanIds[at] = s.spanId;
    view.parents[at] = parent === -1 ? -1 : position[parent]!;
    view.depths[at] = depth[original]!;
    // Resources past the list (bad data) share the last slot, as "unknown_service".
    const slot = s.resource >= 0 && s.resource < resources.length ? s.resource : resources.length;
    if (serviceOfResource[slot] === -1)
      serviceOfResource[slot] = intern(
        serviceIndex,
        view.services,
        resources[slot]?.service ?? "unknown_service",
      );
    view.serviceIdx[at] = serviceOfResource[slot]!;
    view.operationIdx[at] = intern(operationIndex, view.operations, s.name);
    view.kinds[at] = s.kind;
    view.starts[at] = round(startsUs[original]! - minStart);
    view.durations[at] = Math.max(0, round(endsUs[original]! - startsUs[original]!));
    view.errors[at] = s.statusCode === 2 ? 1 : 0;
  }
  // Depth-first order: a span's descendants are the spans right after it, so sizes add up backwards.
  for (let at = n - 1; at >= 0; at--) {
    const parent = view.parents[at]!;
    if (parent >= 0) view.descendants[parent]! += view.descendants[at]! + 1;
  }
  view.critical = criticalPath(view);
  if (orphans)
    view.warnings.push(
      `${orphans} span${orphans === 1 ? " has a parent" : "s have parents"} not in this trace; shown as ${orphans === 1 ? "a root" : "roots"}.`,
    );
  if (duplicates)
    view.warnings.push(
      `${duplicates} span${duplicates === 1 ? " id appears" : " ids appear"} more than once; children attach to the first.`,
    );
  return { view, details: once(() => buildDetails(traceId, spans, resources, order, minStart)) };
}

/** Calls `make` once, then lets go of it (and so of the decoded spans it holds). */
function once<T>(make: () => T): () => T {
  let pending: (() => T) | undefined = make;
  let value: T;
  return () => {
    if (pending) {
      value = pending();
      pending = undefined;
    }
    return value;
  };
}

function buildDetails(
  traceId: string,
  spans: RawSpan[],
  resources: DecodedResource[],
  order: Int32Array,
  minStart: number,
): TraceDetails {
  const n = order.length;
  const resourceIndex = new Map<number, number>();
  const out: TraceDetails = {
    traceId,
    spanCount: n,
    details: new Array<string>(n),
    resources: [],
    resourceIdx: new Array<number>(n),
  };
  for (let at = 0; at < n; at++) {
    const s = spans[order[at]!]!;
    let r = resourceIndex.get(s.resource);
    if (r === undefined) {
      r = out.resources.length;
      resourceIndex.set(s.resource, r);
      out.resources.push(JSON.stringify(resources[s.resource]?.attributes ?? {}));
    }
    out.resourceIdx[at] = r;
    const { attributes, events, links } = spanExtras(s);
    out.details[at] = JSON.stringify({
      attributes,
      events: events.map((e) => ({
        name: e.name,
        atUs: round(e.timeUs - minStart),
        attributes: e.attributes,
      })),
      links,
      statusMessage: s.statusMessage,
      scope: s.scope,
    } satisfies SpanDetails);
  }
  return out;
}

const round = (us: number) => Math.round(us * 1000) / 1000;

export function summarize(traceId: string, spans: RawSpan[], resources: DecodedResource[]): TraceSummary {
  const ids = new Set(spans.map((s) => s.spanId));
  let root: RawSpan | undefined;
  let start = Infinity;
  let end = -Infinity;
  const services = new Map<string, { name: string; spanCount: number; errorCount: number }>();
  let errorCount = 0;
  for (const s of spans) {
    start = Math.min(start, s.startUs);
    end = Math.max(end, s.endUs);
    const isRoot = s.parentSpanId === null || !ids.has(s.parentSpanId);
    if (isRoot && (!root || s.startUs < root.startUs)) root = s;
    const name = resources[s.resource]?.service ?? "unknown_service";
    const entry = services.get(name) ?? { name, spanCount: 0, errorCount: 0 };
    entry.spanCount++;
    if (s.statusCode === 2) {
      entry.errorCount++;
      errorCount++;
    }
    services.set(name, entry);
  }
  return {
    traceId,
    rootService: root ? (resources[root.resource]?.service ?? "unknown_service") : "",
    rootOperation: root?.name ?? "",
    startUnixMs: spans.length ? start / 1000 : 0,
    durationUs: spans.length ? round(end - start) : 0,
    spanCount: spans.length,
    errorCount,
    services: [...services.values()].sort(
      (a, b) => b.spanCount - a.spanCount || a.name.localeCompare(b.name),
    ),
  };
}
