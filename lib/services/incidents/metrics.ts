// Response metrics: time to acknowledge, mitigate and resolve, per incident and as weekly medians.
import { db } from "@/lib/db/client";
import { authorize, type ServiceContext } from "@/lib/services/context";

export type IncidentMetrics = {
  incidents: {
    number: number;
    title: string;
    severity: string;
    createdAt: string;
    ttaSeconds: number | null;
    ttmSeconds: number | null;
    ttrSeconds: number | null;
  }[];
  weeks: {
    weekStart: string;
    count: number;
    ttaMedian: number | null;
    ttmMedian: number | null;
    ttrMedian: number | null;
  }[];
};

const median = (xs: number[]) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** Time to acknowledge (a commander), to mitigate (monitoring) and to resolve, per incident and per week. */
export async function incidentMetrics(ctx: ServiceContext, weeks = 12): Promise<IncidentMetrics> {
  authorize(ctx, "incidents:read");
  const since = new Date(Date.now() - weeks * 7 * 86_400_000);
  const rows = await db().incident.findMany({
    where: { createdAt: { gte: since } },
    orderBy: { createdAt: "asc" },
  });
  const secs = (from: Date, to: Date | null) =>
    to ? Math.round((to.getTime() - from.getTime()) / 1000) : null;
  const incidents = rows.map((r) => ({
    number: r.number,
    title: r.title,
    severity: r.severity,
    createdAt: r.createdAt.toISOString(),
    ttaSeconds: secs(r.createdAt, r.acknowledgedAt),
    ttmSeconds: secs(r.createdAt, r.mitigatedAt),
    ttrSeconds: secs(r.createdAt, r.resolvedAt),
  }));
  const weekStart = (d: Date) => {
    const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
    day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
    return day.toISOString().slice(0, 10);
  };
  const buckets = new Map<string, typeof incidents>();
  for (let i = weeks - 1; i >= 0; i--) buckets.set(weekStart(new Date(Date.now() - i * 7 * 86_400_000)), []);
  for (const incident of incidents) buckets.get(weekStart(new Date(incident.createdAt)))?.push(incident);
  return {
    incidents,
    weeks: [...buckets.entries()].map(([start, list]) => ({
      weekStart: start,
      count: list.length,
      ttaMedian: median(list.flatMap((i) => (i.ttaSeconds === null ? [] : [i.ttaSeconds]))),
      ttmMedian: median(list.flatMap((i) => (i.ttmSeconds === null ? [] : [i.ttmSeconds]))),
      ttrMedian: median(list.flatMap((i) => (i.ttrSeconds === null ? [] : [i.ttrSeconds]))),
    })),
  };
}
