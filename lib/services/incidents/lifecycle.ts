// An incident's life: declaring it (by hand or from an alert), changing its status, severity and fields
// with optimistic concurrency, and handing its roles over. The notable changes are also queued as
// outgoing webhooks in the same transaction.
import { alertmanager } from "@/lib/alertmanager/client";
import { env } from "@/lib/config/env";
import { publishChange } from "@/lib/db/changes";
import type { Prisma } from "@/lib/db/generated/client";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { authorize, mutate, type ServiceContext } from "@/lib/services/context";
import { enqueueIncidentEvent } from "@/lib/services/notifications/outbox";
import {
  assignRoleInput,
  declareIncidentInput,
  ROLE_LABELS,
  updateIncidentInput,
  type Severity,
} from "./schemas";
import { addTimeline, mutateIncident, snapshot, touch } from "./store";
import { loadView, type IncidentDetail } from "./views";

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
      return loadView(tx, current.id);
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
      if (input.role === "commander")
        await enqueueIncidentEvent(tx, "incident.commander_assigned", snapshot(incident), {
          commander: email,
        });
      await touch(tx, incident.id);
      return loadView(tx, incident.id);
    },
  );
}
