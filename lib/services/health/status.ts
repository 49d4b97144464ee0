// The two signals of a service on the Overview, kept apart so that nobody reads one for the other:
// - "Now": its error ratio and latency over a short window, and its targets. This alone decides the
//   status (the row's colour): a fault shows within a refresh, and a cleared fault clears as quickly.
// - "SLO": how much of the error budget is left over the SLO window, and how fast it burns (1 h). A
//   spent budget stays spent for days after the fault is gone; it is shown, never the colour.
import type { ErrorSource } from "./origin";

export type HealthStatus = "critical" | "warning" | "ok" | "no_data";

/** Thresholds of "Now". Latency matches the demo fleet's HighLatency alert (p95 over 0.5 s). */
export const NOW_THRESHOLDS = {
  errorRatio: { warning: 0.01, critical: 0.05 },
  p95Seconds: { warning: 0.5, critical: 2 },
} as const;

export type NowSignal = {
  requestRate: number | null;
  errorRatio: number | null;
  latency: { p95: number | null };
  targets: { up: number; total: number } | null;
};

const pct = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;

function errorReason(errorRatio: number, source: ErrorSource | undefined): string {
  if (!source?.from.length) return `${pct(errorRatio)} errors`;
  const from = source.from.join(", ");
  return source.own
    ? `${pct(errorRatio)} errors, also from ${from}`
    : `${pct(errorRatio)} errors from ${from}`;
}

/** The status of a service now, and why. No samples of traffic is "no data", never healthy. */
export function classifyNow(
  now: NowSignal,
  source?: ErrorSource,
): { status: HealthStatus; reasons: string[] } {
  const critical: string[] = [];
  const warning: string[] = [];
  const { errorRatio, latency, targets } = now;
  if (targets && targets.up < targets.total)
    critical.push(`${targets.total - targets.up} of ${targets.total} targets down`);
  if (errorRatio !== null && errorRatio >= NOW_THRESHOLDS.errorRatio.critical)
    critical.push(errorReason(errorRatio, source));
  else if (errorRatio !== null && errorRatio >= NOW_THRESHOLDS.errorRatio.warning)
    warning.push(errorReason(errorRatio, source));
  if (latency.p95 !== null && latency.p95 >= NOW_THRESHOLDS.p95Seconds.critical)
    critical.push(`p95 ${latency.p95.toFixed(2)} s`);
  else if (latency.p95 !== null && latency.p95 >= NOW_THRESHOLDS.p95Seconds.warning)
    warning.push(`p95 ${latency.p95.toFixed(2)} s`);
  if (critical.length) return { status: "critical", reasons: [...critical, ...warning] };
  if (warning.length) return { status: "warning", reasons: warning };
  // Without requests there is no error ratio or latency to judge: not healthy, unknown.
  if (errorRatio === null)
    return {
      status: "no_data",
      reasons: [now.requestRate === 0 ? "no requests just now" : "no samples just now"],
    };
  return { status: "ok", reasons: [] };
}

export type SloState = "exhausted" | "burning" | "ok" | "no_data";

/** The SLO's reading: budget spent (below zero left), burning faster than it lasts, or fine. */
export function sloState(budgetRemaining: number | null, burnRate: number | null): SloState {
  if (budgetRemaining === null && burnRate === null) return "no_data";
  if (budgetRemaining !== null && budgetRemaining <= 0) return "exhausted";
  if (burnRate !== null && burnRate >= 1) return "burning";
  return "ok";
}

type Ordered = {
  name: string;
  status: HealthStatus;
  errorRatio: number | null;
  errorSource: ErrorSource | null;
  slo: { burnRate: number | null };
};

const SEVERITY: Record<HealthStatus, number> = { critical: 0, warning: 1, ok: 2, no_data: 3 };

/** Worst first by "Now": status, then error ratio, then SLO burn, then name. */
export function worstFirst(a: Ordered, b: Ordered): number {
  return (
    SEVERITY[a.status] - SEVERITY[b.status] ||
    (b.errorRatio ?? -1) - (a.errorRatio ?? -1) ||
    (b.slo.burnRate ?? -1) - (a.slo.burnRate ?? -1) ||
    a.name.localeCompare(b.name)
  );
}

/**
 * The Overview's order: services in trouble of their own (the likely origins) first, then those whose
 * errors come only from a service they call, then the rest; worst first within each.
 */
export function originFirst(a: Ordered, b: Ordered): number {
  const group = (s: Ordered) =>
    s.status === "ok" || s.status === "no_data" ? 2 : s.errorSource && !s.errorSource.own ? 1 : 0;
  return group(a) - group(b) || worstFirst(a, b);
}
