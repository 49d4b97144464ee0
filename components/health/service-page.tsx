"use client";

import { ExternalLink, Pencil } from "lucide-react";
import { Link } from "@/components/ui/link";
import { useRouter } from "next/navigation";
import { parseAsStringLiteral, useQueryState } from "nuqs";
import { useState } from "react";
import { exemplarOutcome } from "@/components/charts/exemplars";
import { TimeSeriesChart, type ChartSeries } from "@/components/charts/time-series-chart";
import { markerEvents, ServiceRollouts } from "@/components/deployments/service-rollouts";
import { useTimeRange } from "@/components/shell/use-time-range";
import { Button } from "@/components/ui/button";
import { Badge, Banner, Skeleton } from "@/components/ui/feedback";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { useDeploymentMarkersQuery } from "@/lib/client/deployments";
import { useServiceDetailQuery } from "@/lib/client/health";
import { formatAge } from "@/lib/format";
import type { RangeSeries } from "@/lib/prometheus/client";
import { SeverityBadge, StatusBadge } from "@/components/incidents/badges";
import { useIncidentsQuery } from "@/lib/client/incidents";
import { useRunbooksQuery } from "@/lib/client/runbooks";
import { ServiceMetaDialog } from "./service-meta-dialog";
import { SourceBanners } from "./source-banner";

const QUANTILE_NAMES: Record<string, string> = { "0.5": "p50", "0.95": "p95", "0.99": "p99" };

