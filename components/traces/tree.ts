// Pure helpers for the waterfall: which spans are visible given the collapsed ones, where each critical
// section belongs, and searching a trace. Linear in the span count, no per-span objects.
import type { TraceView } from "@/lib/traces/model";

/** Span indices shown, in order, skipping the subtrees of collapsed spans (depth-first order makes a subtree contiguous). */
export function visibleRows(descendants: number[], collapsed: Uint8Array): Int32Array {
  const n = descendants.length;
  const rows = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < n;) {
    rows[k++] = i;
    i += collapsed[i] ? descendants[i]! + 1 : 1;
  }
  return rows.subarray(0, k);
}

/** Collapses every span with children, or expands everything. */
export function collapseAll(descendants: number[], collapse: boolean): Uint8Array {
  const out = new Uint8Array(descendants.length);
  if (collapse) for (let i = 0; i < descendants.length; i++) out[i] = descendants[i]! > 0 ? 1 : 0;
  return out;
}

/** Opens every ancestor of `span` so it is visible. Returns a new array (React state). */
export function reveal(parents: number[], collapsed: Uint8Array, span: number): Uint8Array {
  let out = collapsed;
  for (let p = parents[span]!; p >= 0; p = parents[p]!) {
    if (!out[p]) continue;
    if (out === collapsed) out = Uint8Array.from(collapsed); // copy only when something opens
    out[p] = 0;
  }
  return out;
}

/** Critical sections per span: span index → flat [start, end, start, end, …] in µs. */
export function criticalSections(critical: number[]): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (let k = 0; k < critical.length; k += 3) {
    const list = out.get(critical[k]!) ?? [];
    list.push(critical[k + 1]!, critical[k + 2]!);
    out.set(critical[k]!, list);
  }
  return out;
}

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Spans whose service, operation, id or attributes contain `text` (case-insensitive), in trace order.
 * Names are tested once per distinct name; attribute text is searched in the span's details JSON, once
 * the details have arrived.
 */
export function searchTrace(trace: TraceView, details: string[] | undefined, text: string): number[] {
  const q = text.trim();
  if (!q) return [];
  const re = new RegExp(escapeRegExp(q), "i");
  const ops = trace.operations.map((o) => re.test(o));
  const services = trace.services.map((s) => re.test(s));
  const lower = q.toLowerCase();
  const out: number[] = [];
  for (let i = 0; i < trace.spanIds.length; i++) {
    if (
      ops[trace.operationIdx[i]!] ||
      services[trace.serviceIdx[i]!] ||
      trace.spanIds[i]!.startsWith(lower) ||
      (details !== undefined && re.test(details[i]!))
    )
      out.push(i);
  }
  return out;
}
