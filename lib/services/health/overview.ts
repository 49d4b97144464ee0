// The Overview: every service's rate, errors, latency, targets, SLO budget and firing alerts, worst
// first. A fixed number of upstream queries whatever the number of services, shared by every viewer of
// the same range through the cache, and the last good data (with its age) when an upstream fails.
// Sparklines are a second request (getOverviewSparklines), so the numbers are not held up by the larger
// range queries.
import { z } from "zod";
import { text } from "@/lib/validation/text";
import { alertmanager, type AlertmanagerClient } from "@/lib/alertmanager/client";
import { env } from "@/lib/config/env";
import { prometheus, type InstantSample, type PrometheusClient } from "@/lib/prometheus/client";
import { metricProfile } from "@/lib/prometheus/profile";
import { overviewQueries, quantileOf } from "@/lib/prometheus/queries";
import { authorize, parseInput, type ServiceContext } from "@/lib/services/context";
import { resolveRange } from "@/lib/time/range";
import { SharedResultCache } from "@/lib/upstream/cache";
import { fromUpstream, type SourceState } from "@/lib/upstream/sources";
import { cachedMetaByName, DEFAULT_SLO, type ServiceMetaView } from "./catalog";

export const overviewInput = z.object({
  from: text().max(40).optional(),
  to: text().max(40).optional(),
  /** The viewer's refresh interval in seconds: results are shared for that long. */
  refresh: z.coerce.number().int().min(0).max(3_600).optional(),
});

export type HealthStatus = "critical" | "warning" | "ok" | "no_data";

export type ServiceHealth = {
  name: string;
  status: HealthStatus;
  reasons: string[];
  ownerTeam: string | null;
  tier: string | null;
  requestRate: number | null;
  errorRatio: number | null;
  latency: { p50: number | null; p95: number | null; p99: number | null };
  targets: { up: number; total: number } | null;
  slo: { objective: number; windowDays: number; budgetRemaining: number | null; burnRate: number | null };
  alerts: { firing: number; critical: number } | null;
};

export type Overview = {
  services: ServiceHealth[];
  evaluatedAt: string;
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

export function classify(h: Omit<ServiceHealth, "status" | "reasons">): {
  status: HealthStatus;
  reasons: string[];
} {
  const critical: string[] = [];
  const warning: string[] = [];
  if (h.errorRatio !== null && h.errorRatio >= 0.05)
    critical.push(`${(h.errorRatio * 100).toFixed(1)}% errors`);
  else if (h.errorRatio !== null && h.errorRatio >= 0.01)
    warning.push(`${(h.errorRatio * 100).toFixed(1)}% errors`);
  if (h.targets && h.targets.up < h.targets.total)
    critical.push(`${h.targets.total - h.targets.up} of ${h.targets.total} targets down`);
  if (h.slo.budgetRemaining !== null && h.slo.budgetRemaining <= 0) critical.push("error budget exhausted");
  else if (h.slo.burnRate !== null && h.slo.burnRate >= 1)
    warning.push(`burning budget ${h.slo.burnRate.toFixed(1)}× too fast`);
  if (h.alerts?.critical)
    critical.push(`${h.alerts.critical} critical alert${h.alerts.critical > 1 ? "s" : ""} firing`);
  else if (h.alerts?.firing) warning.push(`${h.alerts.firing} alert${h.alerts.firing > 1 ? "s" : ""} firing`);
  if (critical.length) return { status: "critical", reasons: [...critical, ...warning] };
  if (warning.length) return { status: "warning", reasons: warning };
  if (h.requestRate === null && !h.targets)
    return { status: "no_data", reasons: ["no metrics in this range"] };
  return { status: "ok", reasons: [] };
}

const SEVERITY: Record<HealthStatus, number> = { critical: 0, warning: 1, ok: 2, no_data: 3 };

export function worstFirst(a: ServiceHealth, b: ServiceHealth) {
  return (
    SEVERITY[a.status] - SEVERITY[b.status] ||
    (b.errorRatio ?? -1) - (a.errorRatio ?? -1) ||
    (b.slo.burnRate ?? -1) - (a.slo.burnRate ?? -1) ||
    a.name.localeCompare(b.name)
  );
}

/** The evaluation time and range every viewer of the same view shares within one refresh interval. */
function evaluation(input: z.output<typeof overviewInput>) {
  const ttlMs = Math.min(300_000, Math.max(5_000, (input.refresh || 15) * 1_000));
  const now = Date.now();
  const range = resolveRange(input.from, input.to, new Date(now));
  const evalAt = range.relative ? new Date(Math.floor(now / ttlMs) * ttlMs) : range.end;
  const span = range.end.getTime() - range.start.getTime();
  return { ttlMs, evalAt, span, key: `${input.from ?? ""}:${input.to ?? ""}` };
}

export async function getOverview(ctx: ServiceContext, raw: unknown): Promise<Overview> {
  authorize(ctx, "overview:read");
  const { ttlMs, evalAt, key } = evaluation(parseInput(overviewInput, raw));
  const meta = await cachedMetaByName();
  const windows = [
    ...new Set([DEFAULT_SLO.sloWindowDays, ...[...meta.values()].map((m) => m.sloWindowDays)]),
  ].sort((a, b) => a - b);
  const label = env().SERVICE_LABEL;

  const [prom, alerts] = await Promise.all([
    fromUpstream(prometheus(), "Set PROMETHEUS_URL to see service health.", (client) =>
      cache.get(`overview:${key}:${windows.join(",")}:${env().USE_RECORDING_RULES}`, ttlMs, () =>
        loadPrometheus(client, evalAt, windows),
      ),
    ),
    fromUpstream(alertmanager(), "Set ALERTMANAGER_URL to see firing alerts.", (client) =>
      cache.get("overview:alerts", ttlMs, () => loadFiringAlerts(client)),
    ),
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
  const services = [...names].map((name): ServiceHealth => {
    const m: ServiceMetaView | undefined = meta.get(name);
    const objective = m?.sloObjective ?? DEFAULT_SLO.sloObjective;
    const windowDays = m?.sloWindowDays ?? DEFAULT_SLO.sloWindowDays;
    const q = (quantile: string) =>
      finite(latency.get(name)?.find((s) => quantileOf(s.labels) === quantile)?.value);
    const t = targets.get(name);
    const budgetRatio = finite(budgets.get(windowDays)?.get(name)?.[0]?.value);
    const ratio1h = finite(ratios1h.get(name)?.[0]?.value);
    const base = {
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
      slo: {
        objective,
        windowDays,
        budgetRemaining: budgetRatio === null ? null : 1 - budgetRatio / (1 - objective),
        burnRate: ratio1h === null ? null : ratio1h / (1 - objective),
      },
      alerts: alerts.value ? (alerts.value.get(name) ?? { firing: 0, critical: 0 }) : null,
    };
    return { ...base, ...classify(base) };
  });
  services.sort(worstFirst);

  return {
    services,
    evaluatedAt: evalAt.toISOString(),
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
