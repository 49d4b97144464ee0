// Synthetic history for benchmarks: many services × many days of the demo fleet's metrics, written as
// Prometheus TSDB blocks with `promtool tsdb create-blocks-from openmetrics`, one day at a time so the
// intermediate text stays small. History is coarse (--step), the last --recent-hours fine (--recent-step)
// so that 1-minute rates and the recording rules work at the end of the data; --rules-hours also
// backfills the recording rules for that many hours before the end.
//   npm run stack:backfill -- --services 500 --days 7 --out .data/backfill/prometheus --rules-hours 1
// Serve the result with: prometheus --storage.tsdb.path=<out> --storage.tsdb.retention.time=30d
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { createWriteStream, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import YAML from "yaml";
import { RULES_DIR } from "./config";
import { seededRandom } from "./random";

const { values } = parseArgs({
  options: {
    services: { type: "string", default: "500" },
    days: { type: "string", default: "7" },
    step: { type: "string", default: "300" },
    out: {
      type: "string",
      default: path.resolve(import.meta.dirname, "..", ".data", "backfill", "prometheus"),
    },
    end: { type: "string" },
    "recent-hours": { type: "string", default: "2" },
    "recent-step": { type: "string", default: "15" },
    "rules-hours": { type: "string", default: "0" },
  },
});

const SERVICES = Number(values.services);
const DAYS = Number(values.days);
const STEP = Number(values.step);
const RECENT_HOURS = Number(values["recent-hours"]);
const RECENT_STEP = Number(values["recent-step"]);
const OUT = path.resolve(values.out!);
const END = values.end
  ? Math.floor(new Date(values.end).getTime() / 1000)
  : Math.floor(Date.now() / 1000 / STEP) * STEP;
const START = END - DAYS * 86_400;
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
const ROUTES = [
  { method: "GET", route: "/" },
  { method: "GET", route: "/items/:id" },
  { method: "POST", route: "/orders" },
];
const STATUSES = ["200", "500"];
const say = (line: string) => process.stderr.write(`backfill: ${line}\n`);

/** Share of requests at or under `le` seconds for a log-normal latency with this median. */
function cdf(le: number, median: number, sigma = 0.6) {
  const z = (Math.log(le) - Math.log(median)) / (sigma * Math.SQRT2);
  // erf approximation (Abramowitz-Stegun 7.1.26)
  const t = 1 / (1 + 0.3275911 * Math.abs(z));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152073) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-z * z);
  return 0.5 * (1 + (z >= 0 ? y : -y));
}

type Series = { labels: string; rate: number; median: number; count: number; sum: number; buckets: number[] };

function makeSeries(): Series[] {
  const series: Series[] = [];
  for (let s = 0; s < SERVICES; s++) {
    const rnd = seededRandom(s + 1);
    const service = `svc-${String(s).padStart(4, "0")}`;
    const baseRate = 0.5 + rnd() * 20;
    const errorShare = rnd() < 0.05 ? 0.05 + rnd() * 0.2 : rnd() * 0.01;
    const median = 0.01 + rnd() * 0.2;
    for (const r of ROUTES) {
      for (const status of STATUSES) {
        const share = status === "200" ? 1 - errorShare : errorShare;
        series.push({
          labels: `service="${service}",job="backfill",instance="${service}:8080",http_request_method="${r.method}",http_route="${r.route}",http_response_status_code="${status}"`,
          rate: (baseRate / ROUTES.length) * share,
          median: status === "200" ? median : median * 0.5,
          count: 0,
          sum: 0,
          buckets: BUCKETS.map(() => 0),
        });
      }
    }
  }
  return series;
}

async function writeChunk(file: string, series: Series[], from: number, to: number, step: number) {
  const out = createWriteStream(file);
  const write = async (chunk: string) => {
    if (!out.write(chunk)) await once(out, "drain");
  };
  await write(
    "# HELP http_server_request_duration_seconds Duration of HTTP server requests.\n# TYPE http_server_request_duration_seconds histogram\n",
  );
  for (const s of series) {
    const lines: string[] = [];
    for (let t = from; t < to; t += step) {
      // Daily rhythm: busier by day, quieter by night.
      const rhythm = 0.6 + 0.4 * Math.sin(((t % 86_400) / 86_400) * 2 * Math.PI);
      const n = Math.round(s.rate * step * rhythm);
      s.count += n;
      s.sum += n * s.median * 1.2;
      for (let i = 0; i < BUCKETS.length; i++)
        s.buckets[i] = s.buckets[i]! + Math.round(n * cdf(BUCKETS[i]!, s.median));
      for (let i = 1; i < BUCKETS.length; i++) s.buckets[i] = Math.max(s.buckets[i]!, s.buckets[i - 1]!);
      for (let i = 0; i < BUCKETS.length; i++)
        lines.push(
          `http_server_request_duration_seconds_bucket{${s.labels},le="${BUCKETS[i]}"} ${Math.min(s.buckets[i]!, s.count)} ${t}`,
        );
      lines.push(`http_server_request_duration_seconds_bucket{${s.labels},le="+Inf"} ${s.count} ${t}`);
      lines.push(`http_server_request_duration_seconds_count{${s.labels}} ${s.count} ${t}`);
      lines.push(`http_server_request_duration_seconds_sum{${s.labels}} ${s.sum.toFixed(3)} ${t}`);
    }
    await write(`${lines.join("\n")}\n`);
  }
  out.end("# EOF\n");
  await once(out, "finish");
}

