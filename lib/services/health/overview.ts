// The Overview: every service's state now (rate, errors, latency, targets), its SLO (budget left, burn)
// and firing alerts, likely origins first. A fixed number of upstream queries whatever the number of
// services, shared by every viewer of the same range through the cache, and the last good data (with its
// age) when an upstream fails. Where a service's errors come from (its own, or a failing service it
// calls) is read from the trace dependency graph, waited for briefly: without Jaeger the Overview renders
// all the same, without origins. Sparklines are a second request (getOverviewSparklines), so the numbers
// are not held up by the larger range queries.
import { z } from "zod";
import { text } from "@/lib/validation/text";
import { alertmanager, type AlertmanagerClient } from "@/lib/alertmanager/client";
import { env } from "@/lib/config/env";
import { withinBudget } from "@/lib/upstream/budget";
import { logger } from "@/lib/observability/logger";
import { prometheus, type InstantSample, type PrometheusClient } from "@/lib/prometheus/client";
import { metricProfile } from "@/lib/prometheus/profile";
import { overviewQueries, quantileOf } from "@/lib/prometheus/queries";
import { authorize, parseInput, type ServiceContext } from "@/lib/services/context";
import { dependencyGraph } from "@/lib/services/traces";
import { resolveRange } from "@/lib/time/range";
import { SharedResultCache } from "@/lib/upstream/cache";
import { fromUpstream, type SourceState } from "@/lib/upstream/sources";
import { cachedMetaByName, DEFAULT_SLO, type ServiceMetaView } from "./catalog";
import { errorSources, type CallEdge, type ErrorSource } from "./origin";
import {
  classifyNow,
  NOW_THRESHOLDS,
  originFirst,
  sloState,
  type HealthStatus,
  type SloState,
} from "./status";

export type { HealthStatus, SloState } from "./status";
export type { ErrorSource } from "./origin";

export const overviewInput = z.object({
  from: text().max(40).optional(),
  to: text().max(40).optional(),
  /** The viewer's refresh interval in seconds: results are shared for that long. */
  refresh: z.coerce.number().int().min(0).max(3_600).optional(),
});

export type ServiceHealth = {
  name: string;
  /** From "Now" only (requests, errors, latency over `nowWindow`, targets): the row's colour. */
  status: HealthStatus;
  /** Why "Now" is not healthy ("50.0% errors from payments", "1 of 2 targets down"). */
  reasons: string[];
  ownerTeam: string | null;
  tier: string | null;
  requestRate: number | null;
  errorRatio: number | null;
  latency: { p50: number | null; p95: number | null; p99: number | null };
  targets: { up: number; total: number } | null;
  /** Where its errors come from when it is failing and the trace dependency graph is known. */
  errorSource: ErrorSource | null;
  /**
   * The SLO, apart from "Now": the share of the error budget left over the window (below zero: spent,
   * −1.3 is 2.3 budgets used) and the burn rate over the last hour (1 spends the budget in the window).
   */
  slo: {
    objective: number;
    windowDays: number;
    budgetRemaining: number | null;
    burnRate: number | null;
    state: SloState;
  };
  alerts: { firing: number; critical: number } | null;
};

export type Overview = {
  services: ServiceHealth[];
  evaluatedAt: string;
  /** The rate window of "Now" ("1m"). */
  nowWindow: string;
  /** Whether errors could be traced to their origin: the trace dependency graph's state. */
  dependencies: "ok" | "unavailable" | "not_configured";
  sources: { prometheus: SourceState; alertmanager: SourceState };
};

export type OverviewSparklines = {
  start: string;
  stepSeconds: number;
  /** Per service, values at start + i × step (null where there is none), to 4 significant digits. */
  services: Record<string, { requestRate: (number | null)[]; errorRatio: (number | null)[] }>;
  source: SourceState;
};

type PromBatch = {
  evaluatedAt: Date;
  requestRate: InstantSample[];
  errorRatio: InstantSample[];
  latency: InstantSample[];
  targets: InstantSample[];
  errorRatio1h: InstantSample[];
  budgets: Record<number, InstantSample[]>;
};

const SPARKLINE_POINTS = 30;
const cache = new SharedResultCache();

/** Upstream calls of one Overview and its sparklines, for tests and the benchmark. */
export function overviewQueryCount(windows: number) {
  return { prometheus: 5 + windows + 2, alertmanager: 1 };
}

async function loadPrometheus(client: PrometheusClient, evalAt: Date, windows: number[]): Promise<PromBatch> {
  const q = overviewQueries(metricProfile(), env().USE_RECORDING_RULES);
  const [requestRate, errorRatio, latency, targets, errorRatio1h, ...budgetResults] = await Promise.all([
    client.instant(q.requestRate, evalAt),
    client.instant(q.errorRatio, evalAt),
    client.instant(q.latency, evalAt),
    client.instant(q.targets, evalAt),
    client.instant(q.errorRatio1h, evalAt),
    ...windows.map((days) => client.instant(q.budget(days), evalAt)),
  ]);
  return {
    evaluatedAt: evalAt,
    requestRate,
    errorRatio,
    latency,
    targets,
    errorRatio1h,
    budgets: Object.fromEntries(windows.map((days, i) => [days, budgetResults[i]!])),
  };
}

