// The critical path: the chain of work that decided the trace's duration. Walking back from the root's
// end, the time belongs to the child that finished last before that moment (then, recursively, to its
// children); where no child was running, to the span itself. This is the algorithm of Jaeger's UI, with
// children clipped to their parent, done iteratively (traces can be thousands of spans deep) and with a
// cursor per parent so that each child is looked at once.
import { childLists, sortChildLists } from "./children";
import type { TraceView } from "./model";

type Columns = Pick<TraceView, "parents" | "starts" | "durations">;

/** Triples of span index, section start and section end, in µs from the trace's start, latest first. */
export function criticalPath({ parents, starts, durations }: Columns): number[] {
  const n = parents.length;
  if (n === 0) return [];
  const start = Float64Array.from(starts);
  const end = new Float64Array(n);
  for (let i = 0; i < n; i++) end[i] = start[i]! + durations[i]!;
  const parent = Int32Array.from(parents);
  let root = -1;
  for (let i = 0; i < n; i++) if (parent[i]! < 0 && (root === -1 || end[i]! > end[root]!)) root = i;
  const children = childLists(parent);
  const { first, kids } = children;
  // A child's part of the parent's time ends no later than the parent's part does. Children often end a
  // little after their parent (SDKs that round start times to the millisecond, a server that ends its
  // span after answering), and so may their children: clip from the root down.
  const clippedEnd = Float64Array.from(end);
  const down: number[] = [];
  for (let i = 0; i < n; i++) if (parent[i]! < 0) down.push(i);
  while (down.length) {
    const p = down.pop()!;
    for (let k = first[p]!; k < first[p + 1]!; k++) {
      const child = kids[k]!;
      clippedEnd[child] = Math.min(end[child]!, clippedEnd[p]!);
      down.push(child);
    }
  }
  // Latest first; ties in span order, as a stable sort leaves them.
  sortChildLists(children, (a, b) => clippedEnd[b]! - clippedEnd[a]! || a - b);
  // Per span, the next of its children to look at, as a position in `kids`.
  const next = first.slice(0, n);

  const path: number[] = [];
  let span = root;
  let cursor = end[root]!;
  for (let steps = 0; steps < 4 * n + 4; steps++) {
    // The last child to finish before the cursor; children still running at the cursor ran alongside
    // the one we came back from, so they are skipped for good (the cursor only moves back).
    const last = first[span + 1]!;
    let k = next[span]!;
    while (k < last && clippedEnd[kids[k]!]! > cursor) k++;
    next[span] = k;
    const child = k < last ? kids[k]! : -1;
    if (child >= 0 && clippedEnd[child]! > start[span]!) {
      next[span] = k + 1;
      if (cursor > clippedEnd[child]!) path.push(span, clippedEnd[child]!, cursor);
      span = child;
      cursor = clippedEnd[child]!;
      continue;
    }
    if (cursor > start[span]!) path.push(span, start[span]!, cursor);
    const up = parent[span]!;
    if (up < 0) break;
    cursor = Math.min(cursor, Math.max(start[span]!, start[up]!));
    span = up;
  }
  return path;
}
