// Colours for series, readable on light and dark backgrounds.
export const PALETTE = [
  "#0ea5e9",
  "#f97316",
  "#22c55e",
  "#a855f7",
  "#ef4444",
  "#eab308",
  "#14b8a6",
  "#ec4899",
  "#64748b",
  "#84cc16",
];

export const colorAt = (i: number) => PALETTE[i % PALETTE.length]!;
