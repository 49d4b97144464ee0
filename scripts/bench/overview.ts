// Benchmark: the Overview at 10 and 500 services, side by side in one run.
//   npm run bench:overview -- [--runs 30] [--data-500 .data/backfill/prometheus]
// For each size: a Prometheus serving backfilled history (npm run stack:backfill, recording rules
// included), then p50/p95 of (a) the Overview's Prometheus queries sent straight to Prometheus, (b) the
// app's /api/overview for the same data with its cache bypassed, (c) the raw queries without recording
// rules; the number of upstream queries per Overview; and the upstream queries that 100 concurrent
// viewers cause in one refresh interval.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { PRESETS } from "../../lib/prometheus/profile";
import { matcher } from "../../lib/prometheus/promql";
import { overviewQueries } from "../../lib/prometheus/queries";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "30" },
    "data-500": { type: "string", default: path.join(ROOT, ".data", "backfill", "prometheus") },
    "data-10": { type: "string", default: path.join(ROOT, ".data", "backfill-10", "prometheus") },
  },
});
const RUNS = Number(values.runs);
const say = (line: string) => process.stderr.write(`bench: ${line}\n`);
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function waitFor(url: string, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} not ready`);
}

function stop(child: ChildProcess) {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      child.kill("SIGTERM");
    }
  });
}

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

async function promCount(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return text
    .split("\n")
    .filter(
      (l) =>
        l.startsWith("prometheus_http_requests_total") && /handler="\/api\/v1\/(query|query_range)"/.test(l),
    )
    .reduce((sum, l) => sum + Number(l.split(" ").pop()), 0);
}

async function timeRaw(
  url: string,
  queries: string[],
  at: number,
  rangeQueries: string[],
): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await Promise.all([
      ...queries.map((q) =>
        fetch(`${url}/api/v1/query?${new URLSearchParams({ query: q, time: String(at / 1000) })}`).then((r) =>
          r.json(),
        ),
      ),
      ...rangeQueries.map((q) =>
        fetch(
          `${url}/api/v1/query_range?${new URLSearchParams({ query: q, start: String(at / 1000 - 3600), end: String(at / 1000), step: "60" })}`,
        ).then((r) => r.json()),
      ),
    ]);
    samples.push(performance.now() - t);
  }
  return samples;
}

async function signIn(app: string, email: string, password: string): Promise<string> {
  const csrfResponse = await fetch(`${app}/api/auth/csrf`);
  const cookie = csrfResponse.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const response = await fetch(`${app}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
    redirect: "manual",
  });
  const session = response.headers.getSetCookie().find((c) => c.startsWith("next-auth.session-token="));
  if (!session) throw new Error("sign-in failed");
  return session.split(";")[0]!;
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
  const appPort = port + 1;
  const app = `http://localhost:${appPort}`;
  let appProcess: ChildProcess | undefined;
  try {
    await waitFor(`${prometheusUrl}/-/ready`);
    const end = dataEnd(dataDir);
    const otel = {
      service: "service",
      ...PRESETS.otel,
      errorMatcher: matcher(PRESETS.otel.status, "=~", "5.."),
    };
    const recorded = overviewQueries(otel, true);
    const raw = overviewQueries(otel, false);
    const instant = (q: typeof recorded) => [
      q.requestRate,
      q.errorRatio,
      q.latency,
      q.targets,
      q.errorRatio1h,
      q.budget(28),
    ];
    const ranges = (q: typeof recorded) => [q.requestRate, q.errorRatio];
    // Warm Prometheus's page cache before measuring either path.
    await timeRaw(prometheusUrl, instant(recorded), end, ranges(recorded));

    const env = {
      ...process.env,
      OPSDECK_DATA_DIR: appData,
      EMBEDDED_PG_PORT: String(port + 2),
      PORT: String(appPort),
      NEXTAUTH_URL: app,
      NEXTAUTH_SECRET: "bench-secret-0123456789-0123456789-abcdef",
      PROMETHEUS_URL: prometheusUrl,
      LOG_LEVEL: "warn",
    };
    appProcess = spawn(path.join(ROOT, "node_modules", ".bin", "tsx"), ["scripts/opsdeck.ts", "start"], {
      cwd: ROOT,
      env,
      stdio: "ignore",
      detached: true,
    });
    await waitFor(`${app}/api/readyz`);
    spawnSync(
      path.join(ROOT, "node_modules", ".bin", "tsx"),
      [
        "scripts/opsdeck.ts",
        "user:create",
        "--email",
        "bench@example.com",
        "--role",
        "viewer",
        "--password-stdin",
      ],
      {
        cwd: ROOT,
        env: {
          ...env,
          DATABASE_URL: `postgresql://postgres:${encodeURIComponent((JSON.parse(readFileSync(path.join(appData, "postgres.json"), "utf8")) as { password: string }).password)}@127.0.0.1:${port + 2}/opsdeck`,
        },
        input: "bench password long enough",
      },
    );
    const cookie = await signIn(app, "bench@example.com", "bench password long enough");
    const fromIso = new Date(end - 3_600_000).toISOString();
    const overviewAt = (to: number) =>
      fetch(`${app}/api/overview?from=${fromIso}&to=${new Date(to).toISOString()}&refresh=300`, {
        headers: { cookie },
      });

    // Upstream queries of one Overview, counted by Prometheus itself.
    const before = await promCount(prometheusUrl);
    const first = await overviewAt(end);
    const body = (await first.json()) as { services: unknown[]; sources: { prometheus: { state: string } } };
    const perOverview = (await promCount(prometheusUrl)) - before;

    // The app's time for the same data: a distinct `to` per request (by a millisecond) defeats its cache.
    for (let i = 0; i < 3; i++) await (await overviewAt(end - 1000 - i)).arrayBuffer();
    const appTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      const response = await overviewAt(end - 10_000 - i);
      await response.arrayBuffer();
      appTimes.push(performance.now() - t);
    }
    const rawTimes = await timeRaw(prometheusUrl, instant(recorded), end, ranges(recorded));
    const noRules = await timeRaw(prometheusUrl, instant(raw).slice(0, 3), end, []);

    // 100 viewers of the same view in one refresh interval.
    const beforeBurst = await promCount(prometheusUrl);
    await Promise.all(Array.from({ length: 100 }, () => overviewAt(end - 500).then((r) => r.arrayBuffer())));
    const burst = (await promCount(prometheusUrl)) - beforeBurst;

    return {
      services,
      listed: body.services.length,
      state: body.sources.prometheus.state,
      perOverview,
      burst,
      raw: { p50: percentile(rawTimes, 50), p95: percentile(rawTimes, 95) },
      app: { p50: percentile(appTimes, 50), p95: percentile(appTimes, 95) },
      noRules: { p50: percentile(noRules, 50), p95: percentile(noRules, 95) },
    };
  } finally {
    if (appProcess) await stop(appProcess);
    await stop(prom);
    rmSync(appData, { recursive: true, force: true });
  }
}

