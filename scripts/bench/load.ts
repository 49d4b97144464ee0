// Benchmark: the console under load and under faults, against the real upstream stack.
//   npm run bench:load -- [--users 200] [--seconds 60] [--runs one,two,prometheus,jaeger,postgres,...]
//                         [--budget-ms 2000] [--app-dir <checkout>] [--json <file>] [--cpu-prof <dir>]
// Starts the stack (Prometheus, Alertmanager, Jaeger, the demo fleet and its load generator; no
// Kubernetes, which no route of the mix reads), one PostgreSQL owned by the benchmark (so that it can
// restart it), and app instances on the production build with `npm start`'s launcher. Then:
//   one, two    a closed loop of `--users` signed-in viewers (each its own session) for `--seconds`, each
//               asking the next route of the mix as soon as the previous answered: the Overview, its
//               sparklines, alerts, incidents, a service page, trace search. On one instance, then on two
//               sharing the database (users split between them, as a sticky load balancer would). Reports
//               requests/s, errors by status, p50/p95/p99 per route, then upstream calls per route, from
//               a shorter phase per route alone (the app's own upstream metrics).
//   prometheus  the same load while Prometheus is paused (SIGSTOP) for 30 s: time to first answer and
//   jaeger      latency of the routes that read it, stale answers, calls refused by the open breaker,
//               log lines written; the same for Jaeger.
//   prometheus-two, jaeger-two   the same on two instances sharing the database (users split).
//   postgres    20 responders writing 1,000 notes to one incident while PostgreSQL is restarted twice,
//               with an event stream on that incident opened before: writes acknowledged and lost,
//               answers by status, and the gaps in live updates; then the audit chain is verified.
//   embedded    `npm start` with its own embedded PostgreSQL, killed (SIGKILL): time until the app is
//               ready again.
// `--app-dir` runs another checkout's app (its own build), to measure a base commit on the same stack.
// `--cpu-prof` has the app instances write V8 CPU profiles into a directory when they stop (open them in
// Chrome DevTools, or summarise with `node scripts/bench/cpu-profile.ts <file>`).
// Prints what else used the machine's CPU during each run.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { startEmbeddedPostgres, type EmbeddedServer } from "../../lib/db/embedded";
import { Stack } from "../../stack/stack";
import { freePort } from "../../tests/support/ports";
import { ROOT, say, signIn, stop, waitFor } from "./support";

const { values } = parseArgs({
  options: {
    users: { type: "string", default: "200" },
    seconds: { type: "string", default: "60" },
    "route-seconds": { type: "string", default: "20" },
    "warmup-seconds": { type: "string", default: "60" },
    runs: { type: "string", default: "one,two,prometheus,jaeger,postgres,embedded" },
    "budget-ms": { type: "string", default: "2000" },
    "app-dir": { type: "string", default: ROOT },
    "cpu-prof": { type: "string" },
    json: { type: "string" },
  },
});
const USERS = Number(values.users);
const SECONDS = Number(values.seconds);
const ROUTE_SECONDS = Number(values["route-seconds"]);
const RUNS = new Set(values.runs!.split(","));
const BUDGET_MS = Number(values["budget-ms"]);
const APP_DIR = path.resolve(values["app-dir"]!);
const WORK = path.join(ROOT, ".data", "bench-load");
const RUN_ID = randomBytes(3).toString("hex");
const PASSWORD = "bench password long enough";

const ROUTES = {
  overview: "/api/overview?from=now-1h&to=now&refresh=10",
  sparklines: "/api/overview/sparklines?from=now-1h&to=now&refresh=10",
  alerts: "/api/alerts?silenced=false&inhibited=false",
  incidents: "/api/incidents?status=open",
  service: "/api/services/checkout?from=now-1h&to=now&refresh=10",
  traces: "/api/traces?service=checkout&from=now-15m&to=now&limit=20",
} as const;
type RouteName = keyof typeof ROUTES;
const ROUTE_NAMES = Object.keys(ROUTES) as RouteName[];
/** Which routes read which upstream, for the fault runs. */
const READS: Record<"prometheus" | "jaeger", RouteName[]> = {
  prometheus: ["overview", "sparklines", "service"],
  jaeger: ["traces"],
};

