"use client";

import { ChevronsDownUp, ChevronsUpDown, GitCompare, Paperclip, Route } from "lucide-react";
import { Link } from "@/components/ui/link";
import { parseAsString, useQueryState } from "nuqs";
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import { SourceBanners } from "@/components/health/source-banner";
import { Button } from "@/components/ui/button";
import { Badge, Banner } from "@/components/ui/feedback";
import { Input } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { ApiError } from "@/lib/client/fetch-json";
import { useTraceDetailsQuery, useTraceQuery } from "@/lib/client/traces";
import { traceStats, type FirstPaint, type TraceStats } from "@/lib/traces/first-rows";
import type { TraceView } from "@/lib/traces/model";
import type { SourceState } from "@/lib/upstream/sources";
import { AttachToIncidentDialog } from "./attach-dialog";
import { formatUs, serviceColors } from "./colors";
import { SpanDetailsPanel } from "./span-details";
import { TraceLoadError } from "./trace-status";
import { collapseAll, criticalSections, reveal, searchTrace, visibleRows } from "./tree";
import { useScrollToSelected, Waterfall, type WaterfallHandle } from "./waterfall";
import { useTimeFormat } from "@/components/shell/time-format";

/**
 * The trace page in the browser. The server sent the view with the page (ADR 0017): whole, and then it
 * seeds the query's cache, or its first rows, shown while the rest is fetched. Either way the rows the
 * server drew stay in place as the page hydrates.
 */
export function TracePage({
  traceId,
  canAttach,
  paint,
  source,
}: {
  traceId: string;
  canAttach: boolean;
  paint: FirstPaint;
  source: SourceState;
}) {
  const query = useTraceQuery(traceId, paint.complete ? { trace: paint.view, source } : undefined);
  // User timing marks, read by the trace benchmark (npm run bench:traces) and any browser profiler.
  useEffect(() => void performance.mark("opsdeck:trace-page-mounted"), []);
  // Not the previous trace's view while this one's rest loads (the query client's placeholder).
  const data = query.isPlaceholderData ? undefined : query.data;
  const fullStats = useMemo(() => (data ? traceStats(data.trace) : undefined), [data]);
  // Keyed by trace and size: another trace starts afresh (collapsed spans, search), while the whole view
  // taking over from its first rows keeps what the person has done meanwhile. A view that grew between
  // the page and the fetch of the rest starts afresh too.
  if (data)
    return (
      <TraceExplorer
        key={`${traceId} ${fullStats!.spanCount}`}
        trace={data.trace}
        stats={fullStats!}
        source={data.source}
        canAttach={canAttach}
      />
    );
  if (query.error)
    return (
      <TraceLoadError
        traceId={traceId}
        status={query.error instanceof ApiError ? query.error.status : 500}
        message={query.error.message}
      />
    );
  return (
    <TraceExplorer
      key={`${traceId} ${paint.stats.spanCount}`}
      trace={paint.view}
      stats={paint.stats}
      source={source}
      canAttach={canAttach}
    />
  );
}