async function main() {
  if (!existsSync(values["data-10"]!)) {
    say("backfilling 10 services (a few seconds)");
    spawnSync(
      path.join(ROOT, "node_modules", ".bin", "tsx"),
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
  console.log(`\nOverview benchmark, ${RUNS} runs each (Prometheus 2.42, recording rules unless noted)\n`);
  console.log(
    `${"services".padEnd(9)} ${"listed".padStart(6)} ${"raw p50".padStart(10)} ${"raw p95".padStart(10)} ${"app p50".padStart(10)} ${"app p95".padStart(10)} ${"app/raw p95".padStart(12)} ${"no-rules p95".padStart(13)} ${"queries".padStart(8)} ${"100 viewers".padStart(12)}`,
  );
  for (const r of results) {
    console.log(
      `${String(r.services).padEnd(9)} ${String(r.listed).padStart(6)} ${ms(r.raw.p50)} ${ms(r.raw.p95)} ${ms(r.app.p50)} ${ms(r.app.p95)} ${`${((r.app.p95 / r.raw.p95 - 1) * 100).toFixed(0)}%`.padStart(12)} ${ms(r.noRules.p95).padStart(13)} ${String(r.perOverview).padStart(8)} ${String(r.burst).padStart(12)}`,
    );
  }
  console.log(
    "\nraw: the Overview's 8 queries sent straight to Prometheus in parallel; app: GET /api/overview (cache bypassed);",
  );
  console.log(
    "no-rules: the rate, error-ratio and latency queries without recording rules; queries: Prometheus queries per Overview;",
  );
  console.log(
    "100 viewers: Prometheus queries caused by 100 concurrent viewers of the same view in one refresh interval.",
  );
}

await main();
