"use client";

import { Play } from "lucide-react";
import { parseAsString, parseAsStringLiteral, useQueryStates } from "nuqs";
import { useState } from "react";
import { TimeSeriesChart } from "@/components/charts/time-series-chart";
import { useTimeRange } from "@/components/shell/use-time-range";
import { matchesShortcut } from "@/components/shell/shortcuts";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Banner, EmptyState, Skeleton } from "@/components/ui/feedback";
import { Field, Input, Textarea } from "@/components/ui/field";
import { NotConfigured } from "@/components/ui/not-configured";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ApiError } from "@/lib/client/fetch-json";
import { useExploreQuery } from "@/lib/client/health";
import { parseTimeExpression } from "@/lib/time/range";
import type { NotConfiguredView } from "@/lib/services/connections/schemas";

const labelText = (labels: Record<string, string>) => {
  const { __name__: name, ...rest } = labels;
  const inner = Object.entries(rest)
    .map(([k, v]) => `${k}="${v}"`)
    .join(", ");
  return `${name ?? ""}{${inner}}`;
};

/** `notConfigured`: Prometheus is not configured, so the page says so instead of offering a query. */
export function ExplorePage({ notConfigured }: { notConfigured: NotConfiguredView | null }) {
  const [range] = useTimeRange();
  const [params, setParams] = useQueryStates(
    {
      query: parseAsString.withDefault(""),
      mode: parseAsStringLiteral(["instant", "range"] as const).withDefault("range"),
      step: parseAsString.withDefault(""),
    },
    { history: "push" },
  );
  const [draft, setDraft] = useState(params.query);
  const now = new Date();
  const span =
    (parseTimeExpression(range.to, now)?.getTime() ?? now.getTime()) -
    (parseTimeExpression(range.from, now)?.getTime() ?? now.getTime() - 3_600_000);
  const step = params.step || String(Math.max(15, Math.round(span / 1000 / 250)));
  const result = useExploreQuery(
    { query: params.query, mode: params.mode, from: range.from, to: range.to, step },
    !notConfigured,
  );
  const queryError =
    result.error instanceof ApiError ? (result.error.fields.query ?? result.error.fields._) : undefined;

  return (
    <>
      <PageHeader
        title="Explore"
        description="Run PromQL against Prometheus. The query, mode and range are in the URL: share it."
      />
      {notConfigured ? (
        <NotConfigured {...notConfigured} />
      ) : (
        <>
          <form
            className="mb-4 space-y-3"
            onSubmit={(e) => {
              e.preventDefault();
              void setParams({ query: draft });
            }}
          >
            <label htmlFor="promql" className="sr-only">
              PromQL query
            </label>
            <Textarea
              id="promql"
              className="h-24 font-mono"
              value={draft}
              onChange={(e) => setDraft(e.target.value)}
              onKeyDown={(e) => {
                if (matchesShortcut("explore.run", e)) {
                  e.preventDefault();
                  void setParams({ query: draft });
                }
              }}
              placeholder="sum by (service) (rate(http_server_request_duration_seconds_count[5m]))"
              aria-invalid={Boolean(queryError)}
              aria-describedby="promql-hint"
            />
            <p id="promql-hint" className="text-xs text-zinc-500">
              Ctrl+Enter runs the query. The time range is the one at the top of the page.
            </p>
            <div className="flex flex-wrap items-end gap-3">
              <div role="radiogroup" aria-label="Query type" className="flex gap-3 text-sm">
                {(["range", "instant"] as const).map((m) => (
                  <label key={m} className="flex items-center gap-1.5">
                    <input
                      type="radio"
                      name="mode"
                      checked={params.mode === m}
                      onChange={() => void setParams({ mode: m })}
                    />{" "}
                    {m === "range" ? "Graph (range)" : "Table (instant)"}
                  </label>
                ))}
              </div>
              {params.mode === "range" && (
                <Field label="Step (seconds)">
                  {(p) => (
                    <Input
                      className="w-28"
                      value={params.step}
                      placeholder={step}
                      onChange={(e) => void setParams({ step: e.target.value || null })}
                      {...p}
                    />
                  )}
                </Field>
              )}
              <Button type="submit" variant="primary" busy={result.isFetching}>
                <Play className="size-4" aria-hidden /> Run
              </Button>
            </div>
          </form>
          {queryError && (
            <div className="mb-4">
              <Banner title="Prometheus rejected the query.">{queryError.join(" ")}</Banner>
            </div>
          )}
          {result.isError && !queryError && (
            <div className="mb-4">
              <Banner title="The query failed.">{result.error.message}</Banner>
            </div>
          )}
          {!params.query && (
            <EmptyState title="Write a query to start">
              For example, the request rate of every service: <code>service:http_server_requests:rate1m</code>
              .
            </EmptyState>
          )}
          {result.isFetching && !result.data && <Skeleton className="h-64 w-full" />}
          {result.data?.mode === "range" && (
            <Card className="p-4">
              <TimeSeriesChart
                height={360}
                unit="number"
                series={result.data.series
                  .slice(0, 50)
                  .map((s) => ({ name: labelText(s.labels), points: s.points }))}
                emptyText="The query returned no series in this range."
              />
              {result.data.series.length > 50 && (
                <p className="mt-2 text-xs text-zinc-500">
                  Showing 50 of {result.data.series.length} series.
                </p>
              )}
            </Card>
          )}
          {result.data?.mode === "instant" && (
            <Table
              density="compact"
              data-testid="explore-table"
              empty={
                result.data.samples.length === 0 && (
                  <p className="text-sm text-zinc-500">The query returned no series.</p>
                )
              }
            >
              <TableHeader>
                <TableHead>Series</TableHead>
                <TableHead numeric>Value</TableHead>
              </TableHeader>
              <TableBody>
                {result.data.samples.map((s) => (
                  <TableRow key={labelText(s.labels)}>
                    <TableCell className="font-mono text-xs">{labelText(s.labels)}</TableCell>
                    <TableCell numeric>{s.value}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </>
      )}
    </>
  );
}
