// Benchmark: a user's label-matcher regex on inputs of growing length, in V8's backtracking RegExp (what
// Opsdeck used before) and in lib/matchers/regex (RE2's linear-time engine, what it uses now).
//   npm run bench:regex -- [--pattern 'x|(.|.|.)*y'] [--backtracking-up-to 18]
// V8's time grows threefold per character on the default pattern, so it is measured on short inputs
// only; RE2's is measured up to 100,000 characters.
import { parseArgs } from "node:util";
import { fullMatch } from "../../lib/matchers/regex";

const { values } = parseArgs({
  options: {
    pattern: { type: "string", default: "x|(.|.|.)*y" },
    "backtracking-up-to": { type: "string", default: "18" },
  },
});
const pattern = values.pattern;
const backtrackingLimit = Number(values["backtracking-up-to"]);

function time(run: () => boolean): { ms: number; matched: boolean } {
  const started = performance.now();
  const matched = run();
  return { ms: performance.now() - started, matched };
}

const backtracking = new RegExp(`^(?:${pattern})$`);
fullMatch(pattern, "warm-up");
console.log(`pattern ${pattern}, input "a" × n (no match)`);
console.log("n".padStart(8), "V8 RegExp ms".padStart(14), "RE2 ms".padStart(10));
for (const n of [10, 12, 14, 16, 18, 20, 1_000, 10_000, 100_000]) {
  const input = "a".repeat(n);
  const re2 = time(() => fullMatch(pattern, input));
  const v8 = n <= backtrackingLimit ? time(() => backtracking.test(input)) : null;
  if (v8 && v8.matched !== re2.matched) throw new Error(`the engines disagree on n=${n}`);
  console.log(
    String(n).padStart(8),
    (v8 ? v8.ms.toFixed(1) : "(skipped)").padStart(14),
    re2.ms.toFixed(2).padStart(10),
  );
}
