"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Banner, Card, EmptyState, PageHeader, Skeleton } from "@/components/ui/feedback";
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
            <Card className="overflow-x-auto">
              <table className="w-full text-sm">
                <thead className="border-b border-zinc-200 text-left text-xs text-zinc-500 uppercase dark:border-zinc-800">
                  <tr>
                    <th className="px-3 py-2">Incident</th>
                    <th className="px-3 py-2">Severity</th>
                    <th className="px-3 py-2 text-right">Acknowledged</th>
                    <th className="px-3 py-2 text-right">Mitigated</th>
                    <th className="px-3 py-2 text-right">Resolved</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                  {[...metrics.data.incidents].reverse().map((i) => (
                    <tr key={i.number}>
                      <td className="px-3 py-2">
                        <a href={`/incidents/${i.number}`} className="hover:underline">
                          #{i.number} {i.title}
                        </a>
                      </td>
                      <td className="px-3 py-2">
                        <SeverityBadge severity={i.severity as "SEV1"} />
                      </td>
                      <td className="px-3 py-2 text-right tabular-nums">{label(i.ttaSeconds)}</td>
                      <td className="px-3 py-2 text-right tabular-nums">{label(i.ttmSeconds)}</td>
                      <td className="px-3 py-2 text-right tabular-nums">{label(i.ttrSeconds)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Card>
          )}
        </>
      )}
    </>
  );
}
