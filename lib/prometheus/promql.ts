// Building PromQL safely. Label values from users (a service name from a URL, a filter) are only ever
// placed into queries through `matcher`, which escapes them; names (metrics, labels) must match the
// Prometheus grammar or are refused.

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;

export class PromqlBuildError extends Error {}

export function metricName(name: string): string {
  if (!NAME.test(name)) throw new PromqlBuildError(`"${name}" is not a valid metric name`);
  return name;
}

export function labelName(name: string): string {
  if (!LABEL.test(name)) throw new PromqlBuildError(`"${name}" is not a valid label name`);
  return name;
}

export function duration(value: string): string {
  if (!DURATION.test(value)) throw new PromqlBuildError(`"${value}" is not a PromQL duration`);
  return value;
}

/** A double-quoted PromQL string literal holding exactly `value`. */
export function stringLiteral(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\r/g, "\\r")}"`;
}

/** Escapes regular-expression metacharacters, for a `=~` matcher that must match `value` literally. */
export function regexLiteral(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export type MatchOp = "=" | "!=" | "=~" | "!~";

export function matcher(label: string, op: MatchOp, value: string): string {
  return `${labelName(label)}${op}${stringLiteral(value)}`;
}

/** `metric{a="x",b=~"y"}`; matchers come from `matcher` (or are trusted constants of the profile). */
export function selector(metric: string, matchers: string[]): string {
  return `${metricName(metric)}${matchers.length ? `{${matchers.join(",")}}` : ""}`;
}
