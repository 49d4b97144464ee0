// Incidents: declare (by hand or from an alert), change status, severity and fields with optimistic
// concurrency, hand over roles, write the timeline, run runbook checklists, write the postmortem. Every
// change is audited, announced to the other viewers (LISTEN/NOTIFY) and, for the notable ones, queued
// as an outgoing webhook in the same transaction.
import type { z } from "zod";
import { alertmanager } from "@/lib/alertmanager/client";
import { env } from "@/lib/config/env";
import { publishChange } from "@/lib/db/changes";
import { db, type Tx } from "@/lib/db/client";
import type { Incident, Prisma } from "@/lib/db/generated/client";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import {
  authorize,
  mutate,
  parseInput,
  type Actor,
  type AuditDraft,
  type ServiceContext,
} from "@/lib/services/context";
import { enqueueIncidentEvent, type IncidentSnapshot } from "@/lib/services/notifications/outbox";
import { checklistSteps } from "@/lib/services/runbooks/checklist";
import {
  assignRoleInput,
  attachInput,
  checkStepInput,
  declareIncidentInput,
  keyEventInput,
  listIncidentsInput,
  noteInput,
  SEVERITIES,
  startChecklistInput,
  updateIncidentInput,
} from "./schemas";

type Severity = (typeof SEVERITIES)[number];

export type TimelineEntryView = {
  id: string;
  at: string;
  kind: string;
  actorEmail: string | null;
  body: string;
  data: unknown;
  keyEvent: boolean;
};

export type IncidentSummary = {
  id: string;
  number: number;
  title: string;
  severity: Severity;
  status: "investigating" | "identified" | "monitoring" | "resolved";
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
  roles: { role: string; userEmail: string; assignedAt: string }[];
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
  timeline: { orderBy: { at: "asc" } },
  checklists: { orderBy: { startedAt: "asc" }, include: { steps: { orderBy: { position: "asc" } } } },
} as const satisfies Prisma.IncidentInclude;

type Row = Prisma.IncidentGetPayload<{ include: typeof includeAll }>;
type SummaryRow = Prisma.IncidentGetPayload<{ include: { roles: true } }>;

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

function detailView(row: Row): IncidentDetail {
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
    timeline: row.timeline.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      kind: e.kind,
      actorEmail: e.actorEmail,
      body: e.body,
      data: e.data,
      keyEvent: e.keyEvent,
    })),
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

const snapshot = (i: IncidentSnapshot): IncidentSnapshot => ({
  id: i.id,
  number: i.number,
  title: i.title,
  severity: i.severity,
  status: i.status,
  services: i.services,
});

/** Incidents are addressed by number in URLs ("/incidents/42") and by id in the API; both work. */
async function findIncident(client: Tx | ReturnType<typeof db>, ref: string) {
  const where = /^\d{1,9}$/.test(ref)
    ? { number: Number(ref) }
    : /^[0-9a-f-]{36}$/.test(ref)
      ? { id: ref }
      : null;
  const row = where ? await client.incident.findUnique({ where }) : null;
  if (!row) throw new NotFoundError("No such incident.");
  return row;
}

/**
 * A change to one incident: needs `incidents:write`, finds the incident (404 otherwise), and names it in
 * the audit entry written in the same transaction.
 */
function mutateIncident<S extends z.ZodType, R>(
  ctx: ServiceContext,
  ref: string,
  spec: { action: string; input: S },
  raw: unknown,
  run: (tx: Tx, input: z.output<S>, actor: Actor, audit: AuditDraft, incident: Incident) => Promise<R>,
): Promise<R> {
  return mutate(
    ctx,
    { ...spec, permission: "incidents:write", targetType: "incident" },
    raw,
    async (tx, input, actor, audit) => {
      const incident = await findIncident(tx, ref);
      audit.targetId = incident.id;
      return run(tx, input, actor, audit, incident);
    },
  );
}

export async function addTimeline(
  tx: Tx,
  incidentId: string,
  actor: Pick<Actor, "userId" | "email"> | null,
  entry: {
    kind: string;
    body: string;
    data?: Prisma.InputJsonValue;
    keyEvent?: boolean;
    dedupeKey?: string;
    at?: Date;
  },
) {
  await tx.timelineEntry.createMany({
    data: [{ incidentId, actorId: actor?.userId ?? null, actorEmail: actor?.email ?? null, ...entry }],
    skipDuplicates: true, // a redelivered event with the same dedupe key lands once
  });
}

