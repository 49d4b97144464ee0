// Regular expressions of label matchers (silences, acknowledgements, incident alerts), evaluated as
// Alertmanager and Prometheus evaluate them: Go's RE2 syntax, anchored at both ends, in time linear in
// the input. V8's RegExp backtracks, so a pattern such as `x|(.|.|.)*y` takes exponential time there,
// and it reads Go syntax differently (`(?i)`, `\pL`, `[[:alpha:]]`); re2js is a port of Go's engine.
import { RE2JS, RE2JSException } from "re2js";

/** Why a pattern cannot be used; the message is meant for the person who wrote it. */
export class InvalidRegexError extends Error {}

/**
 * RE2 compiles `x{n,m}` into about m copies of x, and matching costs up to input length × program size:
 * `(?:\pL{300}){999}` (300,000 instructions, within Go's limit) took 0.5 s to compile and 10 s to match
 * a 200-character value here. 2,000 admits any matcher's 1,000 characters without counted repetitions,
 * and repetitions such as `[0-9a-f]{32}` or `.{0,990}`, while keeping a compile to milliseconds.
 */
export const MAX_EXPANDED_SIZE = 2_000;

/** Compiled patterns, most recently used last; silences and incident alerts repeat the same few. */
const cache = new Map<string, RE2JS>();
const CACHE_SIZE = 500;

/** Compiles a pattern with RE2's syntax, or throws InvalidRegexError saying why not. */
export function compile(pattern: string): RE2JS {
  const cached = cache.get(pattern);
  if (cached) {
    cache.delete(pattern);
    cache.set(pattern, cached);
    return cached;
  }
  const size = expandedSize(pattern);
  if (size > MAX_EXPANDED_SIZE)
    throw new InvalidRegexError(
      `too large: it expands to about ${size.toLocaleString("en")} steps (counted repetitions such as {100} multiply), more than the ${MAX_EXPANDED_SIZE.toLocaleString("en")} allowed`,
    );
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(pattern);
  } catch (error) {
    if (!(error instanceof RE2JSException)) throw error;
    throw new InvalidRegexError(
      `not a valid RE2 regular expression: ${error.message.replace(/^error parsing regexp: /, "")}`,
    );
  }
  cache.set(pattern, compiled);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return compiled;
}

/** Whether the whole of `value` matches `pattern`, as Alertmanager's `^(?:pattern)$`. */
export function fullMatch(pattern: string, value: string): boolean {
  return compile(pattern).testExact(value);
}

const REPEAT = /\{(\d+)(,(\d*))?\}/y;

/**
 * An upper estimate of the pattern's size once counted repetitions are expanded, read from its text
 * before RE2 spends time on it: every atom counts one, a group the sum of its contents, and `x{n,m}`
 * about m times x. Invalid patterns get some number; RE2 refuses them afterwards.
 */
export function expandedSize(pattern: string): number {
  // One frame per open group: its size so far and the size of its last atom (what a repeat applies to).
  const frames = [{ size: 0, last: 0 }];
  const top = () => frames[frames.length - 1]!;
  const atom = (size: number) => {
    top().size += size;
    top().last = size;
  };
  let repeat: ReturnType<typeof readRepeat>;
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === "\\") {
      const next = pattern[i + 1];
      if (next === "Q") {
        // \Q…\E: every character a literal.
        const end = pattern.indexOf("\\E", i + 2);
        const stop = end < 0 ? pattern.length : end;
        for (let k = i + 2; k < stop; k++) atom(1);
        i = end < 0 ? pattern.length : end + 2;
      } else if ((next === "p" || next === "P" || next === "x") && pattern[i + 2] === "{") {
        const close = pattern.indexOf("}", i + 3);
        i = close < 0 ? pattern.length : close + 1;
        atom(1);
      } else {
        i += next === "p" || next === "P" ? 3 : 2;
        atom(1);
      }
    } else if (c === "[") {
      i = classEnd(pattern, i);
      atom(1);
    } else if (c === "(") {
      frames.push({ size: 0, last: 0 });
      i++;
      if (pattern[i] === "?") {
        // (?flags), (?flags:…), (?P<name>…), (?<name>…): skip to where the contents start.
        while (i < pattern.length && !":)>".includes(pattern[i]!)) i++;
        if (pattern[i] !== ")") i++;
      }
    } else if (c === ")" && frames.length > 1) {
      const group = frames.pop()!;
      atom(group.size + 2);
      i++;
    } else if (c === "|") {
      top().size += 1;
      top().last = 0;
      i++;
    } else if (c === "{" && (repeat = readRepeat(pattern, i))) {
      // x{n,m}: n copies of x, then m-n optional ones (each one more step); the first copy is counted.
      const copies = top().last * (repeat.min - 1) + (top().last + 1) * (repeat.max - repeat.min);
      top().size += copies;
      top().last += copies;
      i = repeat.end;
    } else {
      if (c === "*" || c === "+" || c === "?") top().size += 1;
      else atom(1);
      i++;
    }
  }
  return frames.reduce((sum, f) => sum + f.size, 0);
}

/** `{n}`, `{n,}` or `{n,m}` at `start` (anything else there is a literal brace, as in Go). */
function readRepeat(pattern: string, start: number): { min: number; max: number; end: number } | null {
  REPEAT.lastIndex = start;
  const match = REPEAT.exec(pattern);
  if (!match) return null;
  const min = Math.max(Number(match[1]), 1);
  // x{n,} is n copies and a star: one more than x{n}.
  const max = match[2] === undefined ? min : match[3] === "" ? min + 1 : Math.max(Number(match[3]), min);
  return { min, max, end: REPEAT.lastIndex };
}

/** The index just past the character class that opens at `start` (`[]a]`, `[^]a]`, `[[:alpha:]]`). */
function classEnd(pattern: string, start: number): number {
  let i = start + 1;
  if (pattern[i] === "^") i++;
  if (pattern[i] === "]") i++;
  while (i < pattern.length && pattern[i] !== "]") {
    if (pattern[i] === "\\") i += 2;
    else if (pattern.startsWith("[:", i)) {
      const close = pattern.indexOf(":]", i + 2);
      i = close < 0 ? i + 1 : close + 2;
    } else i++;
  }
  return i + 1;
}
