// The global time range and refresh interval, as kept in the URL (`?from=now-1h&to=now&refresh=30s`),
// so that any view can be shared as a link. Absolute times are ISO 8601.

export const RELATIVE_RANGES = [
  { from: "now-15m", label: "Last 15 minutes" },
  { from: "now-1h", label: "Last 1 hour" },
  { from: "now-3h", label: "Last 3 hours" },
  { from: "now-6h", label: "Last 6 hours" },
  { from: "now-12h", label: "Last 12 hours" },
  { from: "now-24h", label: "Last 24 hours" },
  { from: "now-2d", label: "Last 2 days" },
  { from: "now-7d", label: "Last 7 days" },
] as const;

export const REFRESH_INTERVALS = [
  { value: "off", label: "Off", ms: 0 },
  { value: "10s", label: "10s", ms: 10_000 },
  { value: "30s", label: "30s", ms: 30_000 },
  { value: "1m", label: "1m", ms: 60_000 },
  { value: "5m", label: "5m", ms: 300_000 },
] as const;

export const DEFAULT_FROM = "now-1h";
export const DEFAULT_TO = "now";
export const DEFAULT_REFRESH = "30s";

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const RELATIVE = /^now(?:-(\d{1,5})([smhdw]))?$/;

/** "now", "now-15m", or an ISO 8601 time → a Date; null if it is neither. */
export function parseTimeExpression(value: string, now: Date): Date | null {
  const match = RELATIVE.exec(value.trim());
  if (match) {
    const [, amount, unit] = match;
    if (!amount || !unit) return new Date(now);
    return new Date(now.getTime() - Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS]);
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export type ResolvedRange = { start: Date; end: Date; relative: boolean };

/** Resolves the URL's range; anything unparsable or inverted falls back to the default range. */
export function resolveRange(
  from: string | null | undefined,
  to: string | null | undefined,
  now = new Date(),
): ResolvedRange {
  const start = parseTimeExpression(from ?? DEFAULT_FROM, now);
  const end = parseTimeExpression(to ?? DEFAULT_TO, now);
  if (!start || !end || start >= end) {
    return { start: parseTimeExpression(DEFAULT_FROM, now)!, end: now, relative: true };
  }
  return { start, end, relative: (to ?? DEFAULT_TO) === "now" };
}

export function refreshMs(value: string | null | undefined): number {
  return REFRESH_INTERVALS.find((r) => r.value === value)?.ms ?? 0;
}

/** A preset's name, or "<from> → <to>" with absolute times written by `formatTime` (lib/time/format.ts). */
export function describeRange(from: string, to: string, formatTime: (iso: string) => string): string {
  const preset = RELATIVE_RANGES.find((r) => r.from === from);
  if (preset && to === "now") return preset.label;
  const fmt = (v: string) => (v.startsWith("now") ? v : formatTime(v));
  return `${fmt(from)} → ${fmt(to)}`;
}