/** Marks the incident changed: bumps its version and tells every viewer (at commit). */
export async function touch(tx: Tx, incidentId: string) {
  await tx.incident.update({ where: { id: incidentId }, data: { version: { increment: 1 } } });
  await publishChange(tx, { topic: "incident", id: incidentId });
}

/** `touch`, returning the incident as it now is (the version bump reads it back in the same query). */
async function touchAndView(tx: Tx, incidentId: string): Promise<IncidentDetail> {
  const row = await tx.incident.update({
    where: { id: incidentId },
    data: { version: { increment: 1 } },
    include: includeAll,
  });
  await publishChange(tx, { topic: "incident", id: incidentId });
  return detailView(row);
}

export async function listIncidents(ctx: ServiceContext, raw: unknown): Promise<IncidentSummary[]> {
  authorize(ctx, "incidents:read");
  const input = parseInput(listIncidentsInput, raw);
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
}

export async function getIncident(ctx: ServiceContext, ref: string): Promise<IncidentDetail> {
  authorize(ctx, "incidents:read");
  const { id } = await findIncident(db(), ref);
  return detailView(await db().incident.findUniqueOrThrow({ where: { id }, include: includeAll }));
}

/** What an alert would prefill in the declare form. */
export async function alertPrefill(ctx: ServiceContext, fingerprint: string) {
  authorize(ctx, "incidents:read");
  const am = alertmanager();
  const alert = am
    ? (await am.alerts({ active: true, silenced: true, inhibited: true })).find(
        (a) => a.fingerprint === fingerprint,
      )
    : undefined;
  if (!alert) throw new NotFoundError("That alert is not firing any more.");
  const service = alert.labels[env().SERVICE_LABEL];
  return {
    title:
      alert.annotations.summary ?? `${alert.labels.alertname ?? "Alert"}${service ? ` on ${service}` : ""}`,
    severity: severityFor(alert.labels.severity),
    services: service ? [service] : [],
    summary: alert.annotations.description ?? "",
    labels: alert.labels,
  };
}

export function severityFor(label: string | undefined): Severity {
  return env().INCIDENT_SEVERITY_MAP.find((m) => m.labelValue === label)?.severity ?? "SEV3";
}

export function declareIncident(ctx: ServiceContext, raw: unknown): Promise<IncidentDetail> {
  return mutate(
    ctx,
    {
      action: "incident.declare",
      permission: "incidents:write",
      input: declareIncidentInput,
      targetType: "incident",
    },
    raw,
    async (tx, input, actor, audit) => {
      const incident = await tx.incident.create({
        data: {
          title: input.title,
          severity: input.severity,
          services: input.services,
          summary: input.summary,
          declaredById: actor.userId,
          declaredByEmail: actor.email,
        },
      });
      audit.targetId = incident.id;
      await addTimeline(tx, incident.id, actor, {
        kind: "declared",
        body: `Declared ${incident.severity}: ${incident.title}`,
        keyEvent: true,
      });
      if (input.fromAlert) {
        const prefill = await alertPrefill(ctx, input.fromAlert).catch(() => null);
        if (prefill) {
          await addTimeline(tx, incident.id, actor, {
            kind: "alert_attached",
            body: `Declared from alert ${prefill.labels.alertname ?? input.fromAlert}`,
            data: { fingerprint: input.fromAlert, labels: prefill.labels },
            dedupeKey: `alert:${input.fromAlert}`,
          });
        }
      }
      await enqueueIncidentEvent(tx, "incident.declared", snapshot(incident));
      await publishChange(tx, { topic: "incident", id: incident.id });
      return detailView(
        await tx.incident.findUniqueOrThrow({ where: { id: incident.id }, include: includeAll }),
      );
    },
  );
}

const FIELD_LABELS: Record<string, string> = {
  title: "title",
  services: "affected services",
  summary: "summary",
  customerImpact: "customer impact",
  rootCause: "root cause",
  wentWell: "what went well",
  actionItems: "action items",
};

