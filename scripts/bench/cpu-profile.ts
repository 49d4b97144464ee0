// Summarises a V8 CPU profile (`node --cpu-prof`, or `npm run bench:load -- --cpu-prof <dir>`):
//   node --import tsx scripts/bench/cpu-profile.ts <file.cpuprofile> [--top 25] [--match <text>]
// Prints where the sampled time went: self time by package (a node_modules package, Node's own
// internals, the app's code by top folder), the functions with the most self time, and the functions
// with the most time including what they call (--match narrows that list to frames whose function or
// file contains the text).
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

type Node = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: "string", default: "25" }, match: { type: "string" } },
});
if (!positionals[0]) throw new Error("usage: cpu-profile.ts <file.cpuprofile> [--top N] [--match text]");
const profile = JSON.parse(readFileSync(positionals[0], "utf8")) as Profile;
const TOP = Number(values.top);

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
const total = [...self.values()].reduce((a, b) => a + b, 0);

/** Where a frame's code lives: a package, Node's internals, or the app's top folder. */
function owner(url: string): string {
  if (!url) return "(native / V8)";
  if (url.startsWith("node:")) return "node internals";
  const modules = url.lastIndexOf("node_modules/");
  if (modules !== -1) {
    const rest = url.slice(modules + "node_modules/".length).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const app = /\/(app|lib|components|stack|scripts)\//.exec(url);
  return app ? `opsdeck ${app[1]}/` : url.replace(/^.*\//, "");
}
const frame = (n: Node) =>
  `${n.callFrame.functionName || "(anonymous)"} ${n.callFrame.url.replace(/^.*node_modules\//, "")}:${n.callFrame.lineNumber + 1}`;
const ms = (v: number) => `${v.toFixed(0).padStart(7)} ms ${((v * 100) / total).toFixed(1).padStart(5)} %`;

const sum = (map: Map<string, number>, key: string, v: number) => map.set(key, (map.get(key) ?? 0) + v);
const packages = new Map<string, number>();
const functions = new Map<string, number>();
const inclusive = new Map<string, number>();
for (const [id, v] of self) {
  const n = byId.get(id)!;
  sum(packages, owner(n.callFrame.url), v);
  sum(functions, frame(n), v);
  // Each frame on the stack once (recursion counts once).
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const key = frame(byId.get(at)!);
    if (!seen.has(key)) inclusive.set(key, (inclusive.get(key) ?? 0) + v);
    seen.add(key);
  }
}
const top = (map: Map<string, number>, filter: (k: string) => boolean = () => true) =>
  [...map]
    .filter(([k]) => filter(k))
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOP)
    .map(([k, v]) => `${ms(v)}  ${k}`)
    .join("\n");

console.log(`${positionals[0]}: ${total.toFixed(0)} ms sampled\n`);
console.log(`Self time by package\n${top(packages)}\n`);
console.log(`Self time by function\n${top(functions)}\n`);
const match = values.match;
console.log(
  `Time including callees${match ? ` (frames matching "${match}")` : ""}\n${top(inclusive, (k) => !match || k.includes(match))}`,
);