async function loadFiringAlerts(
  client: AlertmanagerClient,
): Promise<Map<string, { firing: number; critical: number }>> {
  const alerts = await client.alerts({ active: true, silenced: false, inhibited: false });
  const label = env().SERVICE_LABEL;
  const counts = new Map<string, { firing: number; critical: number }>();
  for (const alert of alerts) {
    const service = alert.labels[label];
    if (!service) continue;
    const c = counts.get(service) ?? { firing: 0, critical: 0 };
    c.firing++;
    if (alert.labels.severity === "critical") c.critical++;
    counts.set(service, c);
  }
  return counts;
}

const finite = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? null : v);

function byService(samples: InstantSample[], label: string): Map<string, InstantSample[]> {
  const map = new Map<string, InstantSample[]>();
  for (const s of samples) {
    const name = s.labels[label];
    if (!name) continue;
    const list = map.get(name);
    if (list) list.push(s);
    else map.set(name, [s]);
  }
  return map;
}

// The graph of the last hour's traces, the one incident grouping asks for (one cache entry for both).
const GRAPH = { lookbackMinutes: 60, tracesPerService: 30 } as const;
// How long an Overview waits for the graph when its cache is due: the Overview never waits on Jaeger.
const GRAPH_WAIT_MS = 300;
let lastEdges: CallEdge[] | null = null;
// Logged when the graph starts failing, not on every Overview while it does.
let graphFailing = false;

/**
 * Who calls whom, from the trace dependency graph: a fresh answer if it comes within GRAPH_WAIT_MS,
 * else the last one this instance had (the load goes on and refreshes it), null if none yet.
 */
async function callEdges(): Promise<{ edges: CallEdge[] | null; state: Overview["dependencies"] }> {
  if (!env().JAEGER_URL) return { edges: null, state: "not_configured" };
  // A graph that comes after the wait still updates the last one, for the next load.
  const fresh = dependencyGraph(GRAPH).then(
    (graph) => {
      graphFailing = false;
      return (lastEdges = graph.edges.map(({ caller, callee }) => ({ caller, callee })));
    },
    (error: unknown) => {
      if (!graphFailing) logger.warn({ err: error }, "overview without fresh trace dependencies");
      graphFailing = true;
      return lastEdges;
    },
  );
  const answer = await withinBudget(fresh, GRAPH_WAIT_MS);
  const edges = "value" in answer ? answer.value : lastEdges;
  return { edges, state: edges ? "ok" : "unavailable" };
}

/**
 * The evaluation time and range every viewer of the same view shares within one refresh interval, for
 * grids that must line up from one refresh to the next (the sparklines). `relative`: the range ends now.
 */
function evaluation(input: z.output<typeof overviewInput>) {
  const ttlMs = Math.min(300_000, Math.max(5_000, (input.refresh || 15) * 1_000));
  const now = Date.now();
  const range = resolveRange(input.from, input.to, new Date(now));
  const evalAt = range.relative ? new Date(Math.floor(now / ttlMs) * ttlMs) : range.end;
  const span = range.end.getTime() - range.start.getTime();
  return { ttlMs, evalAt, span, relative: range.relative, key: `${input.from ?? ""}:${input.to ?? ""}` };
}

