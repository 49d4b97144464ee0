// Reading incidents: the shapes the API answers with, and `loadView`, the one place where an incident's
// rows become the view every read and every change returns.
import { db, type Db, type Tx } from "@/lib/db/client";
import type { Prisma, TimelineEntry } from "@/lib/db/generated/client";
import { authorize, parseInput, type ServiceContext } from "@/lib/services/context";
import { listIncidentsInput, type IncidentRole, type IncidentStatus, type Severity } from "./schemas";
import type { GroupReason } from "./grouping";
import { incidentLists } from "./list-cache";
import { findIncident } from "./store";
import type { TimelineEntryView } from "./timeline-entries";

export type IncidentSummary = {
  id: string;
  number: number;
  title: string;
  severity: Severity;
  status: IncidentStatus;
  services: string[];
  source: string;
  createdAt: string;
  resolvedAt: string | null;
  commander: string | null;
};

export type IncidentDetail = IncidentSummary & {
  summary: string;
  customerImpact: string;
  rootCause: string;
  wentWell: string;
  actionItems: { text: string; owner: string; done: boolean }[];
  declaredByEmail: string | null;
  acknowledgedAt: string | null;
  mitigatedAt: string | null;
  version: number;
  roles: { role: IncidentRole; userEmail: string; assignedAt: string }[];
  /** The Alertmanager alert groups in the incident, and why each is there. */
  alertGroups: {
    groupKey: string;
    alertname: string;
    service: string | null;
    reason: GroupReason;
    reasonText: string;
    joinedAt: string;
    resolvedAt: string | null;
  }[];
  /** The incident this one was merged into. */
  mergedInto: { id: string; number: number; title: string } | null;
  timeline: TimelineEntryView[];
  checklists: {
    id: string;
    title: string;
    runbookId: string;
    runbookVersion: number;
    startedByEmail: string;
    startedAt: string;
    steps: {
      id: string;
      position: number;
      text: string;
      checkedAt: string | null;
      checkedByEmail: string | null;
    }[];
  }[];
};

const includeAll = {
  roles: true,
  alertGroups: { orderBy: { joinedAt: "asc" } },
  mergedInto: { select: { id: true, number: true, title: true } },
  timeline: { orderBy: { at: "asc" } },
  checklists: { orderBy: { startedAt: "asc" }, include: { steps: { orderBy: { position: "asc" } } } },
} as const satisfies Prisma.IncidentInclude;

type SummaryRow = Prisma.IncidentGetPayload<{ include: { roles: true } }>;
type DetailRow = Prisma.IncidentGetPayload<{ include: typeof includeAll }>;

function summaryView(row: SummaryRow): IncidentSummary {
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    severity: row.severity,
    status: row.status,
    services: row.services,
    source: row.source,
    createdAt: row.createdAt.toISOString(),
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    commander: row.roles.find((r) => r.role === "commander")?.userEmail ?? null,
  };
}

export function timelineEntryView(e: TimelineEntry): TimelineEntryView {
  // The one cast of entry data: rows are written only through `addTimeline`, typed by the same union.
  return {
    id: e.id,
    at: e.at.toISOString(),
    kind: e.kind,
    actorEmail: e.actorEmail,
    body: e.body,
    data: e.data,
    keyEvent: e.keyEvent,
  } as TimelineEntryView;
}

function detailView(row: DetailRow): IncidentDetail {
  return {
    ...summaryView(row),
    summary: row.summary,
    customerImpact: row.customerImpact,
    rootCause: row.rootCause,
    wentWell: row.wentWell,
    actionItems: row.actionItems as IncidentDetail["actionItems"],
    declaredByEmail: row.declaredByEmail,
    acknowledgedAt: row.acknowledgedAt?.toISOString() ?? null,
    mitigatedAt: row.mitigatedAt?.toISOString() ?? null,
    version: row.version,
    roles: row.roles.map((r) => ({
      role: r.role,
      userEmail: r.userEmail,
      assignedAt: r.assignedAt.toISOString(),
    })),
    alertGroups: row.alertGroups.map((g) => ({
      groupKey: g.groupKey,
      alertname: g.alertname,
      service: g.service,
      reason: g.reason as GroupReason,
      reasonText: g.reasonText,
      joinedAt: g.joinedAt.toISOString(),
      resolvedAt: g.resolvedAt?.toISOString() ?? null,
    })),
    mergedInto: row.mergedInto,
    timeline: row.timeline.map(timelineEntryView),
    checklists: row.checklists.map((c) => ({
      id: c.id,
      title: c.title,
      runbookId: c.runbookId,
      runbookVersion: c.runbookVersion,
      startedByEmail: c.startedByEmail,
      startedAt: c.startedAt.toISOString(),
      steps: c.steps.map((s) => ({
        id: s.id,
        position: s.position,
        text: s.text,
        checkedAt: s.checkedAt?.toISOString() ?? null,
        checkedByEmail: s.checkedByEmail,
      })),
    })),
  };
}

/** The incident with its roles, timeline and checklists, as it is now (inside `client`'s transaction). */
export async function loadView(client: Tx | Db, incidentId: string): Promise<IncidentDetail> {
  return detailView(
    await client.incident.findUniqueOrThrow({ where: { id: incidentId }, include: includeAll }),
  );
}

export async function listIncidents(ctx: ServiceContext, raw: unknown): Promise<IncidentSummary[]> {
  authorize(ctx, "incidents:read");
  const input = parseInput(listIncidentsInput, raw);
  return incidentLists().read(
    JSON.stringify([input.status, input.service ?? null, input.limit]),
    async () => {
      const rows = await db().incident.findMany({
        where: {
          ...(input.status === "open" && { status: { not: "resolved" } }),
          ...(input.status === "resolved" && { status: "resolved" }),
          ...(input.service && { services: { has: input.service } }),
        },
        include: { roles: true },
        orderBy: [{ createdAt: "desc" }],
        take: input.limit,
      });
      return rows.map(summaryView);
    },
  );
}

export async function getIncident(ctx: ServiceContext, ref: string): Promise<IncidentDetail> {
  authorize(ctx, "incidents:read");
  const { id } = await findIncident(db(), ref);
  return loadView(db(), id);
}
