"use client";

import { GitCompare, Search } from "lucide-react";
import { Link } from "@/components/ui/link";
import { useRouter } from "next/navigation";
import { useQueryStates } from "nuqs";
import { useState } from "react";
import {
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
  ZAxis,
} from "recharts";
import { SourceBanners } from "@/components/health/source-banner";
import { useTimeRange } from "@/components/shell/use-time-range";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Badge, Banner, EmptyState, Skeleton } from "@/components/ui/feedback";
import { Field, Input, Select } from "@/components/ui/field";
import { NotConfigured } from "@/components/ui/not-configured";
import { PageHeader } from "@/components/ui/page-header";
import { ApiError } from "@/lib/client/fetch-json";
import {
  useOperationsQuery,
  useTraceSearchQuery,
  useTraceServicesQuery,
  type TraceServices,
} from "@/lib/client/traces";
import type { TraceSearchResult } from "@/lib/services/traces";
import { traceSearchParsers } from "@/lib/traces/search-params";
import type { TraceSummary } from "@/lib/traces/model";
import type { NotConfiguredView } from "@/lib/services/connections/schemas";
import { timeAxis } from "@/lib/time/format";
import { formatUs, serviceColors } from "./colors";
import { TraceTabs } from "./trace-tabs";
import { Time, useTimeFormat } from "@/components/shell/time-format";

const LIMITS = [20, 50, 100, 200];

/** What the page's first response carried: the services, and the results of the URL's search. */
export type TraceSearchFirstPaint = {
  services?: TraceServices;
  search?: { query: string; result: TraceSearchResult };
};

/**
 * `notConfigured`: Jaeger is not configured, so the page says so instead of asking. `initial`: what the
 * server already asked (each part absent when it failed: the browser then asks, and shows why).
 */
