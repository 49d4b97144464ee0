// What the trace page's first response carries (ADR 0017). A view small enough goes whole, and the
// browser never asks for it again; a bigger one goes as its first rows only, enough to fill a tall
// screen, and the browser fetches the rest. Spans are in depth-first order and nothing starts collapsed,
// so the first rows on screen are the view's first spans: a prefix of every column.
import type { TraceView } from "./model";

/** Views up to this many spans are sent whole with the page (about 55 bytes a span in the payload). */
export const INLINE_MAX_SPANS = 10_000;
/** Rows sent with the page otherwise: more than a 2,500-pixel-tall screen shows (26-pixel rows). */
export const FIRST_ROWS = 100;

/** The header's numbers, from the whole view: a first-rows view cannot count them itself. */
export type TraceStats = { spanCount: number; errorCount: number; maxDepth: number };

export type FirstPaint = {
  /** The whole view, or its first rows when `complete` is false. */
  view: TraceView;
  complete: boolean;
  stats: TraceStats;
};

export function traceStats(view: TraceView): TraceStats {
  let errorCount = 0;
  let maxDepth = 0;
  for (let i = 0; i < view.spanIds.length; i++) {
    errorCount += view.errors[i]!;
    if (view.depths[i]! > maxDepth) maxDepth = view.depths[i]!;
  }
  return { spanCount: view.spanIds.length, errorCount, maxDepth };
}

/** The first `count` spans of a view. Parents come before their children, so every parent index stays valid. */
export function firstRows(view: TraceView, count: number): TraceView {
  const critical: number[] = [];
  for (let k = 0; k < view.critical.length; k += 3)
    if (view.critical[k]! < count)
      critical.push(view.critical[k]!, view.critical[k + 1]!, view.critical[k + 2]!);
  return {
    ...view,
    spanIds: view.spanIds.slice(0, count),
    parents: view.parents.slice(0, count),
    depths: view.depths.slice(0, count),
    serviceIdx: view.serviceIdx.slice(0, count),
    operationIdx: view.operationIdx.slice(0, count),
    kinds: view.kinds.slice(0, count),
    starts: view.starts.slice(0, count),
    durations: view.durations.slice(0, count),
    errors: view.errors.slice(0, count),
    descendants: view.descendants.slice(0, count),
    critical,
  };
}

/** The view as the page's first response sends it: whole when small, else its first rows. */
export function firstPaint(view: TraceView): FirstPaint {
  const stats = traceStats(view);
  return stats.spanCount <= INLINE_MAX_SPANS
    ? { view, complete: true, stats }
    : { view: firstRows(view, FIRST_ROWS), complete: false, stats };
}
