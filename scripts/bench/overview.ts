// Benchmark: the Overview at 10 and 500 services, side by side in one run.
//   npm run bench:overview -- [--runs 30] [--data-500 .data/backfill/prometheus]
// For each size: a Prometheus serving backfilled history (npm run stack:backfill, recording rules
// included) and an app instance pointed at it. Prints p50/p95 of the Overview's queries sent straight to
// Prometheus beside the app's /api/overview for the same data (its cache bypassed), the same for the
// sparklines, the raw queries without recording rules, the upstream queries per Overview, and the
// upstream queries that 100 concurrent viewers cause in one refresh interval.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { PRESETS } from "../../lib/prometheus/profile";
import { matcher } from "../../lib/prometheus/promql";
import { overviewQueries, type OverviewQueries } from "../../lib/prometheus/queries";
import { ROOT, say, startApp, stop, TSX, waitFor } from "./support";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "30" },
    "data-500": { type: "string", default: path.join(ROOT, ".data", "backfill", "prometheus") },
    "data-10": { type: "string", default: path.join(ROOT, ".data", "backfill-10", "prometheus") },
  },
});
const RUNS = Number(values.runs);
/** The sparklines' grid, as getOverviewSparklines computes it for a one-hour range (30 points). */
const SPARK_STEP = Math.ceil(3600 / 29);

const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const stats = (xs: number[]) => ({ p50: percentile(xs, 50), p95: percentile(xs, 95) });

/** The newest sample time in a TSDB folder: the benchmark evaluates there. */
function dataEnd(dir: string): number {
  let max = 0;
  for (const block of readdirSync(dir)) {
    const meta = path.join(dir, block, "meta.json");
    if (existsSync(meta))
      max = Math.max(max, (JSON.parse(readFileSync(meta, "utf8")) as { maxTime: number }).maxTime);
  }
  return max - 1;
}

/** Instant and range queries answered by Prometheus so far, from its own metrics. */
async function promQueries(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return text
    .split("\n")
    .filter(
      (l) =>
        l.startsWith("prometheus_http_requests_total") && /handler="\/api\/v1\/(query|query_range)"/.test(l),
    )
    .reduce((sum, l) => sum + Number(l.split(" ").pop()), 0);
}

/** The queries sent straight to Prometheus in parallel, as the app sends them. */
async function timeRaw(url: string, at: number, instant: string[], ranges: string[]): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await Promise.all([
      ...instant.map((q) =>
        fetch(`${url}/api/v1/query?${new URLSearchParams({ query: q, time: String(at / 1000) })}`).then((r) =>
          r.json(),
        ),
      ),
      ...ranges.map((q) =>
        fetch(
          `${url}/api/v1/query_range?${new URLSearchParams({ query: q, start: String(at / 1000 - 29 * SPARK_STEP), end: String(at / 1000), step: String(SPARK_STEP) })}`,
        ).then((r) => r.json()),
      ),
    ]);
    samples.push(performance.now() - t);
  }
  return samples;
}