const report: Record<string, unknown> = { runId: RUN_ID, appDir: APP_DIR, users: USERS, seconds: SECONDS };

// ---------------------------------------------------------------------------------------------------
// CPU accounting: the machine, and the process trees of what this benchmark started.

const TICK_MS = 10; // USER_HZ = 100 on Linux

function processTable(): Map<number, { ppid: number; ticks: number; comm: string }> {
  const table = new Map<number, { ppid: number; ticks: number; comm: string }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      const comm = stat.slice(stat.indexOf("(") + 1, close);
      const fields = stat.slice(close + 2).split(" ");
      table.set(Number(entry), {
        ppid: Number(fields[1]),
        ticks: Number(fields[11]) + Number(fields[12]),
        comm,
      });
    } catch {
      // exited meanwhile
    }
  }
  return table;
}

function treeTicks(table: ReturnType<typeof processTable>, roots: number[]): number {
  const children = new Map<number, number[]>();
  for (const [pid, p] of table) children.set(p.ppid, [...(children.get(p.ppid) ?? []), pid]);
  let sum = 0;
  const seen = new Set<number>();
  const walk = (pid: number) => {
    if (seen.has(pid)) return;
    seen.add(pid);
    sum += table.get(pid)?.ticks ?? 0;
    for (const c of children.get(pid) ?? []) walk(c);
  };
  roots.forEach(walk);
  return sum;
}

function machineTicks(): { busy: number; total: number } {
  const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0]!.split(/\s+/).slice(1).map(Number);
  const total = cpu.reduce((a, b) => a + b, 0);
  return { busy: total - cpu[3]! - cpu[4]!, total };
}

type CpuWatch = { stop: () => Record<string, unknown> };

/** CPU seconds used during a run: the app instances, PostgreSQL, this benchmark and its stack, the rest. */
function watchCpu(apps: App[], postgresPid: () => number | undefined): CpuWatch {
  const startMachine = machineTicks();
  const t0 = performance.now();
  const table0 = processTable();
  const app0 = treeTicks(
    table0,
    apps.map((a) => a.child.pid!),
  );
  const pg0 = treeTicks(table0, [postgresPid() ?? -1]);
  const ours0 = treeTicks(table0, [process.pid]);
  const load0 = loadavg()[0]!;
  return {
    stop() {
      const seconds = (performance.now() - t0) / 1000;
      const table = processTable();
      const machine = machineTicks();
      const busy = ((machine.busy - startMachine.busy) * TICK_MS) / 1000;
      const app =
        ((treeTicks(
          table,
          apps.map((a) => a.child.pid!),
        ) -
          app0) *
          TICK_MS) /
        1000;
      const postgres = ((treeTicks(table, [postgresPid() ?? -1]) - pg0) * TICK_MS) / 1000;
      const ours = ((treeTicks(table, [process.pid]) - ours0) * TICK_MS) / 1000;
      // Everything this benchmark started is below it (the stack, PostgreSQL, the app instances).
      const others = Math.max(0, busy - ours);
      const top = [...table.entries()]
        .filter(([pid]) => !isBelow(table, pid, process.pid))
        .map(([pid, p]) => ({ pid, comm: p.comm, ticks: p.ticks - (table0.get(pid)?.ticks ?? 0) }))
        .filter((p) => p.ticks > 50)
        .sort((a, b) => b.ticks - a.ticks)
        .slice(0, 5)
        .map((p) => `${p.comm}(${p.pid}) ${((p.ticks * TICK_MS) / 1000).toFixed(1)}s`);
      return {
        wallSeconds: round(seconds, 1),
        cores: round(busy / seconds, 2),
        appCpuSeconds: round(app, 1),
        postgresCpuSeconds: round(postgres, 1),
        benchAndStackCpuSeconds: round(ours - app - postgres, 1),
        otherCpuSeconds: round(others, 1),
        otherTop: top,
        loadAverage1m: [round(load0, 2), round(loadavg()[0]!, 2)],
      };
    },
  };
}

function isBelow(table: ReturnType<typeof processTable>, pid: number, ancestor: number): boolean {
  for (let p = pid, depth = 0; p > 1 && depth < 64; p = table.get(p)?.ppid ?? 0, depth++)
    if (p === ancestor) return true;
  return false;
}

