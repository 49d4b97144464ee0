// How the incident metrics write durations: a response within seconds is "40 s", not "0 min", and the
// chart's unit follows its longest median, so an acknowledgement in seconds is a bar, not nothing.

export type DurationUnit = { name: "s" | "min" | "h"; seconds: number };

const UNITS: DurationUnit[] = [
  { name: "s", seconds: 1 },
  { name: "min", seconds: 60 },
  { name: "h", seconds: 3600 },
];

/** The unit that writes the longest of `values` (seconds) as a number under about 120. */
export function chartUnit(values: (number | null)[]): DurationUnit {
  const longest = Math.max(0, ...values.filter((v): v is number => v !== null));
  return [...UNITS].reverse().find((u) => longest >= 2 * u.seconds) ?? UNITS[0]!;
}

/** `seconds` in `unit`, to one decimal; null stays null (no incident reached that point). */
export const inUnit = (seconds: number | null, unit: DurationUnit) =>
  seconds === null ? null : Math.round((seconds / unit.seconds) * 10) / 10;

/** "40 s", "12 min", "3.5 h"; a dash when it has not happened. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return "—";
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
