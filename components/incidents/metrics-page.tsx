"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Card } from "@/components/ui/card";
import { Banner, EmptyState, Skeleton } from "@/components/ui/feedback";
import { Link } from "@/components/ui/link";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useIncidentMetricsQuery } from "@/lib/client/incidents";
import type { IncidentMetrics } from "@/lib/services/incidents/metrics";
import { SeverityBadge } from "./badges";
import { chartUnit, formatDuration, inUnit } from "./durations";

export function IncidentMetricsPage() {
  const metrics = useIncidentMetricsQuery();
  return (
    <>
      <PageHeader
        title="Incident metrics"
        description="Median time to acknowledge (a commander), to mitigate (monitoring) and to resolve, per week, over the last 12 weeks."
      />
      {metrics.isError && <Banner title="Metrics could not be loaded.">{metrics.error.message}</Banner>}
      {metrics.isPending && <Skeleton className="h-72 w-full" />}
      {metrics.data && (
        <>
          <Card className="mb-4 p-4">
            <WeeklyMedians weeks={metrics.data.weeks} />
          </Card>
          {metrics.data.incidents.length === 0 ? (
            <EmptyState title="No incidents in 12 weeks">
              The chart fills in as incidents are declared and resolved.
            </EmptyState>
          ) : (
            <Table>
              <TableHeader>
                <TableHead>Incident</TableHead>
                <TableHead>Severity</TableHead>
                <TableHead numeric>Acknowledged</TableHead>
                <TableHead numeric>Mitigated</TableHead>
                <TableHead numeric>Resolved</TableHead>
              </TableHeader>
              <TableBody>
                {[...metrics.data.incidents].reverse().map((i) => (
                  <TableRow key={i.number}>
                    <TableCell>
                      <Link href={`/incidents/${i.number}`} className="hover:underline">
                        #{i.number} {i.title}
                      </Link>
                    </TableCell>
                    <TableCell>
                      <SeverityBadge severity={i.severity as "SEV1"} />
                    </TableCell>
                    <TableCell numeric>{formatDuration(i.ttaSeconds)}</TableCell>
                    <TableCell numeric>{formatDuration(i.ttmSeconds)}</TableCell>
                    <TableCell numeric>{formatDuration(i.ttrSeconds)}</TableCell>
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

/** A median of 0 (acknowledged at once) still shows as a sliver; a week without one shows nothing. */
const drawnAtZero = (value: number | null | undefined) => (value === null || value === undefined ? 0 : 2);

/** The weekly medians as bars, in the unit of the longest; a sentence instead while no week has one. */
function WeeklyMedians({ weeks }: { weeks: IncidentMetrics["weeks"] }) {
  const medians = weeks.flatMap((w) => [w.ttaMedian, w.ttmMedian, w.ttrMedian]);
  if (medians.every((m) => m === null))
    return (
      <p className="py-10 text-center text-sm text-zinc-500">
        No incident was acknowledged, mitigated or resolved in these 12 weeks: the medians appear here as
        incidents are.
      </p>
    );
  const unit = chartUnit(medians);
  return (
    <div className="h-72 text-zinc-500">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={weeks.map((w) => ({
            week: w.weekStart,
            acknowledge: inUnit(w.ttaMedian, unit),
            mitigate: inUnit(w.ttmMedian, unit),
            resolve: inUnit(w.ttrMedian, unit),
          }))}
        >
          <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} />
          <XAxis dataKey="week" stroke="currentColor" fontSize={11} />
          <YAxis
            stroke="currentColor"
            fontSize={11}
            unit={` ${unit.name}`}
            width={70}
            allowDecimals={false}
          />
          <Tooltip contentStyle={{ fontSize: 12 }} formatter={(value) => `${String(value)} ${unit.name}`} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="acknowledge" fill="#0ea5e9" minPointSize={drawnAtZero} isAnimationActive={false} />
          <Bar dataKey="mitigate" fill="#f97316" minPointSize={drawnAtZero} isAnimationActive={false} />
          <Bar dataKey="resolve" fill="#22c55e" minPointSize={drawnAtZero} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
