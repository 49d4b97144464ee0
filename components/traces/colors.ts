// Twelve hues that stay apart on light and dark backgrounds (no grey: grey reads as "disabled").
const SERVICE_PALETTE = [
  "#0ea5e9",
  "#f97316",
  "#22c55e",
  "#a855f7",
  "#eab308",
  "#14b8a6",
  "#ec4899",
  "#6366f1",
  "#84cc16",
  "#f43f5e",
  "#06b6d4",
  "#d97706",
];

function hash(name: string) {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) | 0;
  return Math.abs(h) % SERVICE_PALETTE.length;
}

/**
 * Colours for the services on one page: each keeps the colour its name hashes to unless another service
 * there took it first (in name order), so the same set of services is coloured the same everywhere.
 */
export function serviceColors(names: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const taken = new Set<number>();
  for (const name of [...new Set(names)].sort()) {
    let at = hash(name);
    for (let probe = 0; probe < SERVICE_PALETTE.length && taken.has(at); probe++)
      at = (at + 1) % SERVICE_PALETTE.length;
    taken.add(at);
    out.set(name, SERVICE_PALETTE[at]!);
  }
  return out;
}

/** "1.25s", "340ms", "85µs" from microseconds. */
export function formatUs(us: number): string {
  if (!Number.isFinite(us)) return "—";
  if (us < 1000) return `${Math.round(us)}µs`;
  if (us < 1_000_000) return `${(us / 1000).toFixed(us < 10_000 ? 2 : us < 100_000 ? 1 : 0)}ms`;
  if (us < 60_000_000) return `${(us / 1_000_000).toFixed(2)}s`;
  return `${(us / 60_000_000).toFixed(1)}min`;
}
