// Durations as Argo Rollouts reads them: Go's time.ParseDuration for duration strings ("30s", "1m30s",
// "1.5h", "300ms"), and RolloutPause.DurationSeconds for pause steps, which also takes a plain integer
// (a number, or a string of digits) as seconds.

const UNIT_NANOSECONDS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  "\u00b5s": 1e3, // µ, micro sign
  "\u03bcs": 1e3, // μ, Greek mu
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};
const MAX_NANOSECONDS = 2 ** 63 - 1;
const COMPONENT = /^(\d*)(?:\.(\d*))?([^\d.]+)/;

/**
 * Go's time.ParseDuration: a signed sequence of decimal numbers with units (ns, us, µs, ms, s, m, h).
 * Returns milliseconds (fractions kept), or null where Go returns an error ("30" has no unit; only "0"
 * may go without one).
 */
export function parseGoDuration(text: string): number | null {
  let rest = text;
  let sign = 1;
  if (rest.startsWith("-") || rest.startsWith("+")) {
    if (rest[0] === "-") sign = -1;
    rest = rest.slice(1);
  }
  if (rest === "0") return 0;
  if (rest === "") return null;
  let nanoseconds = 0;
  while (rest !== "") {
    const match = COMPONENT.exec(rest);
    if (!match) return null;
    const [whole, integer = "", fraction, unitAndMore = ""] = match;
    if (integer === "" && (fraction === undefined || fraction === "")) return null;
    // The unit runs up to the next digit or dot, as in Go.
    const unit = UNIT_NANOSECONDS[unitAndMore];
    if (unit === undefined) return null;
    nanoseconds += Number(`${integer || "0"}.${fraction ?? "0"}`) * unit;
    if (nanoseconds > MAX_NANOSECONDS) return null;
    rest = rest.slice(whole.length);
  }
  return (sign * nanoseconds) / 1e6;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const DECIMAL_INTEGER = /^[+-]?\d+$/;

/**
 * RolloutPause.DurationSeconds (types.go): 0 without a duration; an integer (or a string of digits) is
 * seconds; otherwise a Go duration string truncated to whole seconds; -1 when it is neither (the
 * controller then treats the pause as already over).
 */
export function pauseDurationSeconds(duration: number | string | null | undefined): number {
  if (duration === null || duration === undefined) return 0;
  if (typeof duration === "number") return duration;
  if (DECIMAL_INTEGER.test(duration)) {
    const seconds = Number(duration);
    if (seconds >= INT32_MIN && seconds <= INT32_MAX) return seconds;
  }
  const milliseconds = parseGoDuration(duration);
  if (milliseconds === null) return -1;
  return Math.trunc(milliseconds / 1000);
}