function TraceExplorer({
  trace,
  stats,
  source,
  canAttach,
}: {
  /** The whole view, or its first rows while the rest loads. */
  trace: TraceView;
  /** The whole view's numbers. */
  stats: TraceStats;
  source: SourceState;
  canAttach: boolean;
}) {
  const n = stats.spanCount;
  const formatTime = useTimeFormat();
  const [collapsed, setCollapsed] = useState<Uint8Array>(() => new Uint8Array(n));
  const [spanParam, setSpanParam] = useQueryState("span", parseAsString.withOptions({ history: "replace" }));
  const indexOfSpan = useMemo(() => new Map(trace.spanIds.map((id, i) => [id, i])), [trace.spanIds]);
  const selected = spanParam ? (indexOfSpan.get(spanParam) ?? -1) : -1;
  const [showCritical, setShowCritical] = useState(true);
  const [search, setSearch] = useState("");
  const deferredSearch = useDeferredValue(search);
  const [matchAt, setMatchAt] = useState(0);
  const [attaching, setAttaching] = useState(false);
  const waterfall = useRef<WaterfallHandle>(null);
  // Asked for once the waterfall is on screen: the span details are most of a trace's bytes.
  const detailsQuery = useTraceDetailsQuery(trace.traceId);
  // A trace still arriving can grow between the two answers; details of another shape would be misplaced.
  const detailsMismatch = detailsQuery.data !== undefined && detailsQuery.data.spanCount !== n;
  const traceDetails = detailsMismatch ? undefined : detailsQuery.data;

  useEffect(() => void performance.mark("opsdeck:trace-rendered"), []);
  useEffect(() => {
    if (traceDetails) performance.mark("opsdeck:trace-details-loaded");
  }, [traceDetails]);
  const rows = useMemo(() => visibleRows(trace.descendants, collapsed), [trace.descendants, collapsed]);
  const sections = useMemo(() => criticalSections(trace.critical), [trace.critical]);
  const matchList = useMemo(
    () => searchTrace(trace, traceDetails?.details, deferredSearch),
    [trace, traceDetails, deferredSearch],
  );
  const matches = useMemo(() => {
    if (!deferredSearch.trim()) return null;
    const flags = new Uint8Array(n);
    for (const i of matchList) flags[i] = 1;
    return flags;
  }, [matchList, deferredSearch, n]);

  const select = useCallback(
    (span: number) => {
      setCollapsed((c) => reveal(trace.parents, c, span));
      void setSpanParam(trace.spanIds[span] ?? null);
    },
    [trace, setSpanParam],
  );
  const toggle = useCallback((span: number) => {
    setCollapsed((c) => {
      const next = Uint8Array.from(c);
      next[span] = c[span] ? 0 : 1;
      return next;
    });
  }, []);
  useScrollToSelected(waterfall, rows, selected);

  const goToMatch = (k: number) => {
    if (!matchList.length) return;
    const at = ((k % matchList.length) + matchList.length) % matchList.length;
    setMatchAt(at);
    select(matchList[at]!);
  };

  const root = n > 0 ? 0 : -1;
  const rootName =
    root >= 0
      ? `${trace.services[trace.serviceIdx[0]!]}: ${trace.operations[trace.operationIdx[0]!]}`
      : "Empty trace";
  const colors = useMemo(() => serviceColors(trace.services), [trace.services]);
  const { errorCount, maxDepth } = stats;

  return (
    <div className="flex h-[calc(100vh-7.5rem)] min-h-[32rem] flex-col">
      <PageHeader
        title={rootName}
        description={`Trace ${trace.traceId} · started ${formatTime.dateTime(trace.startUnixMs)}`}
      />
      <SourceBanners sources={{ jaeger: source }} />
      {trace.warnings.map((w) => (
        <div key={w} className="mb-2">
          <Banner tone="warn" title={w} />
        </div>
      ))}
      {detailsMismatch && (
        <div className="mb-2">
          <Banner tone="warn" title="Spans arrived while this trace was opening.">
            Its span details are left out to avoid showing them on the wrong spans.{" "}
            <button type="button" className="underline" onClick={() => window.location.reload()}>
              Reload the trace
            </button>{" "}
            to see all {detailsQuery.data!.spanCount.toLocaleString()} spans with their details.
          </Banner>
        </div>
      )}
      {detailsQuery.error && (
        <div className="mb-2">
          <Banner tone="warn" title="Span attributes could not be loaded.">
            The waterfall is complete; attributes, events and links are missing: {detailsQuery.error.message}
          </Banner>
        </div>
      )}
      <div className="mb-3 flex flex-wrap items-center gap-x-4 gap-y-2 text-sm">
        <span>
          <span className="text-zinc-500">Duration</span>{" "}
          <strong className="tabular-nums">{formatUs(trace.durationUs)}</strong>
        </span>
        <span>
          <span className="text-zinc-500">Spans</span>{" "}
          <strong data-testid="span-count">{n.toLocaleString("en")}</strong>
        </span>
        <span>
          <span className="text-zinc-500">Depth</span> <strong>{maxDepth + 1}</strong>
        </span>
        {errorCount > 0 && <Badge tone="crit">{errorCount} with errors</Badge>}
        <ul className="flex flex-wrap gap-2" aria-label="Services">
          {trace.services.map((s) => (
            <li key={s} className="inline-flex items-center gap-1 text-xs">
              <span className="size-2.5 rounded-full" style={{ background: colors.get(s) }} aria-hidden />
              <Link href={`/services/${encodeURIComponent(s)}`} className="hover:underline">
                {s}
              </Link>
            </li>
          ))}
        </ul>
      </div>
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <form
          role="search"
          className="flex items-center gap-1"
          onSubmit={(e) => {
            e.preventDefault();
            goToMatch(matchAt + 1);
          }}
        >
          <label htmlFor="trace-search" className="sr-only">
            Find spans in this trace
          </label>
          <Input
            id="trace-search"
            className="w-64"
            placeholder="Find spans: service, operation, attribute…"
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              setMatchAt(-1);
            }}
          />
          <span className="w-24 text-xs text-zinc-500 tabular-nums" aria-live="polite">
            {deferredSearch.trim()
              ? matchList.length
                ? `${matchAt >= 0 ? matchAt + 1 : 0} of ${matchList.length}`
                : "no match"
              : ""}
            {deferredSearch.trim() && detailsQuery.isPending && (
              <span className="block">names only; attributes loading</span>
            )}
          </span>
          <Button
            size="sm"
            onClick={() => goToMatch(matchAt - 1)}
            disabled={!matchList.length}
            aria-label="Previous match"
          >
            ↑
          </Button>
          <Button size="sm" type="submit" disabled={!matchList.length} aria-label="Next match">
            ↓
          </Button>
        </form>
        <Button size="sm" onClick={() => setCollapsed(collapseAll(trace.descendants, false))}>
          <ChevronsUpDown className="size-4" aria-hidden /> Expand all
        </Button>
        <Button size="sm" onClick={() => setCollapsed(collapseAll(trace.descendants, true))}>
          <ChevronsDownUp className="size-4" aria-hidden /> Collapse all
        </Button>
        <Button size="sm" aria-pressed={showCritical} onClick={() => setShowCritical((v) => !v)}>
          <Route className="size-4" aria-hidden /> {showCritical ? "Hide" : "Show"} critical path (
          {sections.size})
        </Button>
        <Link
          href={`/traces/compare?a=${trace.traceId}`}
          className="inline-flex h-8 items-center gap-1.5 rounded-md border border-zinc-300 px-2.5 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
        >
          <GitCompare className="size-4" aria-hidden /> Compare with…
        </Link>
        {canAttach && (
          <Button size="sm" onClick={() => setAttaching(true)}>
            <Paperclip className="size-4" aria-hidden /> Attach to incident
          </Button>
        )}
      </div>
      <div className="flex min-h-0 flex-1 flex-col gap-3 lg:flex-row">
        <Waterfall
          trace={trace}
          serviceColors={colors}
          rows={rows}
          collapsed={collapsed}
          selected={selected}
          matches={matches}
          critical={showCritical ? sections : null}
          onSelect={select}
          onToggle={toggle}
          handle={waterfall}
        />
        {selected >= 0 && (
          <SpanDetailsPanel
            trace={trace}
            traceDetails={traceDetails}
            span={selected}
            color={colors.get(trace.services[trace.serviceIdx[selected]!]!)}
            onSelect={select}
            onClose={() => void setSpanParam(null)}
          />
        )}
      </div>
      {canAttach && (
        <AttachToIncidentDialog
          traceId={trace.traceId}
          summary={`${rootName}, ${formatUs(trace.durationUs)}`}
          open={attaching}
          onOpenChange={setAttaching}
        />
      )}
    </div>
  );
}
