// Labels for the events drawn on a time chart (new revisions, promotions, rollbacks). Events close
// together share one label, or their labels print over each other; near the right edge the label goes
// left of its line, or the chart cuts it.
import type { ChartEvent } from "./time-series-chart";

/** Events closer than this share of the span share a label: about a label's width on a panel. */
const CLUSTER_SHARE = 0.12;
/** Past this share of the span, a label is written left of its line. */
const RIGHT_EDGE_SHARE = 0.8;

export type EventLabel = { value: string; position: "insideTopLeft" | "insideTopRight" } | null;

/** For each event (in the given order), its label, or null when another event's label stands for it. */
export function eventLabels(events: ChartEvent[], start: number, end: number): EventLabel[] {
  const span = Math.max(1, end - start);
  const order = events.map((e, i) => ({ e, i })).sort((a, b) => a.e.t - b.e.t);
  const labels: EventLabel[] = events.map(() => null);
  for (let at = 0; at < order.length;) {
    const first = order[at]!;
    let next = at + 1;
    while (next < order.length && order[next]!.e.t - first.e.t <= CLUSTER_SHARE * span) next++;
    const cluster = order.slice(at, next).map((o) => o.e.label);
    const same = cluster.every((l) => l === cluster[0]);
    labels[first.i] = {
      value:
        cluster.length === 1
          ? cluster[0]!
          : same
            ? `${cluster[0]} ×${cluster.length}`
            : `${cluster.length} events`,
      position: first.e.t - start > RIGHT_EDGE_SHARE * span ? "insideTopRight" : "insideTopLeft",
    };
    at = next;
  }
  return labels;
}