const round = (x: number, digits = 0) => Number(x.toFixed(digits));

// ---------------------------------------------------------------------------------------------------
// The pieces: PostgreSQL, app instances, users.

let database: EmbeddedServer;
const PG_DIR = path.join(WORK, "postgres");
let pgPort: number;

async function startDatabase() {
  database = await startEmbeddedPostgres({ dataDir: PG_DIR, port: pgPort });
}

/** The postmaster's pid: the first line of postmaster.pid in the cluster's folder. */
function postmasterPid(): number | undefined {
  try {
    return Number(readFileSync(path.join(database.dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  } catch {
    return undefined;
  }
}

type App = { url: string; child: ChildProcess; log: string };

async function startInstance(
  port: number,
  upstreams: Record<string, string>,
  database_: Record<string, string> = {
    DATABASE_URL: database.appUrl,
    DATABASE_MIGRATION_URL: database.url,
    OPSDECK_DATA_DIR: path.join(WORK, "app-data"),
  },
): Promise<App> {
  const url = `http://localhost:${port}`;
  const log = path.join(WORK, `app-${port}.log`);
  const fd = openSync(log, "a");
  const child = spawn(path.join(APP_DIR, "node_modules", ".bin", "tsx"), ["scripts/opsdeck.ts", "start"], {
    cwd: APP_DIR,
    env: {
      ...process.env,
      ...upstreams,
      PORT: String(port),
      NEXTAUTH_URL: url,
      ...database_,
      UPSTREAM_BUDGET_MS: String(BUDGET_MS),
      ...(values["cpu-prof"] && {
        OPSDECK_NODE_FLAGS: `--cpu-prof --cpu-prof-dir=${path.resolve(values["cpu-prof"])}`,
      }),
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", fd, fd],
    detached: true,
  });
  closeSync(fd);
  await waitFor(`${url}/api/readyz`, 600_000);
  return { url, child, log };
}

function cli(args: string[], input?: string) {
  const result = spawnSync(
    path.join(APP_DIR, "node_modules", ".bin", "tsx"),
    ["scripts/opsdeck.ts", ...args],
    {
      cwd: APP_DIR,
      env: {
        ...process.env,
        OPSDECK_DATA_DIR: path.join(WORK, "app-data"),
        DATABASE_URL: database.appUrl,
        DATABASE_MIGRATION_URL: database.url,
        LOG_LEVEL: "warn",
      },
      input,
      encoding: "utf8",
    },
  );
  if (result.status !== 0 && result.status !== 2)
    throw new Error(`opsdeck ${args[0]} failed: ${result.stderr}`);
  return result.stderr.trim();
}

/** `count` sessions of one account, signed in a few at a time (each sign-in hashes a password). */
async function sessions(app: App, email: string, count: number): Promise<string[]> {
  const cookies: string[] = [];
  for (let i = 0; i < count; i += 4)
    cookies.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(4, count - i) }, () => signIn(app.url, email, PASSWORD)),
      )),
    );
  return cookies;
}