export function updateIncident(ctx: ServiceContext, ref: string, raw: unknown): Promise<IncidentDetail> {
  return mutateIncident(
    ctx,
    ref,
    { action: "incident.update", input: updateIncidentInput },
    raw,
    async (tx, input, actor, audit, current) => {
      const { expectedVersion, ...changes } = input;
      const now = new Date();
      const data: Prisma.IncidentUpdateManyMutationInput = { ...changes, version: { increment: 1 } };
      if (changes.status === "resolved" && current.status !== "resolved") {
        data.resolvedAt = now;
        data.mitigatedAt = current.mitigatedAt ?? now;
      }
      if (changes.status === "monitoring" && !current.mitigatedAt) data.mitigatedAt = now;
      if (changes.status && changes.status !== "resolved" && current.status === "resolved")
        data.resolvedAt = null;
      // The version check and the write are one statement: a concurrent edit makes this match no row.
      const updated = await tx.incident.updateMany({
        where: { id: current.id, version: expectedVersion },
        data,
      });
      if (updated.count === 0) {
        throw new ConflictError(
          `Someone else changed incident #${current.number} since you loaded it. Reload to see their change, then try again.`,
        );
      }
      await publishChange(tx, { topic: "incident", id: current.id });
      const after = { ...current, ...changes };

      if (changes.status && changes.status !== current.status) {
        const reopened = current.status === "resolved";
        await addTimeline(tx, current.id, actor, {
          kind: "status",
          body: reopened ? `Reopened: ${changes.status}` : `Status: ${current.status} → ${changes.status}`,
          data: { from: current.status, to: changes.status },
          keyEvent: true,
        });
        await enqueueIncidentEvent(
          tx,
          reopened ? "incident.reopened" : "incident.status_changed",
          snapshot(after),
          { from: current.status, to: changes.status },
        );
      }
      if (changes.severity && changes.severity !== current.severity) {
        await addTimeline(tx, current.id, actor, {
          kind: "severity",
          body: `Severity: ${current.severity} → ${changes.severity}`,
          data: { from: current.severity, to: changes.severity },
          keyEvent: true,
        });
        await enqueueIncidentEvent(tx, "incident.severity_changed", snapshot(after), {
          from: current.severity,
          to: changes.severity,
        });
      }
      const edited = Object.keys(changes).filter(
        (k) =>
          k in FIELD_LABELS &&
          JSON.stringify((changes as Record<string, unknown>)[k]) !==
            JSON.stringify((current as Record<string, unknown>)[k]),
      );
      if (edited.length) {
        await addTimeline(tx, current.id, actor, {
          kind: "field",
          body: `Edited ${edited.map((k) => FIELD_LABELS[k]).join(", ")}`,
          data: { fields: edited },
        });
      }
      return detailView(
        await tx.incident.findUniqueOrThrow({ where: { id: current.id }, include: includeAll }),
      );
    },
  );
}

export function assignRole(ctx: ServiceContext, ref: string, raw: unknown): Promise<IncidentDetail> {
  return mutateIncident(
    ctx,
    ref,
    { action: "incident.assign_role", input: assignRoleInput },
    raw,
    async (tx, input, actor, audit, incident) => {
      const email = input.userEmail ?? actor.email;
      const user = await tx.user.findUnique({ where: { email } });
      if (!user || user.status !== "active")
        throw new ValidationError({ userEmail: ["No active user has this email."] });
      const previous = await tx.incidentRoleAssignment.findUnique({
        where: { incidentId_role: { incidentId: incident.id, role: input.role } },
      });
      if (previous?.userEmail === email)
        return detailView(
          await tx.incident.findUniqueOrThrow({ where: { id: incident.id }, include: includeAll }),
        );
      await tx.incidentRoleAssignment.upsert({
        where: { incidentId_role: { incidentId: incident.id, role: input.role } },
        create: { incidentId: incident.id, role: input.role, userId: user.id, userEmail: email },
        update: { userId: user.id, userEmail: email, assignedAt: new Date() },
      });
      const roleName = {
        commander: "Incident commander",
        scribe: "Scribe",
        communications: "Communications lead",
      }[input.role];
      await addTimeline(tx, incident.id, actor, {
        kind: "role",
        body: previous
          ? `${roleName}: ${previous.userEmail} handed over to ${email}`
          : `${roleName}: ${email}`,
        data: { role: input.role, from: previous?.userEmail ?? null, to: email },
        keyEvent: input.role === "commander",
      });
      if (input.role === "commander" && !incident.acknowledgedAt) {
        await tx.incident.update({ where: { id: incident.id }, data: { acknowledgedAt: new Date() } });
      }
      if (input.role === "commander")
        await enqueueIncidentEvent(tx, "incident.commander_assigned", snapshot(incident), {
          commander: email,
        });
      return touchAndView(tx, incident.id);
    },
  );
}