export async function getOverview(ctx: ServiceContext, raw: unknown): Promise<Overview> {
  authorize(ctx, "overview:read");
  const { ttlMs, evalAt, relative, key } = evaluation(parseInput(overviewInput, raw));
  const meta = await cachedMetaByName();
  const windows = [
    ...new Set([DEFAULT_SLO.sloWindowDays, ...[...meta.values()].map((m) => m.sloWindowDays)]),
  ].sort((a, b) => a - b);
  const label = env().SERVICE_LABEL;

  const [prom, alerts, graph] = await Promise.all([
    fromUpstream(prometheus(), "Set PROMETHEUS_URL to see service health.", (client) =>
      cache.get(`overview:${key}:${windows.join(",")}:${env().USE_RECORDING_RULES}`, ttlMs, () =>
        // "Now" is when the load starts: a time rounded down to the interval would show what Prometheus
        // had up to one refresh earlier, on top of the refresh the result is kept for.
        loadPrometheus(client, relative ? new Date() : evalAt, windows),
      ),
    ),
    fromUpstream(alertmanager(), "Set ALERTMANAGER_URL to see firing alerts.", (client) =>
      cache.get("overview:alerts", ttlMs, () => loadFiringAlerts(client)),
    ),
    callEdges(),
  ]);

  const p = prom.value;
  const rates = byService(p?.requestRate ?? [], label);
  const ratios = byService(p?.errorRatio ?? [], label);
  const latency = byService(p?.latency ?? [], label);
  const targets = byService(p?.targets ?? [], label);
  const ratios1h = byService(p?.errorRatio1h ?? [], label);
  const budgets = new Map(windows.map((w) => [w, byService(p?.budgets[w] ?? [], label)]));

  const names = new Set<string>([...rates.keys(), ...targets.keys(), ...meta.keys()]);
  names.delete("prometheus");
  const measured = [...names].map((name) => {
    const m: ServiceMetaView | undefined = meta.get(name);
    const objective = m?.sloObjective ?? DEFAULT_SLO.sloObjective;
    const windowDays = m?.sloWindowDays ?? DEFAULT_SLO.sloWindowDays;
    const q = (quantile: string) =>
      finite(latency.get(name)?.find((s) => quantileOf(s.labels) === quantile)?.value);
    const t = targets.get(name);
    const budgetRatio = finite(budgets.get(windowDays)?.get(name)?.[0]?.value);
    const ratio1h = finite(ratios1h.get(name)?.[0]?.value);
    const budgetRemaining = budgetRatio === null ? null : 1 - budgetRatio / (1 - objective);
    const burnRate = ratio1h === null ? null : ratio1h / (1 - objective);
    return {
      name,
      ownerTeam: m?.ownerTeam ?? null,
      tier: m?.tier ?? null,
      requestRate: finite(rates.get(name)?.[0]?.value),
      errorRatio: finite(ratios.get(name)?.[0]?.value),
      latency: { p50: q("0.5"), p95: q("0.95"), p99: q("0.99") },
      targets: t
        ? {
            up: t.find((s) => s.labels.agg === "up")?.value ?? 0,
            total: t.find((s) => s.labels.agg === "total")?.value ?? 0,
          }
        : null,
      slo: { objective, windowDays, budgetRemaining, burnRate, state: sloState(budgetRemaining, burnRate) },
      alerts: alerts.value ? (alerts.value.get(name) ?? { firing: 0, critical: 0 }) : null,
    };
  });
  const sources = graph.edges
    ? errorSources(
        new Map(measured.map((s) => [s.name, s.errorRatio])),
        graph.edges,
        NOW_THRESHOLDS.errorRatio.warning,
      )
    : new Map<string, ErrorSource>();
  const services = measured.map((s): ServiceHealth => {
    const errorSource = sources.get(s.name) ?? null;
    return { ...s, errorSource, ...classifyNow(s, errorSource ?? undefined) };
  });
  services.sort(originFirst);

  return {
    services,
    evaluatedAt: (p?.evaluatedAt ?? evalAt).toISOString(),
    nowWindow: overviewQueries(metricProfile(), env().USE_RECORDING_RULES).nowWindow,
    dependencies: graph.state,
    sources: { prometheus: prom.source, alertmanager: alerts.source },
  };
}

/** Request rate and error ratio of every service over the range, on a grid of 30 points. */
export async function getOverviewSparklines(ctx: ServiceContext, raw: unknown): Promise<OverviewSparklines> {
  authorize(ctx, "overview:read");
  const { ttlMs, evalAt, span, key } = evaluation(parseInput(overviewInput, raw));
  const step = Math.max(15, Math.ceil(span / 1000 / (SPARKLINE_POINTS - 1)));
  const start = new Date(evalAt.getTime() - (SPARKLINE_POINTS - 1) * step * 1000);
  const label = env().SERVICE_LABEL;
  const result = await fromUpstream(prometheus(), "Set PROMETHEUS_URL to see service health.", (client) =>
    cache.get(`sparklines:${key}:${env().USE_RECORDING_RULES}`, ttlMs, async () => {
      const q = overviewQueries(metricProfile(), env().USE_RECORDING_RULES);
      const [rate, errors] = await Promise.all([
        client.range(q.requestRate, start, evalAt, step),
        client.range(q.errorRatio, start, evalAt, step),
      ]);
      const grid = (points: [number, number][]) => {
        const values = new Array<number | null>(SPARKLINE_POINTS).fill(null);
        for (const [t, v] of points) {
          const i = Math.round((t - start.getTime()) / (step * 1000));
          if (i >= 0 && i < SPARKLINE_POINTS && Number.isFinite(v)) values[i] = Number(v.toPrecision(4));
        }
        return values;
      };
      const services: OverviewSparklines["services"] = {};
      for (const s of rate) {
        const name = s.labels[label];
        if (name) services[name] = { requestRate: grid(s.points), errorRatio: [] };
      }
      for (const s of errors) {
        const name = s.labels[label];
        if (name) (services[name] ??= { requestRate: [], errorRatio: [] }).errorRatio = grid(s.points);
      }
      return services;
    }),
  );
  return {
    start: start.toISOString(),
    stepSeconds: step,
    services: result.value ?? {},
    source: result.source,
  };
}
