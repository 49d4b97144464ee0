import { PALETTE } from "@/components/charts/palette";

/** A service keeps its colour across traces, the search list and comparisons: picked by name. */
export function serviceColor(name: string): string {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) | 0;
  return PALETTE[Math.abs(h) % PALETTE.length]!;
}

/** "1.25s", "340ms", "85µs" from microseconds. */
export function formatUs(us: number): string {
  if (!Number.isFinite(us)) return "—";
  if (us < 1000) return `${Math.round(us)}µs`;
  if (us < 1_000_000) return `${(us / 1000).toFixed(us < 10_000 ? 2 : us < 100_000 ? 1 : 0)}ms`;
  if (us < 60_000_000) return `${(us / 1_000_000).toFixed(2)}s`;
  return `${(us / 60_000_000).toFixed(1)}min`;
}