export function addNote(ctx: ServiceContext, ref: string, raw: unknown): Promise<TimelineEntryView> {
  return mutateIncident(
    ctx,
    ref,
    { action: "incident.note", input: noteInput },
    raw,
    async (tx, input, actor, audit, incident) => {
      const entry = await tx.timelineEntry.create({
        data: {
          incidentId: incident.id,
          actorId: actor.userId,
          actorEmail: actor.email,
          kind: "note",
          body: input.body,
          keyEvent: input.keyEvent,
        },
      });
      await touch(tx, incident.id);
      return {
        id: entry.id,
        at: entry.at.toISOString(),
        kind: entry.kind,
        actorEmail: entry.actorEmail,
        body: entry.body,
        data: entry.data,
        keyEvent: entry.keyEvent,
      };
    },
  );
}

export function setKeyEvent(
  ctx: ServiceContext,
  ref: string,
  raw: unknown,
): Promise<{ id: string; keyEvent: boolean }> {
  return mutateIncident(
    ctx,
    ref,
    { action: "incident.key_event", input: keyEventInput },
    raw,
    async (tx, input, _actor, audit, incident) => {
      const updated = await tx.timelineEntry.updateMany({
        where: { id: input.entryId, incidentId: incident.id },
        data: { keyEvent: input.keyEvent },
      });
      if (updated.count === 0) throw new NotFoundError("No such timeline entry.");
      await touch(tx, incident.id);
      return { id: input.entryId, keyEvent: input.keyEvent };
    },
  );
}

export function attachToIncident(ctx: ServiceContext, ref: string, raw: unknown): Promise<IncidentDetail> {
  return mutateIncident(
    ctx,
    ref,
    { action: "incident.attach", input: attachInput },
    raw,
    async (tx, input, actor, audit, incident) => {
      if (input.kind === "trace") {
        await addTimeline(tx, incident.id, actor, {
          kind: "trace",
          body: `Attached trace ${input.traceId}${input.note ? `: ${input.note}` : ""}`,
          data: { traceId: input.traceId },
          dedupeKey: `trace:${input.traceId}`,
        });
      } else {
        await addTimeline(tx, incident.id, actor, {
          kind: "link",
          body: input.title,
          data: { url: input.url },
        });
      }
      return touchAndView(tx, incident.id);
    },
  );
}

export function startChecklist(ctx: ServiceContext, ref: string, raw: unknown): Promise<IncidentDetail> {
  return mutateIncident(
    ctx,
    ref,
    { action: "incident.start_checklist", input: startChecklistInput },
    raw,
    async (tx, input, actor, audit, incident) => {
      const runbook = await tx.runbook.findUnique({ where: { id: input.runbookId } });
      if (!runbook) throw new NotFoundError("No such runbook.");
      const steps = checklistSteps(runbook.body);
      if (!steps.length)
        throw new ValidationError({
          runbookId: ["This runbook has no checklist (task-list items such as “- [ ] Check the dashboard”)."],
        });
      const run = await tx.checklistRun.create({
        data: {
          incidentId: incident.id,
          runbookId: runbook.id,
          runbookVersion: runbook.version,
          title: runbook.title,
          startedById: actor.userId,
          startedByEmail: actor.email,
          steps: { create: steps.map((text, position) => ({ position, text })) },
        },
      });
      audit.params = { runbookId: runbook.id, runbookVersion: runbook.version, steps: steps.length };
      await addTimeline(tx, incident.id, actor, {
        kind: "checklist_started",
        body: `Started the checklist of “${runbook.title}” (${steps.length} steps)`,
        data: { runId: run.id, runbookId: runbook.id },
      });
      return touchAndView(tx, incident.id);
    },
  );
}