async function benchSize(services: number, dataDir: string, port: number) {
  const prometheusUrl = `http://127.0.0.1:${port}`;
  const prom = spawn(
    "prometheus",
    [
      `--storage.tsdb.path=${dataDir}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--storage.tsdb.retention.time=3650d",
      "--config.file=/dev/null",
      "--log.level=error",
    ],
    { stdio: "ignore", detached: true },
  );
  const appData = mkdtempSync(path.join(tmpdir(), "opsdeck-bench-app-"));
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  try {
    await waitFor(`${prometheusUrl}/-/ready`);
    const end = dataEnd(dataDir);
    const profile = {
      service: "service",
      ...PRESETS.otel,
      errorMatcher: matcher(PRESETS.otel.status, "=~", "5.."),
    };
    const recorded = overviewQueries(profile, true);
    const instant = (q: OverviewQueries) => [
      q.requestRate,
      q.errorRatio,
      q.latency,
      q.targets,
      q.errorRatio1h,
      q.budget(28),
    ];
    const ranges = (q: OverviewQueries) => [q.requestRate, q.errorRatio];
    app = await startApp(port + 1, appData, { PROMETHEUS_URL: prometheusUrl });
    const { cookie } = app;
    const fromIso = new Date(end - 3_600_000).toISOString();
    const call = (to: number, endpoint: string) =>
      fetch(`${app!.app}/api/${endpoint}?from=${fromIso}&to=${new Date(to).toISOString()}&refresh=300`, {
        headers: { cookie },
      }).then(async (r) => {
        if (!r.ok) throw new Error(`${endpoint}: HTTP ${r.status}`);
        return r.json() as Promise<{
          services: unknown[] | Record<string, unknown>;
          sources?: { prometheus: { state: string } };
        }>;
      });

    // Upstream queries of one Overview (numbers and sparklines), counted by Prometheus itself.
    const before = await promQueries(prometheusUrl);
    const overview = await call(end, "overview");
    await call(end, "overview/sparklines");
    const perOverview = (await promQueries(prometheusUrl)) - before;

    // The app for the same data, with a distinct `to` per request (by a millisecond) to defeat its cache.
    const timeApp = async (endpoint: string, offset: number) => {
      const samples: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        await call(end - offset - i, endpoint);
        samples.push(performance.now() - t);
      }
      return samples;
    };
    // Warm both paths (Prometheus's caches, the app's JIT) before measuring either.
    await timeRaw(prometheusUrl, end, instant(recorded), ranges(recorded));
    await timeApp("overview", 100_000);
    await timeApp("overview/sparklines", 100_000);

    const raw = await timeRaw(prometheusUrl, end, instant(recorded), []);
    const viaApp = await timeApp("overview", 10_000);
    const rawSpark = await timeRaw(prometheusUrl, end, [], ranges(recorded));
    const appSpark = await timeApp("overview/sparklines", 10_000);
    const noRules = await timeRaw(
      prometheusUrl,
      end,
      instant(overviewQueries(profile, false)).slice(0, 3),
      [],
    );

    // 100 viewers of the same view (numbers and sparklines) in one refresh interval.
    const beforeBurst = await promQueries(prometheusUrl);
    await Promise.all(
      Array.from({ length: 100 }, (_, i) => call(end - 500, i % 2 ? "overview" : "overview/sparklines")),
    );
    const burst = (await promQueries(prometheusUrl)) - beforeBurst;

    return {
      services,
      listed: (overview.services as unknown[]).length,
      state: overview.sources?.prometheus.state,
      perOverview,
      burst,
      raw: stats(raw),
      app: stats(viaApp),
      rawSpark: stats(rawSpark),
      appSpark: stats(appSpark),
      noRules: stats(noRules),
    };
  } finally {
    if (app) await stop(app.child);
    await stop(prom);
    rmSync(appData, { recursive: true, force: true });
  }
}

async function main() {
  if (!existsSync(values["data-10"]!)) {
    say("backfilling 10 services (a few seconds)");
    spawnSync(
      TSX,
      [
        "stack/backfill.ts",
        "--services",
        "10",
        "--days",
        "1",
        "--rules-hours",
        "1",
        "--out",
        values["data-10"]!,
      ],
      { cwd: ROOT, stdio: "inherit" },
    );
  }
  if (!existsSync(values["data-500"]!))
    throw new Error(
      `no data for 500 services in ${values["data-500"]}: run npm run stack:backfill -- --rules-hours 1`,
    );
  const results = [
    await benchSize(10, values["data-10"]!, 19_310),
    await benchSize(500, values["data-500"]!, 19_320),
  ];

  const ms = (v: number) => `${v.toFixed(1)} ms`.padStart(10);
  const ratio = (app: number, raw: number) =>
    `${app >= raw ? "+" : ""}${((app / raw - 1) * 100).toFixed(0)}%`.padStart(9);
  console.log(`\nOverview benchmark, ${RUNS} runs each (Prometheus 2.42, recording rules unless noted)\n`);
  console.log(
    `${"services".padEnd(9)}${"listed".padStart(7)}${"raw p50".padStart(11)}${"raw p95".padStart(11)}${"app p50".padStart(11)}${"app p95".padStart(11)}${"app-raw".padStart(9)}${"no-rules p95".padStart(14)}${"queries".padStart(9)}${"100 viewers".padStart(13)}`,
  );
  for (const r of results) {
    console.log(
      `${String(r.services).padEnd(9)}${String(r.listed).padStart(7)} ${ms(r.raw.p50)} ${ms(r.raw.p95)} ${ms(r.app.p50)} ${ms(r.app.p95)}${ratio(r.app.p95, r.raw.p95)}${ms(r.noRules.p95).padStart(14)}${String(r.perOverview).padStart(9)}${String(r.burst).padStart(13)}`,
    );
  }
  console.log(
    `\n${"sparklines".padEnd(16)}${"raw p50".padStart(11)}${"raw p95".padStart(11)}${"app p50".padStart(11)}${"app p95".padStart(11)}${"app-raw".padStart(9)}`,
  );
  for (const r of results) {
    console.log(
      `${`${r.services} services`.padEnd(16)} ${ms(r.rawSpark.p50)} ${ms(r.rawSpark.p95)} ${ms(r.appSpark.p50)} ${ms(r.appSpark.p95)}${ratio(r.appSpark.p95, r.rawSpark.p95)}`,
    );
  }
  console.log(
    "\nraw: the Overview's 6 instant queries sent straight to Prometheus in parallel; app: GET /api/overview, cache bypassed.",
  );
  console.log(
    "sparklines: its 2 range queries (30 points) straight to Prometheus, beside GET /api/overview/sparklines.",
  );
  console.log("no-rules: the rate, error-ratio and latency queries without the recording rules.");
  console.log(
    "queries: Prometheus queries per Overview with its sparklines. 100 viewers: Prometheus queries that 100",
  );
  console.log("concurrent viewers of the same view cause in one refresh interval.");
}

await main();