async function api(app: App, cookie: string, method: string, route: string, body?: unknown) {
  const response = await fetch(`${app.url}${route}`, {
    method,
    headers: {
      cookie,
      origin: new URL(app.url).origin,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------------
// Load.

type Sample = {
  route: RouteName;
  user: number;
  start: number;
  end: number;
  status: number;
  /** The state of the upstream source that the fault run watches, when asked for. */
  source?: string;
  sourceAge?: number;
};

const percentile = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

/** The state and age of the part of an answer that `upstream` supplies. */
function sourceOf(route: RouteName, upstream: "prometheus" | "jaeger", body: unknown) {
  const b = body as {
    sources?: Record<string, { state: string; asOf?: string }>;
    source?: { state: string; asOf?: string };
  };
  const source = route === "sparklines" || upstream === "jaeger" ? b.source : b.sources?.[upstream];
  if (!source) return { source: "no source in answer" };
  return {
    source: source.state,
    sourceAge: source.asOf ? (Date.now() - Date.parse(source.asOf)) / 1000 : undefined,
  };
}

async function runLoad(options: {
  apps: App[];
  cookies: string[];
  seconds: number;
  routes: RouteName[];
  watch?: "prometheus" | "jaeger";
  during?: (elapsedMs: () => number) => Promise<void>;
}): Promise<{ samples: Sample[]; started: number; ended: number }> {
  const samples: Sample[] = [];
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const user = async (i: number) => {
    const app = options.apps[i % options.apps.length]!;
    const cookie = options.cookies[i]!;
    for (let n = i; performance.now() < deadline; n++) {
      const route = options.routes[n % options.routes.length]!;
      const start = performance.now();
      let status = 0;
      let extra: Partial<Sample> = {};
      try {
        const response = await fetch(`${app.url}${ROUTES[route]}`, {
          headers: { cookie },
          signal: AbortSignal.timeout(120_000),
        });
        status = response.status;
        const text = await response.text();
        if (options.watch && READS[options.watch].includes(route) && status === 200)
          extra = sourceOf(route, options.watch, JSON.parse(text));
      } catch {
        status = 0; // no answer (connection failed or 120 s passed)
      }
      samples.push({
        route,
        user: i,
        start: start - started,
        end: performance.now() - started,
        status,
        ...extra,
      });
    }
  };
  await Promise.all([
    ...options.cookies.map((_, i) => user(i)),
    options.during?.(() => performance.now() - started) ?? Promise.resolve(),
  ]);
  return { samples, started, ended: performance.now() };
}

function summarize(samples: Sample[], seconds: number) {
  const byStatus: Record<string, number> = {};
  for (const s of samples) byStatus[s.status] = (byStatus[s.status] ?? 0) + 1;
  const routes: Record<string, unknown> = {};
  for (const route of ROUTE_NAMES) {
    const ms = samples.filter((s) => s.route === route).map((s) => s.end - s.start);
    if (!ms.length) continue;
    routes[route] = {
      requests: ms.length,
      p50: round(percentile(ms, 50)),
      p95: round(percentile(ms, 95)),
      p99: round(percentile(ms, 99)),
    };
  }
  return {
    requests: samples.length,
    requestsPerSecond: round(samples.length / seconds, 1),
    statuses: byStatus,
    errors: samples.filter((s) => s.status !== 200).length,
    routes,
  };
}

// ---------------------------------------------------------------------------------------------------
// The app's own metrics: upstream calls, refusals by an open breaker.

async function scrape(apps: App[]): Promise<Map<string, number>> {
  const totals = new Map<string, number>();
  for (const app of apps) {
    const text = await (await fetch(`${app.url}/api/metrics`)).text();
    for (const line of text.split("\n")) {
      const m =
        /^(opsdeck_upstream_(?:request_duration_seconds_count|errors_total|refused_total))\{([^}]*)\} (\S+)$/.exec(
          line,
        );
      if (!m) continue;
      const labels = Object.fromEntries([...m[2]!.matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
      const key =
        m[1] === "opsdeck_upstream_request_duration_seconds_count"
          ? `calls:${labels.upstream}`
          : m[1] === "opsdeck_upstream_refused_total"
            ? `refused:${labels.upstream}`
            : `errors:${labels.upstream}:${labels.kind}`;
      totals.set(key, (totals.get(key) ?? 0) + Number(m[3]));
    }
  }
  return totals;
}

function delta(after: Map<string, number>, before: Map<string, number>, prefix: string) {
  const out: Record<string, number> = {};
  for (const [key, value] of after) {
    if (!key.startsWith(prefix)) continue;
    const d = value - (before.get(key) ?? 0);
    if (d) out[key.slice(prefix.length)] = d;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Runs.

async function loadRun(name: string, apps: App[], cookies: string[]) {
  say(`${name}: ${cookies.length} users on ${apps.length} instance(s) for ${SECONDS} s`);
  const cpu = watchCpu(apps, postmasterPid);
  const before = await scrape(apps);
  const { samples, started, ended } = await runLoad({ apps, cookies, seconds: SECONDS, routes: ROUTE_NAMES });
  const after = await scrape(apps);
  const result: Record<string, unknown> = {
    ...summarize(samples, (ended - started) / 1000),
    upstreamCallsInRun: delta(after, before, "calls:"),
    cpu: cpu.stop(),
  };
  const perRoute: Record<string, unknown> = {};
  for (const route of ROUTE_NAMES) {
    const b = await scrape(apps);
    const r = await runLoad({ apps, cookies, seconds: ROUTE_SECONDS, routes: [route] });
    const a = await scrape(apps);
    perRoute[route] = {
      requests: r.samples.length,
      upstreamCalls: delta(a, b, "calls:"),
      errors: r.samples.filter((s) => s.status !== 200).length,
    };
  }
  result.upstreamCallsPerRoute = { seconds: ROUTE_SECONDS, ...perRoute };
  report[name] = result;
  say(`${name}: ${JSON.stringify(result, null, 1)}`);
}

const lines = (file: string) => readFileSync(file, "utf8").split("\n");

async function hungRun(
  component: "prometheus" | "jaeger",
  stack: Stack,
  apps: App[],
  cookies: string[],
  name = `${component}-hung`,
) {
  const pauseAt = 10_000;
  const pausedFor = 30_000;
  const total = 50;
  say(
    `${name}: ${cookies.length} users on ${apps.length} instance(s) for ${total} s, ${component} paused from 10 s to 40 s`,
  );
  const logStart = apps.map((a) => lines(a.log).length);
  const before = await scrape(apps);
  const cpu = watchCpu(apps, postmasterPid);
  let pausedAt = 0;
  let resumedAt = 0;
  const { samples } = await runLoad({
    apps,
    cookies,
    seconds: total,
    routes: ROUTE_NAMES,
    watch: component,
    during: async (elapsed) => {
      await new Promise((r) => setTimeout(r, pauseAt));
      stack.pauseComponent(component);
      pausedAt = elapsed();
      await new Promise((r) => setTimeout(r, pausedFor));
      stack.resumeComponent(component);
      resumedAt = elapsed();
    },
  });
  const after = await scrape(apps);
  const logLines = apps.flatMap((a, i) => lines(a.log).slice(logStart[i]));
  const affected = samples.filter((s) => READS[component].includes(s.route));
  // Requests asked while the upstream was paused (and answered, or not, afterwards).
  const during = affected.filter((s) => s.start >= pausedAt && s.start < resumedAt);
  const ms = during.map((s) => s.end - s.start);
  // Each user's first request to a route reading the paused upstream, asked after the pause began: how
  // long it waited for its answer, and when that came counted from the pause (which adds the time the
  // user spent on other routes before asking).
  const firsts = cookies
    .map((_, user) => during.find((s) => s.user === user))
    .filter((s): s is Sample => !!s);
  const firstAnswer = firsts.map((s) => s.end - s.start);
  const firstAfterPause = firsts.map((s) => s.end - pausedAt);
  const states: Record<string, number> = {};
  for (const s of during)
    states[s.source ?? `HTTP ${s.status}`] = (states[s.source ?? `HTTP ${s.status}`] ?? 0) + 1;
  const ages = during.filter((s) => s.sourceAge !== undefined).map((s) => s.sourceAge!);
  const others = samples.filter(
    (s) => !READS[component].includes(s.route) && s.start >= pausedAt && s.start < resumedAt,
  );
  const result = {
    routes: READS[component],
    budgetMs: BUDGET_MS,
    requestsWhilePaused: during.length,
    statuses: Object.fromEntries(
      [...new Set(during.map((s) => s.status))].map((st) => [
        st,
        during.filter((s) => s.status === st).length,
      ]),
    ),
    latencyWhilePausedMs: {
      p50: round(percentile(ms, 50)),
      p95: round(percentile(ms, 95)),
      p99: round(percentile(ms, 99)),
      max: round(Math.max(...ms)),
    },
    overBudget: ms.filter((x) => x > BUDGET_MS).length,
    timeToFirstAnswerMs: {
      users: firstAnswer.length,
      p50: round(percentile(firstAnswer, 50)),
      max: round(Math.max(...firstAnswer)),
      overBudget: firstAnswer.filter((x) => x > BUDGET_MS).length,
    },
    firstAnswerAfterPauseMs: {
      p50: round(percentile(firstAfterPause, 50)),
      max: round(Math.max(...firstAfterPause)),
    },
    sourceStates: states,
    staleAgeSeconds: ages.length ? { min: round(Math.min(...ages)), max: round(Math.max(...ages)) } : null,
    otherRoutesWhilePausedMs: {
      requests: others.length,
      p95: round(
        percentile(
          others.map((s) => s.end - s.start),
          95,
        ),
      ),
      errors: others.filter((s) => s.status !== 200).length,
    },
    upstreamCalls: (after.get(`calls:${component}`) ?? 0) - (before.get(`calls:${component}`) ?? 0),
    upstreamErrors: delta(after, before, `errors:${component}:`),
    refusedByOpenBreaker:
      (after.get(`refused:${component}`) ?? 0) - (before.get(`refused:${component}`) ?? 0),
    logLines: logLines.filter(Boolean).length,
    logLinesWithStack: logLines.filter((l) => l.includes('"stack"')).length,
    cpu: cpu.stop(),
  };
  report[name] = result;
  say(`${name}: ${JSON.stringify(result, null, 1)}`);
  // Let the caches refill before the next run.
  await new Promise((r) => setTimeout(r, 15_000));
}

/** A browser's EventSource, as far as the benchmark needs: events with times, reconnects after `retry`. */
function eventStream(app: App, cookie: string, route: string) {
  const events: { event: string; at: number }[] = [];
  let stopped = false;
  const controller = new AbortController();
  const connections: number[] = [];
  void (async () => {
    let retry = 2_000;
    while (!stopped) {
      try {
        const response = await fetch(`${app.url}${route}`, {
          headers: { cookie },
          signal: controller.signal,
        });
        if (response.ok && response.body) {
          connections.push(Date.now());
          let buffer = "";
          const decoder = new TextDecoder();
          const reader = response.body.getReader();
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer += decoder.decode(value, { stream: true });
            let end: number;
            while ((end = buffer.indexOf("\n\n")) >= 0) {
              const block = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              const event = /^event: (.+)$/m.exec(block)?.[1];
              const retryLine = /^retry: (\d+)$/m.exec(block)?.[1];
              if (retryLine) retry = Number(retryLine);
              if (event) events.push({ event, at: Date.now() });
              if (event === "ended") stopped = true;
            }
          }
        }
      } catch {
        // dropped: reconnect, as a browser does
      }
      if (!stopped) await new Promise((r) => setTimeout(r, retry));
    }
  })();
  return {
    events,
    connections,
    close() {
      stopped = true;
      controller.abort();
    },
  };
}

async function postgresRun(app: App, responders: string[], viewer: string) {
  const NOTES_EACH = 50;
  const PACE_MS = 500;
  say(`postgres restarted: ${responders.length} responders writing ${responders.length * NOTES_EACH} notes`);
  const { incident } = (await api(app, responders[0]!, "POST", "/api/incidents", {
    title: `Bench live incident ${RUN_ID}`,
    severity: "SEV3",
  })) as { incident: { number: number } };
  const ref = String(incident.number);
  const stream = eventStream(app, viewer, `/api/incidents/${ref}/events`);
  await new Promise((r) => setTimeout(r, 1_000));
  const logStart = lines(app.log).length;
  const cpu = watchCpu([app], postmasterPid);
  const t0 = Date.now();
  const statuses: Record<string, number> = {};
  const acked: { body: string; at: number }[] = [];
  const restarts: { down: number; up: number }[] = [];
  let writing = true;

  const writer = async (r: number) => {
    for (let n = 0; n < NOTES_EACH; n++) {
      const body = `bench-${RUN_ID} r${r} n${n}`;
      for (;;) {
        let status = 0;
        try {
          const response = await fetch(`${app.url}/api/incidents/${ref}/notes`, {
            method: "POST",
            headers: {
              cookie: responders[r]!,
              origin: new URL(app.url).origin,
              "content-type": "application/json",
            },
            body: JSON.stringify({ body }),
            signal: AbortSignal.timeout(60_000),
          });
          status = response.status;
          await response.text();
        } catch {
          status = 0;
        }
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status === 201) {
          acked.push({ body, at: Date.now() });
          break;
        }
        await new Promise((res) => setTimeout(res, 500)); // a refused write is tried again, as a person would
      }
      await new Promise((res) => setTimeout(res, PACE_MS));
    }
  };
  const restarter = async () => {
    for (const at of [5_000, 17_000]) {
      await new Promise((r) => setTimeout(r, t0 + at - Date.now()));
      if (!writing) return;
      const down = Date.now();
      await database.stop();
      await new Promise((r) => setTimeout(r, 3_000));
      await startDatabase();
      restarts.push({ down: down - t0, up: Date.now() - t0 });
      say(`postgres restarted (down ${((Date.now() - down) / 1000).toFixed(1)} s)`);
    }
  };
  await Promise.all([
    Promise.all(responders.map((_, r) => writer(r))).finally(() => (writing = false)),
    restarter(),
  ]);
  const lastAck = Math.max(...acked.map((a) => a.at));
  await new Promise((r) => setTimeout(r, 3_000));
  stream.close();

  const admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
  const stored = await admin.query<{ body: string; n: string }>(
    "select body, count(*) as n from incident_timeline where body like $1 group by body",
    [`bench-${RUN_ID} %`],
  );
  await admin.end();
  const present = new Set(stored.rows.map((r) => r.body));
  const lost = acked.filter((a) => !present.has(a.body)).length;
  const duplicates = stored.rows.reduce((n, r) => n + Number(r.n) - 1, 0);

  const changed = stream.events.filter((e) => e.event === "changed" || e.event === "resync");
  const gaps = restarts.map(({ up }, i) => {
    const firstAfter = changed.find((e) => e.at - t0 >= up);
    const ackedAfter = acked.filter((a) => a.at - t0 >= up).length;
    return {
      restart: i + 1,
      downAtS: round(restarts[i]!.down / 1000, 1),
      upAtS: round(up / 1000, 1),
      firstLiveEventAfterUpS: firstAfter ? round((firstAfter.at - t0 - up) / 1000, 1) : null,
      notesAcknowledgedAfterUp: ackedAfter,
      firstAcknowledgedAfterUpS: (() => {
        const first = acked.find((a) => a.at - t0 >= up);
        return first ? round((first.at - t0 - up) / 1000, 1) : null;
      })(),
    };
  });
  const logLines = lines(app.log).slice(logStart).filter(Boolean);
  const verify = cli(["audit:verify"]);
  const result = {
    notes: responders.length * NOTES_EACH,
    acknowledged: acked.length,
    lostAcknowledged: lost,
    duplicates,
    answers: statuses,
    restarts: gaps,
    stream: {
      connections: stream.connections.length,
      events: Object.fromEntries(
        [...new Set(stream.events.map((e) => e.event))].map((e) => [
          e,
          stream.events.filter((x) => x.event === e).length,
        ]),
      ),
      lastEventBeforeEndS: changed.length ? round((lastAck - changed.at(-1)!.at) / 1000, 1) : null,
    },
    logLines: logLines.length,
    logLinesWithStack: logLines.filter((l) => l.includes('"stack"')).length,
    auditVerify: verify.split("\n").find((l) => /audit log/.test(l)) ?? verify,
    cpu: cpu.stop(),
  };
  report["postgres-restarted"] = result;
  say(`postgres restarted: ${JSON.stringify(result, null, 1)}`);
}

/** The process listening on a loopback port (the postmaster of a PostgreSQL), from `ss`. */
function listener(port: number): number | undefined {
  const out = spawnSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" }).stdout ?? "";
  const pid = /pid=(\d+)/.exec(out)?.[1];
  return pid ? Number(pid) : undefined;
}

async function embeddedRun(upstreams: Record<string, string>) {
  const pgPort_ = await freePort();
  say("embedded: an instance with its own embedded PostgreSQL, which is then killed");
  const app = await startInstance(await freePort(), upstreams, {
    OPSDECK_DATA_DIR: path.join(WORK, "embedded-data"),
    EMBEDDED_PG_PORT: String(pgPort_),
    DATABASE_URL: "",
    DATABASE_MIGRATION_URL: "",
  });
  try {
    const pid = listener(pgPort_);
    if (!pid) throw new Error(`nothing listens on ${pgPort_}`);
    const logStart = lines(app.log).length;
    process.kill(pid, "SIGKILL");
    const killed = Date.now();
    let down = false;
    let readyAfterMs: number | null = null;
    while (Date.now() - killed < 90_000) {
      const ok = await fetch(`${app.url}/api/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (!ok) down = true;
      else if (down) {
        readyAfterMs = Date.now() - killed;
        break;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    const result = {
      readyAgainAfterS: readyAfterMs === null ? "not within 90 s" : round(readyAfterMs / 1000, 1),
      launcherSaid: lines(app.log)
        .slice(logStart)
        .filter((l) => l.startsWith("opsdeck:")),
    };
    report["embedded-killed"] = result;
    say(`embedded: ${JSON.stringify(result, null, 1)}`);
  } finally {
    await stop(app.child);
  }
}

// ---------------------------------------------------------------------------------------------------

async function main() {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const buildId = path.join(APP_DIR, ".next", "BUILD_ID");
  report.build = { appDir: APP_DIR, builtAt: statSync(buildId).mtime.toISOString() };
  say("starting the stack (no Kubernetes)");
  const stack = await Stack.start({ dir: path.join(WORK, "stack"), kubernetes: false, log: say });
  // A service failing, so that alerts fire and the Overview has something to rank.
  await stack.setFaults("payments", { errorRate: 0.2 });
  pgPort = await freePort();
  await startDatabase();
  const apps: App[] = [];
  const children: ChildProcess[] = [];
  const cleanup = async () => {
    for (const c of children) await stop(c);
    await database?.stop().catch(() => undefined);
    await stack.stop();
  };
  process.on("SIGINT", () => void cleanup().then(() => process.exit(130)));
  try {
    const upstreams = {
      PROMETHEUS_URL: stack.urls.prometheus,
      ALERTMANAGER_URL: stack.urls.alertmanager,
      JAEGER_URL: stack.urls.jaeger,
      JAEGER_GRPC_ADDRESS: stack.urls.jaegerGrpc,
    };
    say("starting an app instance");
    apps.push(await startInstance(await freePort(), upstreams));
    children.push(apps[0]!.child);
    cli(["user:create", "--email", "viewer@bench.opsdeck", "--role", "viewer", "--password-stdin"], PASSWORD);
    cli(
      ["user:create", "--email", "responder@bench.opsdeck", "--role", "responder", "--password-stdin"],
      PASSWORD,
    );
    say(`signing in ${USERS} viewers and 20 responders`);
    const viewers = await sessions(apps[0]!, "viewer@bench.opsdeck", USERS);
    const responders = await sessions(apps[0]!, "responder@bench.opsdeck", 20);
    for (let i = 0; i < 30; i++)
      await api(apps[0]!, responders[i % responders.length]!, "POST", "/api/incidents", {
        title: `Bench incident ${i}`,
        severity: i % 4 === 0 ? "SEV2" : "SEV3",
        services: ["checkout"],
      });
    say(`waiting ${values["warmup-seconds"]} s for the fleet's alerts and traces`);
    await new Promise((r) => setTimeout(r, Number(values["warmup-seconds"]) * 1000));

    if (RUNS.has("one")) await loadRun("one-instance", apps.slice(0, 1), viewers);
    const second = async () => {
      if (apps.length > 1) return;
      say("starting a second instance on the same database");
      apps.push(await startInstance(await freePort(), upstreams));
      children.push(apps[1]!.child);
    };
    if (RUNS.has("two")) {
      await second();
      await loadRun("two-instances", apps, viewers);
    }
    const one = apps.slice(0, 1);
    if (RUNS.has("prometheus")) await hungRun("prometheus", stack, one, viewers);
    if (RUNS.has("jaeger")) await hungRun("jaeger", stack, one, viewers);
    for (const component of ["prometheus", "jaeger"] as const)
      if (RUNS.has(`${component}-two`)) {
        await second();
        await hungRun(component, stack, apps, viewers, `${component}-hung-two-instances`);
      }
    if (RUNS.has("postgres")) await postgresRun(apps[0]!, responders, viewers[0]!);
    if (RUNS.has("embedded")) await embeddedRun(upstreams);
  } finally {
    if (values.json) writeFileSync(values.json, JSON.stringify(report, null, 2));
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    await cleanup();
  }
}

main().catch((error: unknown) => {
  say(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
