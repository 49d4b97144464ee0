// Traces from Jaeger: search, one trace as a view, comparison, service dependencies. Read-only, so
// `traces:read` is the only gate. Built views are kept briefly per instance: a trace's page, its
// comparison and a reload ask Jaeger once; when Jaeger fails, the last good view is served marked stale.
// Searches are shared the same way for a few seconds, so that any number of viewers of the same search
// cost one Jaeger call per few seconds; none waits longer than the upstream time budget.
import type { z } from "zod";
import { env } from "@/lib/config/env";
import { NotFoundError } from "@/lib/errors";
import { requireJaeger, type JaegerClient } from "@/lib/jaeger/client";
import { spanExtras, type AttributeValue, type DecodedTraces, type RawSpan } from "@/lib/jaeger/otlp";
import { authorize, parseInput, type ServiceContext } from "@/lib/services/context";
import { buildTrace, summarize } from "@/lib/traces/build";
import { compareTraces, type TraceDiff } from "@/lib/traces/compare";
import { dependencies, type DependencyGraph } from "@/lib/traces/dependencies";
import type { TraceDetails, TraceSummary, TraceView } from "@/lib/traces/model";
import { traceSearchFromUrl } from "@/lib/traces/search-params";
import { settled, withinBudget, type Settled } from "@/lib/upstream/budget";
import { SharedResultCache } from "@/lib/upstream/cache";
import { fromCached, type SourceState } from "@/lib/upstream/sources";
import { compareInput, dependenciesInput, serviceName, traceId, traceSearchInput } from "./schemas";

const VIEWS = Symbol.for("opsdeck.traces.views");

// Views of big traces are large; keep a few. Recent traces may still be growing, hence the short TTL.
// The production build bundles this module twice, for pages and for route handlers; both keep their views
// in one cache, so that a trace page's first response and the browser's fetch of the rest build it once.
// A trace is waited for as long as Jaeger is given, not the shorter budget of pages that have a last
// good answer to show instead: Jaeger takes seconds to send a 100,000-span trace on a busy machine, and
// giving up sooner showed an error for a trace that arrived a moment later. Its page shows a skeleton
// meanwhile (openTrace).
const views = ((globalThis as { [VIEWS]?: SharedResultCache })[VIEWS] ??= new SharedResultCache({
  maxEntries: 12,
  keepStaleMs: 30 * 60_000,
  budgetMs: () => env().JAEGER_TIMEOUT_MS,
}));
const lists = new SharedResultCache({ maxEntries: 200, keepStaleMs: 30 * 60_000 });
const searches = new SharedResultCache({ maxEntries: 500, keepStaleMs: 30 * 60_000 });
const VIEW_TTL_MS = 20_000;
const SEARCH_TTL_MS = 5_000;
const ENDS_NOW_WITHIN_MS = 1_000;

export async function listTraceServices(
  ctx: ServiceContext,
): Promise<{ services: string[]; source: SourceState }> {
  authorize(ctx, "traces:read");
  const cached = await lists.get("services", 30_000, () => requireJaeger().services());
  return { services: cached.value, source: fromCached(cached) };
}

export async function listOperations(ctx: ServiceContext, service: string) {
  authorize(ctx, "traces:read");
  const name = parseInput(serviceName, service);
  const cached = await lists.get(`operations\n${name}`, 30_000, () => requireJaeger().operations(name));
  return { operations: cached.value, source: fromCached(cached) };
}

function matches(value: AttributeValue | undefined, wanted: string): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return value.some((v) => matches(v, wanted));
  return typeof value === "object" ? false : String(value) === wanted;
}

function hasAttributes(spans: RawSpan[], decoded: DecodedTraces, filters: { key: string; value: string }[]) {
  // Each filter must hold on some span of the trace (its own attributes or its resource's).
  return filters.every(({ key, value }) =>
    spans.some(
      (s) =>
        matches(spanExtras(s).attributes[key], value) ||
        matches(decoded.resources[s.resource]?.attributes[key], value),
    ),
  );
}

export type TraceSearchResult = {
  traces: TraceSummary[];
  /** How many traces Jaeger returned before Opsdeck applied the attribute filters. */
  scanned: number;
  attributeFilteredLocally: boolean;
  source: SourceState;
};