function promtool(args: string[]) {
  const result = spawnSync("promtool", args, { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0)
    throw new Error(`promtool ${args.slice(0, 3).join(" ")} failed:\n${result.stderr || result.stdout}`);
}

type RuleFile = { groups: { name: string; rules: { record?: string; expr: string }[] }[] };

/**
 * The recording rules split into levels: level 0 reads only raw series, level n reads level n-1's
 * output. promtool evaluates rules against a running server, so each level needs the one before it
 * loaded there first.
 */
function ruleLevels(): RuleFile[] {
  const file = YAML.parse(readFileSync(path.join(RULES_DIR, "opsdeck-recording.yml"), "utf8")) as RuleFile;
  const rules = file.groups.flatMap((g) => g.rules).filter((r) => r.record);
  const level = new Map<string, number>();
  const levelOf = (rule: { record?: string; expr: string }): number => {
    const cached = level.get(rule.record!);
    if (cached !== undefined) return cached;
    const deps = rules.filter(
      (other) => other !== rule && new RegExp(`\\b${other.record!.replace(/:/g, "\\:")}\\b`).test(rule.expr),
    );
    const value = deps.length ? 1 + Math.max(...deps.map(levelOf)) : 0;
    level.set(rule.record!, value);
    return value;
  };
  const levels: RuleFile[] = [];
  for (const rule of rules) {
    const l = levelOf(rule);
    levels[l] ??= { groups: [{ name: `level-${l}`, rules: [] }] };
    levels[l].groups[0]!.rules.push(rule);
  }
  return levels;
}

async function withPrometheus<T>(run: (url: string) => Promise<T>): Promise<T> {
  const port = 19_000 + Math.floor(Math.random() * 1000);
  const prometheus = spawn(
    "prometheus",
    [
      `--storage.tsdb.path=${OUT}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--storage.tsdb.retention.time=3650d",
      "--config.file=/dev/null",
      "--log.level=error",
    ],
    { stdio: "ignore" },
  );
  try {
    for (let i = 0; i < 600; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/-/ready`)).ok) break;
      } catch {
        // starting
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    return await run(`http://127.0.0.1:${port}`);
  } finally {
    prometheus.kill("SIGTERM");
    await once(prometheus, "exit");
  }
}

async function backfillRules(hours: number) {
  const work = path.join(OUT, "..", "rules-work");
  for (const [i, rules] of ruleLevels().entries()) {
    rmSync(work, { recursive: true, force: true });
    mkdirSync(path.join(work, "blocks"), { recursive: true });
    const file = path.join(work, `level-${i}.yml`);
    writeFileSync(file, YAML.stringify(rules));
    await withPrometheus(async (url) =>
      promtool([
        "tsdb",
        "create-blocks-from",
        "rules",
        `--url=${url}`,
        `--start=${END - hours * 3600}`,
        `--end=${END}`,
        `--output-dir=${path.join(work, "blocks")}`,
        "--eval-interval=60s",
        "-q",
        file,
      ]),
    );
    for (const block of readdirSync(path.join(work, "blocks")))
      spawnSync("mv", [path.join(work, "blocks", block), OUT]);
    say(`recording rules, level ${i}: ${rules.groups[0]!.rules.length} rules`);
  }
  rmSync(work, { recursive: true, force: true });
}

async function main() {
  const started = Date.now();
  mkdirSync(OUT, { recursive: true });
  const tmp = path.join(OUT, "..", "openmetrics-tmp");
  mkdirSync(tmp, { recursive: true });
  const series = makeSeries();
  say(
    `${SERVICES} services, ${series.length * (BUCKETS.length + 3)} series, ${DAYS} days at ${STEP}s → ${OUT}`,
  );
  // Chunks of at most a day: coarse history, then the recent hours at fine resolution.
  const recentStart = END - RECENT_HOURS * 3600;
  const chunks: { from: number; to: number; step: number }[] = [];
  for (let from = START; from < recentStart; from += 86_400)
    chunks.push({ from, to: Math.min(from + 86_400, recentStart), step: STEP });
  for (let from = recentStart; from < END; from += 3600)
    chunks.push({ from, to: Math.min(from + 3600, END), step: RECENT_STEP });
  let samples = 0;
  for (const [i, chunk] of chunks.entries()) {
    const file = path.join(tmp, `chunk-${i}.om`);
    await writeChunk(file, series, chunk.from, chunk.to, chunk.step);
    promtool(["tsdb", "create-blocks-from", "openmetrics", "-q", file, OUT]);
    rmSync(file);
    samples += series.length * (BUCKETS.length + 3) * Math.ceil((chunk.to - chunk.from) / chunk.step);
    say(
      `chunk ${i + 1}/${chunks.length} written (${(samples / 1e6).toFixed(1)}M samples, ${Math.round((Date.now() - started) / 1000)} s)`,
    );
  }
  rmSync(tmp, { recursive: true, force: true });
  const hours = Number(values["rules-hours"]);
  if (hours > 0) {
    await backfillRules(hours);
    say(`recording rules backfilled for the last ${hours} h`);
  }
  say(
    `done in ${Math.round((Date.now() - started) / 1000)} s; data ends at ${new Date(END * 1000).toISOString()}`,
  );
}

await main();