function named(
  series: RangeSeries[] | undefined,
  name: (labels: Record<string, string>) => string,
): ChartSeries[] {
  return (series ?? [])
    .map((s) => ({ name: name(s.labels), points: s.points }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function ServicePage({ name, canEdit }: { name: string; canEdit: boolean }) {
  const router = useRouter();
  const [range] = useTimeRange();
  const detail = useServiceDetailQuery(name, range);
  // Rollout events (new revision, promotion, abort, undo) drawn on every chart, on the charts' time axis.
  const markers = useDeploymentMarkersQuery([name], range);
  const events = markerEvents(markers.data ?? []);
  const [editing, setEditing] = useState(false);
  // In the URL, so a link to the page shows the chart as the sender saw it.
  const [exemplars, setExemplars] = useQueryState(
    "exemplars",
    parseAsStringLiteral(["shown", "hidden"] as const).withDefault("shown"),
  );
  const data = detail.data;
  const charts = data?.charts;
  const loading = detail.isPending;

  return (
    <>
      <PageHeader
        title={name}
        description={data?.meta.description ?? "A service discovered from its metrics."}
        actions={
          <>
            {data?.meta.links.map((l) => (
              <a
                key={l.url}
                href={l.url}
                target="_blank"
                rel="noreferrer noopener"
                className="inline-flex items-center gap-1 text-sm text-sky-700 hover:underline dark:text-sky-400"
              >
                {l.label} <ExternalLink className="size-3.5" aria-hidden />
              </a>
            ))}
            {canEdit && data && (
              <Button size="sm" onClick={() => setEditing(true)}>
                <Pencil className="size-3.5" aria-hidden /> Edit details
              </Button>
            )}
          </>
        }
      />
      {data && (
        <div className="mb-4 flex flex-wrap gap-2 text-xs text-zinc-600 dark:text-zinc-400">
          <Badge>owner: {data.meta.ownerTeam ?? "unassigned"}</Badge>
          {data.meta.tier && <Badge tone="info">{data.meta.tier}</Badge>}
          <Badge>
            SLO {(data.meta.sloObjective * 100).toFixed(2).replace(/\.?0+$/, "")}% over{" "}
            {data.meta.sloWindowDays} d
          </Badge>
          <span className="self-center">As of {formatAge(data.range.end)}</span>
        </div>
      )}
      {data && <SourceBanners sources={data.sources} />}
      <ServiceRollouts service={name} markers={markers.data ?? []} />
      {detail.isError && (
        <div className="mb-4">
          <Banner title="This service could not be loaded.">{detail.error.message}</Banner>
        </div>
      )}

      <div className="grid gap-4 xl:grid-cols-2">
        <Panel title="Traffic by route">
          {loading ? (
            <Skeleton className="h-[220px]" />
          ) : (
            <TimeSeriesChart
              events={events}
              unit="rate"
              series={named(charts?.rateByRoute, (l) => Object.values(l)[0] ?? "all")}
            />
          )}
        </Panel>
        <Panel title="Responses by status code">
          {loading ? (
            <Skeleton className="h-[220px]" />
          ) : (
            <TimeSeriesChart
              events={events}
              unit="rate"
              series={named(charts?.rateByStatus, (l) => Object.values(l)[0] ?? "all")}
            />
          )}
        </Panel>
        <Panel title="Error ratio (5xx)">
          {loading ? (
            <Skeleton className="h-[220px]" />
          ) : (
            <TimeSeriesChart
              events={events}
              unit="percent"
              series={named(charts?.errorRatio, () => "errors")}
            />
          )}
        </Panel>
        <Panel
          title="Latency"
          note={
            data &&
            data.exemplars.length > 0 && (
              <span className="flex items-center gap-2">
                {exemplars === "shown" && (
                  <span>Dots are exemplars, the slowest of each moment: click one to open its trace.</span>
                )}
                <Button
                  size="sm"
                  variant="ghost"
                  aria-pressed={exemplars === "shown"}
                  onClick={() => void setExemplars(exemplars === "shown" ? "hidden" : "shown")}
                >
                  {exemplars === "shown" ? "Hide exemplars" : "Show exemplars"}
                </Button>
              </span>
            )
          }
        >
          {loading ? (
            <Skeleton className="h-[220px]" />
          ) : (
            <TimeSeriesChart
              events={events}
              unit="seconds"
              series={named(charts?.latency, (l) => QUANTILE_NAMES[l.quantile ?? ""] ?? "latency")}
              markers={
                exemplars === "hidden"
                  ? []
                  : (data?.exemplars ?? []).map((e) => ({
                      t: e.timestamp,
                      v: e.value,
                      label: `${e.route ?? ""} ${e.status ?? ""} trace ${e.traceId}`,
                      href: `/traces/${e.traceId}`,
                      outcome: exemplarOutcome(e.status),
                    }))
              }
              onMarkerClick={(m) => router.push(m.href)}
            />
          )}
        </Panel>
        <Panel title="p95 latency by route">
          {loading ? (
            <Skeleton className="h-[220px]" />
          ) : (
            <TimeSeriesChart
              events={events}
              unit="seconds"
              series={named(charts?.p95ByRoute, (l) => Object.values(l)[0] ?? "all")}
            />
          )}
        </Panel>
        <Panel title="Targets">
          {data && data.targets.length === 0 && (
            <p className="text-sm text-zinc-500">Prometheus scrapes no target for this service.</p>
          )}
          <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
            {data?.targets.map((t) => (
              <li key={t.instance} className="flex items-center justify-between gap-2 py-1.5">
                <span className="font-mono text-xs">{t.instance}</span>
                <span className="flex items-center gap-2">
                  {t.lastError && (
                    <span className="text-xs text-red-600 dark:text-red-400">{t.lastError}</span>
                  )}
                  <Badge tone={t.up ? "ok" : "crit"}>{t.up ? "up" : "down"}</Badge>
                </span>
              </li>
            ))}
          </ul>
        </Panel>
        <Panel
          title="Alerts"
          note={
            <Link
              href={`/alerts?filter=${encodeURIComponent(`service="${name}"`)}&silenced=true`}
              className="hover:underline"
            >
              All alerts of {name}
            </Link>
          }
        >
          {data && data.alerts.length === 0 && (
            <p className="text-sm text-zinc-500">No alert is firing for this service.</p>
          )}
          <ul className="space-y-1.5 text-sm">
            {data?.alerts.map((a) => (
              <li key={a.fingerprint} className="flex items-center justify-between gap-2">
                <span>
                  <span className="font-medium">{a.labels.alertname}</span>{" "}
                  <span className="text-zinc-500">{a.annotations.summary}</span>
                </span>
                <Badge
                  tone={
                    a.status.state === "suppressed"
                      ? "neutral"
                      : a.labels.severity === "critical"
                        ? "crit"
                        : "warn"
                  }
                >
                  {a.status.state === "suppressed" ? "silenced" : (a.labels.severity ?? "firing")}
                </Badge>
              </li>
            ))}
          </ul>
        </Panel>
        <RunbooksAndIncidents service={name} />
      </div>
      {data && canEdit && editing && (
        <ServiceMetaDialog meta={data.meta} open={editing} onOpenChange={setEditing} />
      )}
    </>
  );
}

function RunbooksAndIncidents({ service }: { service: string }) {
  const incidents = useIncidentsQuery("open", service);
  const runbooks = useRunbooksQuery({ service });
  const own = (runbooks.data ?? []).filter((r) => r.matches.includes("service"));
  return (
    <Panel
      title="Incidents and runbooks"
      note={
        <Link href={`/runbooks?service=${encodeURIComponent(service)}`} className="hover:underline">
          All runbooks
        </Link>
      }
    >
      {(incidents.isPending || runbooks.isPending) && <Skeleton className="h-16 w-full" />}
      {incidents.isError && (
        <p className="text-sm text-red-600">Incidents could not be loaded: {incidents.error.message}</p>
      )}
      {incidents.data && (
        <ul className="mb-3 space-y-1.5 text-sm" aria-label="Open incidents">
          {incidents.data.length === 0 && (
            <li className="text-zinc-500">No open incident involves {service}.</li>
          )}
          {incidents.data.map((i) => (
            <li key={i.id} className="flex items-center justify-between gap-2">
              <Link href={`/incidents/${i.number}`} className="font-medium hover:underline">
                #{i.number} {i.title}
              </Link>
              <span className="flex gap-1">
                <SeverityBadge severity={i.severity} />
                <StatusBadge status={i.status} />
              </span>
            </li>
          ))}
        </ul>
      )}
      {runbooks.data && (
        <ul className="space-y-1 text-sm" aria-label="Runbooks">
          {own.length === 0 && (
            <li className="text-zinc-500">
              No runbook names {service}.{" "}
              <Link
                href={`/runbooks/new?service=${encodeURIComponent(service)}`}
                className="text-sky-700 hover:underline dark:text-sky-400"
              >
                Write one
              </Link>
            </li>
          )}
          {own.map((r) => (
            <li key={r.id}>
              <Link href={`/runbooks/${r.id}`} className="hover:underline">
                {r.title}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
