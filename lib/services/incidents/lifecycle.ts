// An incident's life: declaring it (by hand or from an alert), changing its status, severity and fields
// with optimistic concurrency per field, and handing its roles over. The notable changes are also queued as
// outgoing webhooks in the same transaction.
import { alertmanager } from "@/lib/alertmanager/client";
import { can } from "@/lib/auth/permissions";
import { env } from "@/lib/config/env";
import { publishChange } from "@/lib/db/changes";
import type { Tx } from "@/lib/db/client";
import type { Incident, Prisma } from "@/lib/db/generated/client";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { authorize, mutate, type ServiceContext } from "@/lib/services/context";
import { enqueueIncidentEvent } from "@/lib/services/notifications/outbox";
import {
  assignRoleInput,
  declareIncidentInput,
  ROLE_LABELS,
  updateIncidentInput,
  type EditableField,
  type FieldConflict,
  type Severity,
} from "./schemas";
import {
  acknowledgeIncidentAlerts,
  releaseIncidentAlerts,
  undoSilences,
  type CreatedSilences,
} from "./acknowledgements";
import { addTimeline, mutateIncident, snapshot, touch } from "./store";
import { loadView, type IncidentDetail } from "./views";
import { forgetIncidentLists } from "./list-cache";

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
      return loadView(tx, incident.id);
    },
  ).finally(forgetIncidentLists);
}

const FIELD_LABELS: Record<EditableField, string> = {
  status: "status",
  severity: "severity",
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
    async (tx, input, actor, audit, found) => {
      // Locked so two writers of the same field are compared one after the other, never both on the old value.
      const current = await lockIncident(tx, found.id);
      const { base, ...requested } = input;
      const changes = pickChanged(requested, current);
      const conflicts = await fieldConflicts(tx, current, changes, base, actor.userId);
      if (conflicts.length) {
        throw new ConflictError(
          `Someone else changed ${conflicts.map((c) => FIELD_LABELS[c.field]).join(", ")} of incident #${current.number} since you loaded it. Choose which value to keep.`,
          { conflicts },
        );
      }
      audit.params = { fields: Object.keys(changes) };
      if (!Object.keys(changes).length) return loadView(tx, current.id); // already as asked: nothing to record
      const now = new Date();
      const data: Prisma.IncidentUpdateInput = { ...changes, version: { increment: 1 } };
      if (changes.status === "resolved" && current.status !== "resolved") {
        data.resolvedAt = now;
        data.mitigatedAt = current.mitigatedAt ?? now;
      }
      if (changes.status === "monitoring" && !current.mitigatedAt) data.mitigatedAt = now;
      if (changes.status && changes.status !== "resolved" && current.status === "resolved")
        data.resolvedAt = null;
      await tx.incident.update({ where: { id: current.id }, data });
      if (changes.status === "resolved") await releaseIncidentAlerts(tx, current.id);
      await publishChange(tx, { topic: "incident", id: current.id });
      const after = { ...current, ...changes };

      if (changes.status) {
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
      if (changes.severity) {
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
      const edited = Object.keys(changes).filter((k) => k !== "status" && k !== "severity");
      if (edited.length) {
        await addTimeline(tx, current.id, actor, {
          kind: "field",
          body: `Edited ${edited.map((k) => FIELD_LABELS[k as EditableField]).join(", ")}`,
          data: { fields: edited },
        });
      }
      return loadView(tx, current.id);
    },
  );
}

async function lockIncident(tx: Tx, id: string): Promise<Incident> {
  await tx.$queryRaw`select 1 from incidents where id = ${id}::uuid for update`;
  return tx.incident.findUniqueOrThrow({ where: { id } });
}

type FieldValues = Partial<Record<EditableField, unknown>>;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The requested fields whose value differs from the incident's: a field already as asked is no change. */
function pickChanged<T extends FieldValues>(requested: T, current: Incident): Partial<T> {
  return Object.fromEntries(
    Object.entries(requested).filter(
      ([field, value]) => value !== undefined && !same(value, current[field as EditableField]),
    ),
  ) as Partial<T>;
}

/**
 * The changed fields someone else changed since the writer saw them (`base`). The writer's own earlier
 * change is no conflict: a person's quick successive edits are applied in order, whatever their view showed.
 */
async function fieldConflicts(
  tx: Tx,
  current: Incident,
  changes: FieldValues,
  base: FieldValues,
  writerId: string | null,
): Promise<FieldConflict[]> {
  const conflicts: FieldConflict[] = [];
  for (const field of Object.keys(changes) as EditableField[]) {
    if (!(field in base) || same(base[field], current[field])) continue;
    const last = await lastChangeOf(tx, current.id, field);
    if (last?.actorId && last.actorId === writerId) continue;
    conflicts.push({
      field,
      base: base[field],
      theirs: current[field],
      yours: changes[field],
      changedBy: last?.actorEmail ?? null,
      changedAt: last?.at.toISOString() ?? null,
    });
  }
  return conflicts;
}

/** The timeline entry that last changed a field (status and severity have their own kinds). */
function lastChangeOf(tx: Tx, incidentId: string, field: EditableField) {
  return tx.timelineEntry.findFirst({
    where:
      field === "status" || field === "severity"
        ? { incidentId, kind: field }
        : { incidentId, kind: "field", data: { path: ["fields"], array_contains: [field] } },
    orderBy: { at: "desc" },
    select: { actorId: true, actorEmail: true, at: true },
  });
}

export async function assignRole(ctx: ServiceContext, ref: string, raw: unknown): Promise<IncidentDetail> {
  const created: CreatedSilences = { am: null, ids: [] };
  try {
    return await assignRoleIn(ctx, ref, raw, created);
  } catch (error) {
    await undoSilences(created);
    throw error;
  }
}

function assignRoleIn(
  ctx: ServiceContext,
  ref: string,
  raw: unknown,
  created: CreatedSilences,
): Promise<IncidentDetail> {
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
      if (previous?.userEmail === email) return loadView(tx, incident.id);
      await tx.incidentRoleAssignment.upsert({
        where: { incidentId_role: { incidentId: incident.id, role: input.role } },
        create: { incidentId: incident.id, role: input.role, userId: user.id, userEmail: email },
        update: { userId: user.id, userEmail: email, assignedAt: new Date() },
      });
      const roleName = ROLE_LABELS[input.role].full;
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
      if (input.role === "commander") {
        await enqueueIncidentEvent(tx, "incident.commander_assigned", snapshot(incident), {
          commander: email,
        });
        // Someone has it: the incident's alerts say so, until it resolves or the next commander takes over.
        if (incident.status !== "resolved" && can(actor.role, "silences:write"))
          await acknowledgeIncidentAlerts(tx, incident, email, actor, created);
      }
      await touch(tx, incident.id);
      return loadView(tx, incident.id);
    },
  );
}
