"use client";

import { Link } from "@/components/ui/link";
import { parseAsString, parseAsStringLiteral, useQueryStates } from "nuqs";
import { Sparkline } from "@/components/charts/sparkline";
import { IN_PROGRESS_STATUSES } from "@/components/deployments/format";
import { RolloutBadge } from "@/components/deployments/rollout-badge";
import { useTimeRange } from "@/components/shell/use-time-range";
import { cn } from "@/components/ui/cn";
import { Banner, EmptyState } from "@/components/ui/feedback";
import { FilterChips } from "@/components/ui/filter-chips";
import { PageHeader } from "@/components/ui/page-header";
import { SearchField } from "@/components/ui/search-field";
import {
  SortableHead,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { useDeploymentsQuery } from "@/lib/client/deployments";
import { useOverviewQuery, useOverviewSparklinesQuery } from "@/lib/client/health";
import { formatAge, formatPercent, formatRate, formatSeconds } from "@/lib/format";
import type { DeliverySummary } from "@/lib/services/deployments/model";
import type { HealthStatus, ServiceHealth, SloState } from "@/lib/services/health/overview";
import { refreshMs } from "@/lib/time/range";
import { formatBudget, formatBurn } from "./slo-format";
import { SourceBanners } from "./source-banner";
import { STATUS_LABEL, StatusDot } from "./status-dot";

const SORTS = ["worst", "name", "rate", "errors", "p95", "budget", "burn", "alerts"] as const;
type Sort = (typeof SORTS)[number];
const STATUSES = ["critical", "warning", "ok", "no_data"] as const;

const num = (v: number | null | undefined) => v ?? Number.NEGATIVE_INFINITY;

// "worst" is the server's order (likely origins first, then their callers, then the rest worst first).
const COMPARE: Record<Exclude<Sort, "worst">, (a: ServiceHealth, b: ServiceHealth) => number> = {
  name: (a, b) => b.name.localeCompare(a.name),
  rate: (a, b) => num(a.requestRate) - num(b.requestRate),
  errors: (a, b) => num(a.errorRatio) - num(b.errorRatio),
  p95: (a, b) => num(a.latency.p95) - num(b.latency.p95),
  budget: (a, b) => num(b.slo.budgetRemaining) - num(a.slo.budgetRemaining),
  burn: (a, b) => num(a.slo.burnRate) - num(b.slo.burnRate),
  alerts: (a, b) => num(a.alerts?.firing) - num(b.alerts?.firing),
};

// The SLO is toned in its own cells only: a spent budget does not colour the row (a fast burn: its cell).
const BUDGET_TONE: Record<SloState, string | false> = {
  exhausted: "font-semibold text-red-600 dark:text-red-400",
  burning: false,
  ok: false,
  no_data: "text-zinc-400",
};

const REASON_TONE: Record<HealthStatus, string> = {
  critical: "text-red-600 dark:text-red-400",
  warning: "text-amber-700 dark:text-amber-400",
  ok: "",
  no_data: "text-zinc-500",
};

export function OverviewTable() {
  const [range] = useTimeRange();
  const [view, setView] = useQueryStates(
    {
      sort: parseAsStringLiteral(SORTS).withDefault("worst"),
      dir: parseAsStringLiteral(["asc", "desc"] as const).withDefault("desc"),
      q: parseAsString.withDefault(""),
      status: parseAsString.withDefault(""),
    },
    { history: "replace" },
  );
  const overview = useOverviewQuery(range);
  const sparklines = useOverviewSparklinesQuery(range);
  // Rollouts not simply healthy, for a badge in their service's row (nothing without Kubernetes).
  const rollouts = useDeploymentsQuery(
    { status: IN_PROGRESS_STATUSES },
    { refetchInterval: refreshMs(range.refresh) || false },
  );
  const rolloutOf = new Map<string, DeliverySummary>();
  for (const d of rollouts.data?.deployments ?? [])
    if (!rolloutOf.has(d.service)) rolloutOf.set(d.service, d);
  const statusFilter = new Set(view.status.split(",").filter(Boolean));

  const serverOrder = new Map((overview.data?.services ?? []).map((s, i) => [s.name, i]));
  const services = (overview.data?.services ?? [])
    .filter(
      (s) =>
        !view.q ||
        s.name.toLowerCase().includes(view.q.toLowerCase()) ||
        s.ownerTeam?.toLowerCase().includes(view.q.toLowerCase()),
    )
    .filter((s) => statusFilter.size === 0 || statusFilter.has(s.status))
    .sort((a, b) => {
      // "worst" is worst-first by itself; the other columns sort ascending, then the direction flips them.
      const c =
        view.sort === "worst"
          ? serverOrder.get(a.name)! - serverOrder.get(b.name)!
          : COMPARE[view.sort](a, b);
      return view.sort === "worst" ? (view.dir === "desc" ? c : -c) : view.dir === "desc" ? -c : c;
    });

  // Which signal a column belongs to, above its name, so that "Now" and the SLO are never read as one.
  const nowWindow = overview.data?.nowWindow ?? "1m";
  const signal = (group: "now" | "slo") => (
    <span className="block text-[10px] font-normal tracking-wide text-zinc-400 dark:text-zinc-500">
      {group === "now" ? `Now · ${nowWindow}` : "SLO"}
    </span>
  );
  const header = (label: string, sort: Sort, numeric?: boolean, group?: "now" | "slo") => (
    <SortableHead
      numeric={numeric}
      sorted={view.sort === sort && (view.dir === "desc" ? "descending" : "ascending")}
      onSort={() => void setView({ sort, dir: view.sort === sort && view.dir === "desc" ? "asc" : "desc" })}
    >
      {group && signal(group)}
      {label}
    </SortableHead>
  );

  const counts = Object.fromEntries(
    STATUSES.map((s) => [s, (overview.data?.services ?? []).filter((x) => x.status === s).length]),
  );

  return (
    <>
      <PageHeader
        title="Overview"
        description="Every service at a glance, likely origins first: what it does now (traffic, errors, latency, targets), which decides its colour; its SLO (error budget left, burn rate), which does not; and firing alerts."
        actions={
          overview.data && (
            <span className="text-xs text-zinc-500" title={overview.data.evaluatedAt}>
              {overview.isFetching ? "Refreshing…" : `As of ${formatAge(overview.data.evaluatedAt)}`}
            </span>
          )
        }
      />
      {overview.data && <SourceBanners sources={overview.data.sources} />}
      {overview.isError && (
        <div className="mb-4">
          <Banner title="The overview could not be loaded.">{overview.error.message}</Banner>
        </div>
      )}

      <div className="mb-3 flex flex-wrap items-center gap-2">
        <SearchField
          id="service-filter"
          label="Filter services"
          placeholder="Filter by service or team"
          value={view.q}
          onChange={(e) => void setView({ q: e.target.value || null })}
        />
        <FilterChips
          label="Filter by status"
          options={STATUSES}
          selected={statusFilter}
          onChange={(status) => void setView({ status: status.join(",") || null })}
          counts={counts}
          optionLabel={(s) => (
            <>
              <StatusDot status={s} />
              {STATUS_LABEL[s]}
            </>
          )}
        />
      </div>

      {overview.data && overview.data.dependencies !== "ok" && (
        <p className="mb-2 text-xs text-zinc-500" data-testid="overview-dependencies">
          {overview.data.dependencies === "not_configured"
            ? "Errors are not traced to the service they come from: set JAEGER_URL for the trace dependency graph."
            : "Errors are not traced to the service they come from yet: the trace dependency graph has not loaded."}
        </p>
      )}
      <Table
        loading={overview.isPending}
        data-testid="overview-table"
        caption={`Services. Now: requests, errors and latency over the last ${nowWindow} and targets, which decide the status. SLO: error budget left over the SLO window and burn rate over the last hour.`}
        empty={
          overview.isSuccess &&
          (overview.data.services.length === 0 ? (
            <EmptyState title="No services yet">
              Opsdeck lists every value of the <code>service</code> label on your HTTP request metrics. Check
              that Prometheus scrapes your services
              {overview.data.sources.prometheus.state === "not_configured" ? ", and set PROMETHEUS_URL" : ""}.
            </EmptyState>
          ) : (
            services.length === 0 && (
              <EmptyState title="No service matches">
                Clear the filter to see all {overview.data.services.length} services.
              </EmptyState>
            )
          ))
        }
      >
        <TableHeader>
          {header("Service", "worst")}
          {header("Traffic", "rate", true, "now")}
          {header("Errors", "errors", true, "now")}
          {header("p95", "p95", true, "now")}
          <TableHead numeric>{signal("now")}p50 / p99</TableHead>
          <TableHead numeric>{signal("now")}Targets</TableHead>
          {header("Budget", "budget", true, "slo")}
          {header("Burn 1h", "burn", true, "slo")}
          {header("Alerts", "alerts", true)}
        </TableHeader>
        <TableBody>
          {services.map((s) => (
            <TableRow
              key={s.name}
              data-testid={`service-row-${s.name}`}
              data-status={s.status}
              data-errors-from={s.errorSource?.from.join(",") || undefined}
              interactive
            >
              <TableCell>
                <div className="flex items-center gap-2">
                  <StatusDot status={s.status} />
                  <div>
                    <span className="flex flex-wrap items-center gap-1.5">
                      <Link
                        href={`/services/${encodeURIComponent(s.name)}?from=${range.from}&to=${range.to}&refresh=${range.refresh}`}
                        className="font-medium hover:underline"
                      >
                        {s.name}
                      </Link>
                      {rolloutOf.has(s.name) && <RolloutBadge delivery={rolloutOf.get(s.name)!} />}
                    </span>
                    <div className="text-xs text-zinc-500">
                      {[s.ownerTeam, s.tier].filter(Boolean).join(" · ")}
                      {s.reasons.length > 0 && (
                        <span className={REASON_TONE[s.status]}>
                          {s.ownerTeam || s.tier ? " · " : ""}
                          {s.reasons.join(", ")}
                        </span>
                      )}
                    </div>
                  </div>
                </div>
              </TableCell>
              <TableCell numeric className="whitespace-nowrap">
                <Sparkline
                  values={sparklines.data?.services[s.name]?.requestRate ?? []}
                  label={`Traffic of ${s.name}`}
                />{" "}
                <span className="ml-1">{formatRate(s.requestRate)}</span>
              </TableCell>
              <TableCell
                numeric
                className={cn(
                  "whitespace-nowrap",
                  (s.errorRatio ?? 0) >= 0.05 && "font-semibold text-red-600 dark:text-red-400",
                )}
              >
                <Sparkline
                  values={sparklines.data?.services[s.name]?.errorRatio ?? []}
                  color="#ef4444"
                  label={`Error ratio of ${s.name}`}
                />{" "}
                <span className="ml-1">{formatPercent(s.errorRatio)}</span>
              </TableCell>
              <TableCell numeric>{formatSeconds(s.latency.p95)}</TableCell>
              <TableCell numeric className="text-xs text-zinc-500">
                {formatSeconds(s.latency.p50)} / {formatSeconds(s.latency.p99)}
              </TableCell>
              <TableCell
                numeric
                className={cn(
                  s.targets &&
                    s.targets.up < s.targets.total &&
                    "font-semibold text-red-600 dark:text-red-400",
                )}
              >
                {s.targets ? `${s.targets.up}/${s.targets.total}` : "—"}
              </TableCell>
              <TableCell
                numeric
                className={cn("whitespace-nowrap", BUDGET_TONE[s.slo.state])}
                title={`SLO ${formatPercent(s.slo.objective, 2)} over ${s.slo.windowDays} days`}
                data-testid="slo-budget"
              >
                {formatBudget(s.slo.budgetRemaining)}
              </TableCell>
              <TableCell
                numeric
                className={cn((s.slo.burnRate ?? 0) >= 1 && "text-amber-700 dark:text-amber-400")}
                title="Error budget burn over the last hour: 1× spends it exactly over the SLO window"
              >
                {formatBurn(s.slo.burnRate)}
              </TableCell>
              <TableCell numeric>
                {s.alerts === null ? (
                  "—"
                ) : s.alerts.firing === 0 ? (
                  <span className="text-zinc-400">0</span>
                ) : (
                  <Link
                    href={`/alerts?filter=${encodeURIComponent(`service="${s.name}"`)}`}
                    className={cn(
                      "font-semibold hover:underline",
                      s.alerts.critical
                        ? "text-red-600 dark:text-red-400"
                        : "text-amber-700 dark:text-amber-400",
                    )}
                  >
                    {s.alerts.firing}
                  </Link>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
