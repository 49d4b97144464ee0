// Number and time formats shared by every page (browser and server).

export function formatRate(perSecond: number | null | undefined): string {
  if (perSecond === null || perSecond === undefined) return "—";
  if (perSecond === 0) return "0/s";
  if (perSecond < 0.1) return `${(perSecond * 60).toFixed(1)}/min`;
  if (perSecond < 10) return `${perSecond.toFixed(2)}/s`;
  if (perSecond < 1000) return `${perSecond.toFixed(1)}/s`;
  return `${(perSecond / 1000).toFixed(1)}k/s`;
}

/**
 * A rate formatter for the ticks of one axis: one unit for all of them, chosen by the largest value, so
 * an axis never reads "5.7/min" under "0.19/s".
 */
export function rateAxisFormat(largest: number): (perSecond: number) => string {
  if (largest < 0.1) return (v) => (v === 0 ? "0/min" : `${+(v * 60).toFixed(2)}/min`);
  if (largest < 1000) return (v) => (v === 0 ? "0/s" : `${+v.toFixed(largest < 10 ? 2 : 1)}/s`);
  return (v) => (v === 0 ? "0/s" : `${+(v / 1000).toFixed(2)}k/s`);
}

/** An axis of durations in one unit, the one its largest value needs: "0ms, 60ms, 120ms", not "0µs, 60ms". */
export function secondsAxisFormat(largest: number): (seconds: number) => string {
  if (largest < 0.001) return (v) => `${+(v * 1e6).toFixed(0)}µs`;
  if (largest < 1) return (v) => `${+(v * 1000).toFixed(largest < 0.01 ? 1 : 0)}ms`;
  if (largest < 60) return (v) => `${+v.toFixed(2)}s`;
  return (v) => `${+(v / 60).toFixed(1)}min`;
}

export function formatPercent(ratio: number | null | undefined, digits = 2): string {
  if (ratio === null || ratio === undefined) return "—";
  const p = ratio * 100;
  if (p !== 0 && Math.abs(p) < 0.01) return "<0.01%";
  return `${p.toFixed(digits)}%`;
}

export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "—";
  if (seconds < 0.001) return `${(seconds * 1e6).toFixed(0)}µs`;
  if (seconds < 1) return `${(seconds * 1000).toFixed(seconds < 0.01 ? 1 : 0)}ms`;
  if (seconds < 60) return `${seconds.toFixed(2)}s`;
  return `${(seconds / 60).toFixed(1)}min`;
}

/** "3 min ago", "2 h ago": for ages of data and of alerts. */
export function formatAge(iso: string | number | Date, now = Date.now()): string {
  const ms = now - new Date(iso).getTime();
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}

export function formatDuration(fromIso: string, now = Date.now()): string {
  return formatAge(fromIso, now).replace(" ago", "");
}
