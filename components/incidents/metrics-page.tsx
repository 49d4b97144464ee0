"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Card } from "@/components/ui/card";
import { Banner, EmptyState, Skeleton } from "@/components/ui/feedback";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useIncidentMetricsQuery } from "@/lib/client/incidents";
import { SeverityBadge } from "./badges";

const minutes = (s: number | null) => (s === null ? null : Math.round((s / 60) * 10) / 10);
const label = (s: number | null) =>
  s === null ? "—" : s < 3600 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`;

export function IncidentMetricsPage() {
  const metrics = useIncidentMetricsQuery();
  return (
    <>
      <PageHeader
        title="Incident metrics"
        description="Median minutes to acknowledge (a commander), to mitigate (monitoring) and to resolve, per week, over the last 12 weeks."
      />
      {metrics.isError && <Banner title="Metrics could not be loaded.">{metrics.error.message}</Banner>}
      {metrics.isPending && <Skeleton className="h-72 w-full" />}
      {metrics.data && (
        <>
          <Card className="mb-4 p-4">
            <div className="h-72 text-zinc-500">
              <ResponsiveContainer width="100%" height="100%">
                <BarChart
                  data={metrics.data.weeks.map((w) => ({
                    week: w.weekStart,
                    acknowledge: minutes(w.ttaMedian),
                    mitigate: minutes(w.ttmMedian),
                    resolve: minutes(w.ttrMedian),
                  }))}
                >
                  <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} />
                  <XAxis dataKey="week" stroke="currentColor" fontSize={11} />
                  <YAxis stroke="currentColor" fontSize={11} unit=" min" width={70} />
                  <Tooltip contentStyle={{ fontSize: 12 }} />
                  <Legend wrapperStyle={{ fontSize: 12 }} />
                  <Bar dataKey="acknowledge" fill="#0ea5e9" isAnimationActive={false} />
                  <Bar dataKey="mitigate" fill="#f97316" isAnimationActive={false} />
                  <Bar dataKey="resolve" fill="#22c55e" isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </div>
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
                      <a href={`/incidents/${i.number}`} className="hover:underline">
                        #{i.number} {i.title}
                      </a>
                    </TableCell>
                    <TableCell>
                      <SeverityBadge severity={i.severity as "SEV1"} />
                    </TableCell>
                    <TableCell numeric>{label(i.ttaSeconds)}</TableCell>
                    <TableCell numeric>{label(i.ttmSeconds)}</TableCell>
                    <TableCell numeric>{label(i.ttrSeconds)}</TableCell>
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
