"use client";

import { TimeSeriesChart, type ChartSeries, type ChartUnit } from "@/components/charts/time-series-chart";
import { SourceBanners } from "@/components/health/source-banner";
import { Skeleton } from "@/components/ui/feedback";
import { Select } from "@/components/ui/field";
import { Panel } from "@/components/ui/panel";
import { useRolloutMetricsQuery, type RolloutRef } from "@/lib/client/deployments";
import type { DeploymentMetrics } from "@/lib/services/deployments/model";
import { METRIC_RANGES } from "@/lib/services/deployments/schemas";

type Series = DeploymentMetrics["revisions"][number]["series"];

const CHARTS: { key: keyof Series; title: string; unit: ChartUnit }[] = [
  { key: "rate", title: "Requests", unit: "rate" },
  { key: "errorRatio", title: "Error ratio", unit: "percent" },
  { key: "p95", title: "p95 latency", unit: "seconds" },
];

/**
 * One line per revision, named by its role. The points are as lib/prometheus reads them, times in
 * milliseconds (model.ts's MetricPoint says seconds, but the service passes RangeSeries points on).
 */
function seriesOf(metrics: DeploymentMetrics, key: keyof Series): ChartSeries[] {
  return metrics.revisions.map((r) => ({
    name: `${r.role}${r.revision !== null ? ` (revision ${r.revision})` : ` (${r.hash})`}`,
    points: r.series[key],
  }));
}

/** The canary's and the stable's requests, errors and latency side by side, from Prometheus. */
export function MetricsPanel({
  rolloutRef,
  range,
  onRangeChange,
}: {
  rolloutRef: RolloutRef;
  range: string;
  onRangeChange: (range: string) => void;
}) {
  const metrics = useRolloutMetricsQuery(rolloutRef, range);
  const data = metrics.data;
  return (
    <Panel
      title="Canary and stable"
      action={
        <span className="flex items-center gap-1.5">
          <label htmlFor="metrics-range" className="text-xs text-zinc-500">
            Last
          </label>
          <Select
            id="metrics-range"
            className="h-7 w-auto text-xs"
            value={range}
            onChange={(e) => onRangeChange(e.target.value)}
          >
            {METRIC_RANGES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </Select>
        </span>
      }
    >
      {data && <SourceBanners sources={{ prometheus: data.source }} />}
      {metrics.isError && (
        <p className="text-sm text-red-600">Metrics could not be loaded: {metrics.error.message}</p>
      )}
      {data && data.revisions.length > 0 && (
        <p className="mb-2 text-xs text-zinc-600 dark:text-zinc-400">
          {data.revisions
            .map(
              (r) =>
                `${r.role}: ${r.revision !== null ? `revision ${r.revision}, ` : ""}pods labelled ${data.label}="${r.hash}"`,
            )
            .join("; ")}
        </p>
      )}
      {data?.noSeries && (
        <p className="mb-2 text-sm text-zinc-600 dark:text-zinc-400">
          {data.noSeries} Opsdeck tells revisions apart by the <code>{data.label}</code> label of{" "}
          {data.service}&apos;s request metrics.
        </p>
      )}
      <div className="grid gap-4 lg:grid-cols-3">
        {CHARTS.map((chart) => (
          <section key={chart.key} aria-label={chart.title}>
            <h3 className="mb-1 text-xs font-medium text-zinc-500">{chart.title}</h3>
            {metrics.isPending ? (
              <Skeleton className="h-[180px]" />
            ) : (
              <TimeSeriesChart
                unit={chart.unit}
                height={180}
                series={data ? seriesOf(data, chart.key) : []}
                emptyText="No samples of this revision's requests."
              />
            )}
          </section>
        ))}
      </div>
    </Panel>
  );
}