/** How long the search page's first response waits for Jaeger before leaving the asking to the browser. */
const FIRST_PAINT_BUDGET_MS = 1_000;

/**
 * What the search page shows first, asked by its server component: the services, and the results of the
 * search in its URL (`query`, as `traceSearchQueryString` writes it) when it names a service. A part that
 * fails, or takes longer than a second, is null: the browser asks for it again (sharing a load still
 * under way) and shows why, as for a search it makes itself.
 */
export async function openTraceSearch(
  ctx: ServiceContext,
  query: string,
): Promise<{
  services: Awaited<ReturnType<typeof listTraceServices>> | null;
  search: TraceSearchResult | null;
}> {
  authorize(ctx, "traces:read");
  const params = new URLSearchParams(query);
  const [services, search] = await Promise.all([
    withinBudget(listTraceServices(ctx), FIRST_PAINT_BUDGET_MS),
    params.get("service")
      ? withinBudget(searchTraces(ctx, traceSearchFromUrl(params)), FIRST_PAINT_BUDGET_MS)
      : null,
  ]);
  return {
    services: services && "value" in services ? services.value : null,
    search: search && "value" in search ? search.value : null,
  };
}

export async function searchTraces(ctx: ServiceContext, raw: unknown): Promise<TraceSearchResult> {
  authorize(ctx, "traces:read");
  const query = parseInput(traceSearchInput, raw);
  const jaeger = requireJaeger();
  // A search that ends now (the page's "last 15 minutes", resolved a moment ago) is the same question for
  // everyone who asks it within SEARCH_TTL_MS: shared, and sent to Jaeger ending when it is sent. Any
  // other range is asked as it is.
  const { start, end, ...criteria } = query;
  const endsNow = Math.abs(Date.now() - end.getTime()) < ENDS_NOW_WITHIN_MS;
  const span = Math.round((end.getTime() - start.getTime()) / 1000) * 1000;
  const key = JSON.stringify([criteria, endsNow ? { span } : { start, end }]);
  const cached = await searches.get(key, SEARCH_TTL_MS, () => {
    if (!endsNow) return findSummaries(jaeger, query);
    const until = new Date();
    return findSummaries(jaeger, { ...query, start: new Date(until.getTime() - span), end: until });
  });
  return { ...cached.value, source: fromCached(cached) };
}

async function findSummaries(
  jaeger: JaegerClient,
  query: z.output<typeof traceSearchInput>,
): Promise<Omit<TraceSearchResult, "source">> {
  // Jaeger's /api/v3 GET search takes no attribute filter: fetch more and filter here.
  const filtering = query.attributes.length > 0;
  const search = {
    service: query.service,
    operation: query.operation,
    start: query.start,
    end: query.end,
    minDurationMs: query.minDuration,
    maxDurationMs: query.maxDuration,
  };
  // Jaeger 2.x summarizes on its side (much less to transfer); it cannot filter by attribute, though.
  if (!filtering) {
    const summaries = await jaeger.traceSummaries({ ...search, limit: query.limit });
    if (summaries) {
      summaries.sort((a, b) => b.startUnixMs - a.startUnixMs);
      return {
        traces: summaries.slice(0, query.limit),
        scanned: summaries.length,
        attributeFilteredLocally: false,
      };
    }
  }
  const decoded = await jaeger.findTraces({
    ...search,
    limit: filtering ? Math.min(query.limit * 10, 1000) : query.limit,
  });
  const traces: TraceSummary[] = [];
  for (const [id, spans] of decoded.traces) {
    if (filtering && !hasAttributes(spans, decoded, query.attributes)) continue;
    traces.push(summarize(id, spans, decoded.resources));
  }
  traces.sort((a, b) => b.startUnixMs - a.startUnixMs);
  return {
    traces: traces.slice(0, query.limit),
    scanned: decoded.traces.size,
    attributeFilteredLocally: filtering,
  };
}

async function built(id: string) {
  return views.get(id, VIEW_TTL_MS, async () => {
    const decoded = await requireJaeger().trace(id);
    const spans = decoded?.traces.get(id);
    if (!decoded || !spans?.length)
      throw new NotFoundError(`Jaeger has no trace ${id}. It may have expired from storage.`);
    return buildTrace(id, spans, decoded.resources);
  });
}

