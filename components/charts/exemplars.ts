// Exemplars on a latency chart: a few hundred identical dots bury the percentile lines, so the chart keeps
// the slowest of each time bucket per outcome (an error that failed fast still shows beside slow successes)
// and colours them by outcome.

export type ExemplarOutcome = "error" | "ok" | "unknown";

/** From the status label of the exemplar's series: HTTP 5xx or an error status is an error, as the error-ratio chart counts. */
export function exemplarOutcome(status: string | null | undefined): ExemplarOutcome {
  if (!status) return "unknown";
  if (/^5\d\d$/.test(status) || /^(error|status_code_error)$/i.test(status)) return "error";
  return "ok";
}

/**
 * The slowest exemplar (largest `v`) of each outcome in each of `buckets` equal slices of [start, end],
 * in time order. Exemplars outside the span are left out.
 */
export function slowestPerBucket<E extends { t: number; v: number; outcome: ExemplarOutcome }>(
  exemplars: readonly E[],
  start: number,
  end: number,
  buckets = 60,
): E[] {
  const width = Math.max(end - start, 1) / Math.max(1, Math.floor(buckets));
  const kept = new Map<string, E>();
  for (const e of exemplars) {
    if (e.t < start || e.t > end || !Number.isFinite(e.v)) continue;
    const key = `${Math.min(Math.floor((e.t - start) / width), buckets - 1)}:${e.outcome}`;
    const current = kept.get(key);
    if (!current || e.v > current.v) kept.set(key, e);
  }
  return [...kept.values()].sort((a, b) => a.t - b.t);
}
