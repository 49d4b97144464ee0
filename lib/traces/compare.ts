// Structural diff of two traces. Spans are matched by their path of service and operation from the root
// (span ids differ between any two traces), so "checkout › POST /pay" in A and in B are the same node
// whatever their ids; repeated calls under one path are counted and their durations summed.
import type { TraceView } from "./model";

export type DiffStatus = "same" | "changed" | "added" | "removed";

export type DiffRow = {
  key: string;
  depth: number;
  service: string;
  operation: string;
  countA: number;
  countB: number;
  /** Total time of the spans at this path, µs. */
  durationA: number;
  durationB: number;
  errorsA: number;
  errorsB: number;
  status: DiffStatus;
};

export type TraceDiff = {
  a: { traceId: string; durationUs: number; spanCount: number };
  b: { traceId: string; durationUs: number; spanCount: number };
  rows: DiffRow[];
  added: number;
  removed: number;
  changed: number;
};

type Node = {
  key: string;
  depth: number;
  service: string;
  operation: string;
  count: number;
  duration: number;
  errors: number;
};

const SEP = "\u001f";

function nodes(view: TraceView): Map<string, Node> {
  const out = new Map<string, Node>();
  const keys = new Array<string>(view.spanIds.length);
  for (let i = 0; i < view.spanIds.length; i++) {
    const service = view.services[view.serviceIdx[i]!]!;
    const operation = view.operations[view.operationIdx[i]!]!;
    const own = `${service}${SEP}${operation}`;
    const parent = view.parents[i]!;
    // Depth-first order: the parent's key is always known before its children.
    const key = parent >= 0 ? `${keys[parent]}\n${own}` : own;
    keys[i] = key;
    const node = out.get(key) ?? {
      key,
      depth: view.depths[i]!,
      service,
      operation,
      count: 0,
      duration: 0,
      errors: 0,
    };
    node.count++;
    node.duration += view.durations[i]!;
    node.errors += view.errors[i]!;
    out.set(key, node);
  }
  return out;
}

/**
 * A node counts as changed when its span count differs, or its time moved by more than `threshold`
 * (relative) and by more than `minDeltaUs` (absolute, so that jitter of microseconds is not news).
 */
export function compareTraces(a: TraceView, b: TraceView, threshold = 0.25, minDeltaUs = 2000): TraceDiff {
  const left = nodes(a);
  const right = nodes(b);
  const rows: DiffRow[] = [];
  let added = 0;
  let removed = 0;
  let changed = 0;
  const row = (key: string): DiffRow => {
    const l = left.get(key);
    const r = right.get(key);
    const base = (l ?? r)!;
    const durationA = l?.duration ?? 0;
    const durationB = r?.duration ?? 0;
    let status: DiffStatus;
    if (!l) status = "added";
    else if (!r) status = "removed";
    else {
      const delta = Math.abs(durationB - durationA);
      status =
        l.count !== r.count || (delta > minDeltaUs && delta > threshold * Math.max(durationA, 1))
          ? "changed"
          : "same";
    }
    if (status === "added") added++;
    else if (status === "removed") removed++;
    else if (status === "changed") changed++;
    return {
      key,
      depth: base.depth,
      service: base.service,
      operation: base.operation,
      countA: l?.count ?? 0,
      countB: r?.count ?? 0,
      durationA,
      durationB,
      errorsA: l?.errors ?? 0,
      errorsB: r?.errors ?? 0,
      status,
    };
  };
  // A's structure in its order, with B's extra nodes after their closest shared parent's subtree.
  const childrenOf = new Map<string, string[]>();
  const roots: string[] = [];
  for (const key of new Set([...left.keys(), ...right.keys()])) {
    const cut = key.lastIndexOf("\n");
    if (cut < 0) roots.push(key);
    else {
      const parent = key.slice(0, cut);
      const list = childrenOf.get(parent) ?? [];
      list.push(key);
      childrenOf.set(parent, list);
    }
  }
  const stack = [...roots].reverse();
  while (stack.length) {
    const key = stack.pop()!;
    rows.push(row(key));
    const kids = childrenOf.get(key);
    if (kids) for (let k = kids.length - 1; k >= 0; k--) stack.push(kids[k]!);
  }
  const head = (v: TraceView) => ({
    traceId: v.traceId,
    durationUs: v.durationUs,
    spanCount: v.spanIds.length,
  });
  return { a: head(a), b: head(b), rows, added, removed, changed };
}