function readTrace(ctx: ServiceContext, rawId: string) {
  authorize(ctx, "traces:read");
  return built(parseInput(traceId, rawId));
}

/** One trace, as the waterfall draws it (without span details: see getTraceDetails). */
export async function getTrace(
  ctx: ServiceContext,
  rawId: string,
): Promise<{ trace: TraceView; source: SourceState }> {
  const cached = await readTrace(ctx, rawId);
  return { trace: cached.value.view, source: fromCached(cached) };
}

/**
 * How long a trace's page waits for it before its first paint. Past it the page paints a skeleton and
 * the trace streams in, which React reveals no sooner than 300 ms after that paint and, as measured,
 * about a second after navigation (ADR 0017). 10,000-span traces open in 0.25–0.4 s here while the
 * browser loads the page beside them: within this wait they are in the first paint. Only traces that
 * open in 0.5–0.8 s can be shown later for it, by up to 0.3 s.
 */
const TRACE_FIRST_PAINT_WAIT_MS = 500;

export type TraceOutcome = Settled<Awaited<ReturnType<typeof getTrace>>>;

/**
 * A trace for its page: `now` if it opened (or failed) within the first paint's wait, which most small
 * traces do, else `later`. Neither rejects: the page shows a failure as it shows the trace.
 */
export async function openTrace(
  ctx: ServiceContext,
  rawId: string,
): Promise<{ now: TraceOutcome } | { later: Promise<TraceOutcome> }> {
  authorize(ctx, "traces:read");
  const opening = getTrace(ctx, rawId);
  const early = await withinBudget(opening, TRACE_FIRST_PAINT_WAIT_MS);
  return "timedOut" in early ? { later: settled(opening) } : { now: early };
}

/** The details of every span of a trace, in its view's order; asked for once the waterfall is drawn. */
export async function getTraceDetails(
  ctx: ServiceContext,
  rawId: string,
): Promise<{ details: TraceDetails; source: SourceState }> {
  const cached = await readTrace(ctx, rawId);
  return { details: cached.value.details(), source: fromCached(cached) };
}

export async function compare(ctx: ServiceContext, raw: unknown): Promise<TraceDiff> {
  authorize(ctx, "traces:read");
  const { a, b } = parseInput(compareInput, raw);
  const [left, right] = await Promise.all([built(a), built(b)]);
  return compareTraces(left.value.view, right.value.view);
}

export async function serviceDependencies(ctx: ServiceContext, raw: unknown): Promise<DependencyGraph> {
  authorize(ctx, "traces:read");
  return dependencyGraph(parseInput(dependenciesInput, raw));
}

/**
 * Which service calls which in recent traces, for the services that need it without a person asking
 * (incident grouping); shared with the dependencies page through the cache, stale data served when Jaeger fails.
 */
export async function dependencyGraph({
  lookbackMinutes,
  tracesPerService,
}: z.output<typeof dependenciesInput>): Promise<DependencyGraph> {
  return (
    await lists.get(`dependencies\n${lookbackMinutes}\n${tracesPerService}`, 30_000, async () => {
      const jaegerClient = requireJaeger();
      const end = new Date();
      const start = new Date(end.getTime() - lookbackMinutes * 60_000);
      // Search needs a service, so ask per service (at most 50) and merge the traces.
      const services = (await jaegerClient.services()).slice(0, 50);
      const merged: DecodedTraces = { resources: [], traces: new Map() };
      // A few searches at a time: quicker than one by one, gentler on Jaeger than all at once.
      const answers: DecodedTraces[] = [];
      for (let i = 0; i < services.length; i += 5)
        answers.push(
          ...(await Promise.all(
            services
              .slice(i, i + 5)
              .map((service) => jaegerClient.findTraces({ service, start, end, limit: tracesPerService })),
          )),
        );
      for (const found of answers) {
        const offset = merged.resources.length;
        merged.resources.push(...found.resources);
        for (const [id, spans] of found.traces)
          if (!merged.traces.has(id))
            merged.traces.set(
              id,
              spans.map((s) => ({ ...s, resource: s.resource + offset })),
            );
      }
      return dependencies(merged);
    })
  ).value;
}