export function checkStep(ctx: ServiceContext, ref: string, raw: unknown): Promise<IncidentDetail> {
  return mutateIncident(
    ctx,
    ref,
    { action: "incident.check_step", input: checkStepInput },
    raw,
    async (tx, input, actor, audit, incident) => {
      const step = await tx.checklistStep.findFirst({
        where: { id: input.stepId, run: { incidentId: incident.id } },
        include: { run: true },
      });
      if (!step) throw new NotFoundError("No such checklist step.");
      if (Boolean(step.checkedAt) !== input.checked) {
        await tx.checklistStep.update({
          where: { id: step.id },
          data: input.checked
            ? { checkedAt: new Date(), checkedById: actor.userId, checkedByEmail: actor.email }
            : { checkedAt: null, checkedById: null, checkedByEmail: null },
        });
        await addTimeline(tx, incident.id, actor, {
          kind: "checklist_step",
          body: `${input.checked ? "Done" : "Undone"}: ${step.text} (${step.run.title}, step ${step.position + 1})`,
          data: { runId: step.runId, stepId: step.id, checked: input.checked },
        });
        await touch(tx, incident.id);
      }
      return detailView(
        await tx.incident.findUniqueOrThrow({ where: { id: incident.id }, include: includeAll }),
      );
    },
  );
}

/** The postmortem as Markdown: prefilled from the incident, its key events and its postmortem fields. */
export async function postmortemMarkdown(
  ctx: ServiceContext,
  ref: string,
): Promise<{ filename: string; markdown: string }> {
  const incident = await getIncident(ctx, ref);
  const iso = (v: string | null) => (v ? `${v.replace("T", " ").replace(/\.\d+Z$/, " UTC")}` : "—");
  const duration = (from: string, to: string | null) => {
    if (!to) return "—";
    const minutes = Math.round((Date.parse(to) - Date.parse(from)) / 60_000);
    return minutes < 120 ? `${minutes} min` : `${(minutes / 60).toFixed(1)} h`;
  };
  const role = (r: string) => incident.roles.find((x) => x.role === r)?.userEmail ?? "—";
  const keyEvents = incident.timeline.filter((e) => e.keyEvent);
  const lines = [
    `# Postmortem: incident #${incident.number} — ${incident.title}`,
    "",
    `| | |`,
    `|---|---|`,
    `| Severity | ${incident.severity} |`,
    `| Status | ${incident.status} |`,
    `| Services | ${incident.services.join(", ") || "—"} |`,
    `| Declared | ${iso(incident.createdAt)} by ${incident.declaredByEmail ?? incident.source} |`,
    `| Acknowledged | ${iso(incident.acknowledgedAt)} (after ${duration(incident.createdAt, incident.acknowledgedAt)}) |`,
    `| Mitigated | ${iso(incident.mitigatedAt)} (after ${duration(incident.createdAt, incident.mitigatedAt)}) |`,
    `| Resolved | ${iso(incident.resolvedAt)} (after ${duration(incident.createdAt, incident.resolvedAt)}) |`,
    `| Commander | ${role("commander")} |`,
    `| Scribe | ${role("scribe")} |`,
    `| Communications | ${role("communications")} |`,
    "",
    "## Summary",
    "",
    incident.summary || "_To be written._",
    "",
    "## Customer impact",
    "",
    incident.customerImpact || "_To be written._",
    "",
    "## Timeline of key events (UTC)",
    "",
    ...(keyEvents.length
      ? keyEvents.map((e) => `- **${iso(e.at)}** ${e.body}${e.actorEmail ? ` (${e.actorEmail})` : ""}`)
      : ["_No event was marked as key._"]),
    "",
    "## Root cause",
    "",
    incident.rootCause || "_To be written._",
    "",
    "## What went well",
    "",
    incident.wentWell || "_To be written._",
    "",
    "## Action items",
    "",
    ...(incident.actionItems.length
      ? incident.actionItems.map(
          (a) => `- [${a.done ? "x" : " "}] ${a.text}${a.owner ? ` — owner: ${a.owner}` : ""}`,
        )
      : ["_None yet._"]),
    "",
  ];
  return { filename: `incident-${incident.number}-postmortem.md`, markdown: lines.join("\n") };
}

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

export { findIncident, includeAll, detailView, snapshot };
