// One service's page: rate by route and by status, error ratio, latency percentiles, targets, its
// alerts, and latency exemplars that link to traces.
import { z } from "zod";
import { text } from "@/lib/validation/text";
import { alertmanager } from "@/lib/alertmanager/client";
import type { AmAlert } from "@/lib/alertmanager/schemas";
import { env } from "@/lib/config/env";
import { prometheus, type RangeSeries } from "@/lib/prometheus/client";
import { metricProfile } from "@/lib/prometheus/profile";
import { stringLiteral } from "@/lib/prometheus/promql";
import { serviceQueries } from "@/lib/prometheus/queries";
import { authorize, parseInput, type ServiceContext } from "@/lib/services/context";
import { resolveRange } from "@/lib/time/range";
import { SharedResultCache } from "@/lib/upstream/cache";
import { fromUpstream, type SourceState } from "@/lib/upstream/sources";
import { getServiceMeta, serviceNameOrNotFound, type ServiceMetaView } from "./catalog";

export const serviceHealthInput = z.object({
  from: text().max(40).optional(),
  to: text().max(40).optional(),
  refresh: z.coerce.number().int().min(0).max(3_600).optional(),
});

export type ServiceTarget = {
  instance: string;
  up: boolean;
  lastError: string | null;
  lastScrape: string | null;
  scrapeUrl: string | null;
};

export type ServiceDetail = {
  meta: ServiceMetaView;
  range: { start: string; end: string; stepSeconds: number };
  charts: {
    rateByRoute: RangeSeries[];
    rateByStatus: RangeSeries[];
    errorRatio: RangeSeries[];
    latency: RangeSeries[];
    p95ByRoute: RangeSeries[];
  } | null;
  exemplars: {
    timestamp: number;
    value: number;
    traceId: string;
    spanId: string | null;
    route: string | null;
    status: string | null;
  }[];
  targets: ServiceTarget[];
  alerts: AmAlert[];
  sources: { prometheus: SourceState; alertmanager: SourceState };
};

const cache = new SharedResultCache();

export async function getServiceDetail(
  ctx: ServiceContext,
  name: string,
  raw: unknown,
): Promise<ServiceDetail> {
  authorize(ctx, "services:read");
  const service = serviceNameOrNotFound(name);
  const input = parseInput(serviceHealthInput, raw);
  const ttlMs = Math.min(300_000, Math.max(5_000, (input.refresh || 15) * 1_000));
  const now = Date.now();
  const range = resolveRange(input.from, input.to, new Date(now));
  const end = range.relative ? new Date(Math.floor(now / ttlMs) * ttlMs) : range.end;
  const start = new Date(end.getTime() - (range.end.getTime() - range.start.getTime()));
  const step = Math.max(15, Math.ceil((end.getTime() - start.getTime()) / 1000 / 120));
  const rateWindow = `${Math.max(60, step * 2)}s`;
  const profile = metricProfile();

  // Side by side, so that the page waits for the slowest part only, at most the upstream time budget.
  const [meta, prom, alerts] = await Promise.all([
    getServiceMeta(ctx, service),
    fromUpstream(prometheus(), "Set PROMETHEUS_URL to see service health.", (client) => {
      const q = serviceQueries(profile, service, rateWindow);
      return cache.get(`service:${service}:${input.from ?? ""}:${input.to ?? ""}`, ttlMs, async () => {
        const [rateByRoute, rateByStatus, errorRatio, latency, p95ByRoute, exemplars, up, targetsData] =
          await Promise.all([
            client.range(q.rateByRoute, start, end, step),
            client.range(q.rateByStatus, start, end, step),
            client.range(q.errorRatio, start, end, step),
            client.range(q.latency, start, end, step),
            client.range(q.p95ByRoute, start, end, step),
            client.exemplars(q.exemplarSelector, start, end),
            client.instant(q.up, end),
            client.targets(),
          ]);
        const own = targetsData.activeTargets.filter((t) => t.labels[profile.service] === service);
        const targets: ServiceTarget[] = own.length
          ? own.map((t) => ({
              instance: t.labels.instance ?? t.scrapeUrl,
              up: t.health === "up",
              lastError: t.lastError || null,
              lastScrape: t.lastScrape,
              scrapeUrl: t.scrapeUrl,
            }))
          : up.map((s) => ({
              instance: s.labels.instance ?? "?",
              up: s.value === 1,
              lastError: null,
              lastScrape: null,
              scrapeUrl: null,
            }));
        return { charts: { rateByRoute, rateByStatus, errorRatio, latency, p95ByRoute }, exemplars, targets };
      });
    }),
    fromUpstream(alertmanager(), "Set ALERTMANAGER_URL to see alerts.", (client) =>
      cache.get(`service-alerts:${service}`, ttlMs, () =>
        client.alerts({ matchers: [`${env().SERVICE_LABEL}=${stringLiteral(service)}`] }),
      ),
    ),
  ]);

  return {
    meta,
    range: { start: start.toISOString(), end: end.toISOString(), stepSeconds: step },
    charts: prom.value?.charts ?? null,
    exemplars: (prom.value?.exemplars ?? [])
      .filter((e) => e.labels.trace_id || e.labels.traceID)
      .map((e) => ({
        timestamp: e.timestamp,
        value: e.value,
        traceId: e.labels.trace_id ?? e.labels.traceID!,
        spanId: e.labels.span_id ?? null,
        route: e.seriesLabels[profile.route] ?? null,
        status: e.seriesLabels[profile.status] ?? null,
      }))
      .slice(-500),
    targets: prom.value?.targets ?? [],
    alerts: alerts.value ?? [],
    sources: { prometheus: prom.source, alertmanager: alerts.source },
  };
}