export function TraceSearchPage({
  notConfigured,
  initial = {},
}: {
  notConfigured: NotConfiguredView | null;
  initial?: TraceSearchFirstPaint;
}) {
  const router = useRouter();
  const [range] = useTimeRange();
  const [query, setQuery] = useQueryStates(traceSearchParsers, { history: "push" });
  // The form edits a draft; Search commits it to the URL (and so to the query and the history).
  const [draft, setDraft] = useState({ ...query, attrText: query.attr.join(" ") });
  // Back and forward change the URL: the form follows (adjusting state while rendering, not in an effect).
  const committed = JSON.stringify(query);
  const [shown, setShown] = useState(committed);
  if (committed !== shown) {
    setShown(committed);
    setDraft({ ...query, attrText: query.attr.join(" ") });
  }
  const configured = !notConfigured;
  const services = useTraceServicesQuery(configured, initial.services);
  const operations = useOperationsQuery(draft.service, configured);
  const results = useTraceSearchQuery(
    { ...query, attrs: query.attr, from: range.from, to: range.to },
    configured,
    initial.search,
  );
  const [selected, setSelected] = useState<string[]>([]);
  // The search's own freshness once there is one (newer than the list of services).
  const jaegerSource = results.data?.source ?? services.data?.source;
  const fields = results.error instanceof ApiError ? results.error.fields : {};

  const toggle = (id: string) =>
    setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s.slice(-1), id]));

  return (
    <>
      <PageHeader
        title="Traces"
        description="Find requests in Jaeger by service, operation, attributes and duration."
      />
      <TraceTabs />
      {notConfigured ? (
        <NotConfigured {...notConfigured} />
      ) : (
        <>
          {jaegerSource && <SourceBanners sources={{ jaeger: jaegerSource }} />}
          {services.error && (
            <div className="mb-4">
              <Banner title="Jaeger is not answering.">{services.error.message}</Banner>
            </div>
          )}
          <form
            aria-label="Search traces"
            className="mb-5 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-6"
            onSubmit={(e) => {
              e.preventDefault();
              setSelected([]);
              void setQuery({
                service: draft.service,
                operation: draft.operation,
                attr: draft.attrText.split(/\s+/).filter(Boolean),
                minDuration: draft.minDuration.trim(),
                maxDuration: draft.maxDuration.trim(),
                limit: draft.limit,
              });
            }}
          >
            <Field label="Service" errors={fields.service}>
              {(p) => (
                <Select
                  {...p}
                  value={draft.service}
                  onChange={(e) => setDraft({ ...draft, service: e.target.value, operation: "" })}
                >
                  <option value="">Choose a service…</option>
                  {services.data?.services.map((s) => (
                    <option key={s}>{s}</option>
                  ))}
                </Select>
              )}
            </Field>
            <Field label="Operation">
              {(p) => (
                <Select
                  {...p}
                  value={draft.operation}
                  disabled={!draft.service}
                  onChange={(e) => setDraft({ ...draft, operation: e.target.value })}
                >
                  <option value="">All operations</option>
                  {operations.data?.map((o) => (
                    <option key={`${o.name}|${o.spanKind}`} value={o.name}>
                      {o.name}
                      {o.spanKind ? ` (${o.spanKind})` : ""}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
            <div className="lg:col-span-2">
              <Field
                label="Attributes"
                hint="key=value, separated by spaces; every one must hold on some span"
                errors={Object.entries(fields)
                  .filter(([k]) => k.startsWith("attributes"))
                  .flatMap(([, v]) => v)}
              >
                {(p) => (
                  <Input
                    {...p}
                    className="font-mono"
                    placeholder="http.response.status_code=500"
                    value={draft.attrText}
                    onChange={(e) => setDraft({ ...draft, attrText: e.target.value })}
                  />
                )}
              </Field>
            </div>
            <div className="grid grid-cols-2 gap-2">
              <Field label="Min duration" errors={fields.minDuration}>
                {(p) => (
                  <Input
                    {...p}
                    placeholder="250ms"
                    value={draft.minDuration}
                    onChange={(e) => setDraft({ ...draft, minDuration: e.target.value })}
                  />
                )}
              </Field>
              <Field label="Max duration" errors={fields.maxDuration}>
                {(p) => (
                  <Input
                    {...p}
                    placeholder="2s"
                    value={draft.maxDuration}
                    onChange={(e) => setDraft({ ...draft, maxDuration: e.target.value })}
                  />
                )}
              </Field>
            </div>
            <div className="flex items-end gap-2">
              <Field label="Limit">
                {(p) => (
                  <Select
                    {...p}
                    className="w-20"
                    value={draft.limit}
                    onChange={(e) => setDraft({ ...draft, limit: Number(e.target.value) })}
                  >
                    {LIMITS.map((l) => (
                      <option key={l}>{l}</option>
                    ))}
                  </Select>
                )}
              </Field>
              <Button type="submit" variant="primary" disabled={!draft.service}>
                <Search className="size-4" aria-hidden /> Search
              </Button>
            </div>
          </form>

          {!query.service ? (
            <EmptyState icon={<Search className="size-8" />} title="Choose a service to search its traces">
              Pick a service above, optionally an operation, attributes and a duration range, then Search. The
              time range at the top applies; every search is a link you can share.
            </EmptyState>
          ) : results.isPending ? (
            <div className="space-y-2" aria-label="Loading traces">
              <Skeleton className="h-48 w-full" />
              {Array.from({ length: 6 }, (_, i) => (
                <Skeleton key={i} className="h-10 w-full" />
              ))}
            </div>
          ) : results.error ? (
            <Banner
              title={
                results.error instanceof ApiError && results.error.status === 422
                  ? "Check the search."
                  : "The search failed."
              }
            >
              {results.error.message}
            </Banner>
          ) : results.data.traces.length === 0 ? (
            <EmptyState icon={<Search className="size-8" />} title="No traces match">
              Nothing from {query.service}
              {query.operation ? ` ${query.operation}` : ""} in this time range
              {query.attr.length ? ` with ${query.attr.join(", ")}` : ""}. Widen the time range, drop a
              filter, or check that the service sends traces to Jaeger.
              {results.data.attributeFilteredLocally && (
                <>
                  {" "}
                  Attribute filters were applied to the {results.data.scanned} most recent traces Jaeger
                  returned.
                </>
              )}
            </EmptyState>
          ) : (
            <>
              <Card className="mb-4 p-3">
                <DurationScatter traces={results.data.traces} onOpen={(id) => router.push(`/traces/${id}`)} />
              </Card>
              <div className="mb-2 flex flex-wrap items-center justify-between gap-2 text-sm text-zinc-600 dark:text-zinc-400">
                <p aria-live="polite">
                  {results.data.traces.length} trace{results.data.traces.length === 1 ? "" : "s"}
                  {results.data.attributeFilteredLocally &&
                    ` (attribute filters applied to the ${results.data.scanned} most recent matches)`}
                  {results.isFetching && " · updating…"}
                </p>
                <div className="flex items-center gap-2">
                  <span>
                    {selected.length ? `${selected.length} of 2 selected` : "Select two traces to compare"}
                  </span>
                  <Button
                    size="sm"
                    disabled={selected.length !== 2}
                    onClick={() => router.push(`/traces/compare?a=${selected[0]}&b=${selected[1]}`)}
                  >
                    <GitCompare className="size-4" aria-hidden /> Compare
                  </Button>
                </div>
              </div>
              <TraceList traces={results.data.traces} selected={selected} onToggle={toggle} />
            </>
          )}
        </>
      )}
    </>
  );
}

function DurationScatter({ traces, onOpen }: { traces: TraceSummary[]; onOpen: (id: string) => void }) {
  const points = traces.map((t) => ({
    t: t.startUnixMs,
    d: t.durationUs / 1000,
    id: t.traceId,
    errors: t.errorCount,
  }));
  const ok = points.filter((p) => p.errors === 0);
  const failed = points.filter((p) => p.errors > 0);
  const open = (p: unknown) => onOpen((p as { payload?: { id?: string } }).payload?.id ?? "");
  const formatTime = useTimeFormat();
  const times = points.map((p) => p.t);
  const axis = timeAxis(Math.min(...times), Math.max(...times), formatTime.prefs);
  return (
    <div
      className="relative h-52"
      role="img"
      aria-label={`Duration of ${traces.length} traces over time (${axis.zone}); red ones have errors`}
    >
      <span
        className="pointer-events-none absolute top-0 right-4 text-[10px] text-zinc-500"
        data-testid="chart-zone"
      >
        {axis.zone}
      </span>
      <ResponsiveContainer width="100%" height="100%">
        <ScatterChart margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" className="stroke-zinc-200 dark:stroke-zinc-800" />
          <XAxis
            dataKey="t"
            type="number"
            domain={["dataMin", "dataMax"]}
            ticks={axis.ticks}
            tickFormatter={axis.label}
            fontSize={11}
          />
          <YAxis dataKey="d" type="number" unit="ms" fontSize={11} width={60} />
          <ZAxis range={[40, 40]} />
          <Tooltip
            formatter={(v, name) =>
              name === "d"
                ? `${Number(v).toFixed(1)} ms`
                : name === "t"
                  ? formatTime.time(Number(v))
                  : String(v)
            }
            labelFormatter={() => ""}
            cursor={{ strokeDasharray: "3 3" }}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Scatter data={ok} fill="#0ea5e9" onClick={open} className="cursor-pointer" name="no errors" />
          <Scatter
            data={failed}
            fill="#ef4444"
            onClick={open}
            className="cursor-pointer"
            name="with errors"
          />
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
}

function TraceList({
  traces,
  selected,
  onToggle,
}: {
  traces: TraceSummary[];
  selected: string[];
  onToggle: (id: string) => void;
}) {
  const longest = Math.max(...traces.map((t) => t.durationUs), 1);
  const colors = serviceColors(traces.flatMap((t) => t.services.map((s) => s.name)));
  return (
    <ul
      className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800"
      data-testid="trace-results"
    >
      {traces.map((t) => (
        <li
          key={t.traceId}
          className="flex items-center gap-3 px-3 py-2 hover:bg-zinc-50 dark:hover:bg-zinc-900/60"
        >
          <input
            type="checkbox"
            aria-label={`Select trace ${t.traceId.slice(0, 8)} to compare`}
            checked={selected.includes(t.traceId)}
            onChange={() => onToggle(t.traceId)}
          />
          <div className="min-w-0 flex-1">
            <Link
              href={`/traces/${t.traceId}`}
              className="font-medium text-sky-700 hover:underline dark:text-sky-400"
            >
              {t.rootService}: {t.rootOperation || "(no root span)"}
            </Link>
            <span className="ml-2 font-mono text-xs text-zinc-500">{t.traceId.slice(0, 12)}</span>
            <div className="mt-1 flex flex-wrap gap-1">
              {t.services.map((s) => (
                <span
                  key={s.name}
                  className="inline-flex items-center gap-1 rounded bg-zinc-100 px-1.5 py-0.5 text-xs dark:bg-zinc-800"
                >
                  <span
                    className="size-2 rounded-full"
                    style={{ background: colors.get(s.name) }}
                    aria-hidden
                  />
                  {s.name} ({s.spanCount})
                </span>
              ))}
            </div>
          </div>
          <div className="hidden w-48 sm:block" aria-hidden>
            <div className="h-2 rounded bg-zinc-100 dark:bg-zinc-800">
              <div
                className={t.errorCount ? "h-2 rounded bg-red-500" : "h-2 rounded bg-sky-500"}
                style={{ width: `${Math.max(2, (t.durationUs / longest) * 100)}%` }}
              />
            </div>
          </div>
          <div className="w-36 text-right text-sm">
            <div className="font-medium tabular-nums">{formatUs(t.durationUs)}</div>
            <div className="text-xs text-zinc-500">
              {t.spanCount} spans
              {t.errorCount > 0 && (
                <>
                  {" · "}
                  <Badge tone="crit">{t.errorCount} errors</Badge>
                </>
              )}
            </div>
          </div>
          <Time at={t.startUnixMs} className="w-32 text-right text-xs text-zinc-500" />
        </li>
      ))}
    </ul>
  );
}
