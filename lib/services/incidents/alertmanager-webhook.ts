// Alertmanager's webhook: firing groups open or update incidents, resolved notifications add timeline
// entries and can resolve the incident. Idempotent: a redelivered notification changes nothing, because
// incidents are keyed by Alertmanager's group key and timeline entries by alert and state.
import { z } from "zod";
import { text } from "@/lib/validation/text";
import { secretsEqual } from "@/lib/auth/constant-time";
import { env } from "@/lib/config/env";
import { publishChange } from "@/lib/db/changes";
import { UnauthenticatedError } from "@/lib/errors";
import { mutate, type ServiceContext } from "@/lib/services/context";
import { enqueueIncidentEvent } from "@/lib/services/notifications/outbox";
import { severityFor } from "./lifecycle";
import { SEVERITIES, type Severity } from "./schemas";
import { addTimeline, snapshot } from "./store";

const labels = z.record(text(), text());

/** Alertmanager's webhook payload, version 4 (https://prometheus.io/docs/alerting/latest/configuration/#webhook_config). */
export const alertmanagerWebhook = z.object({
  version: text(),
  groupKey: text().min(1).max(2_000),
  truncatedAlerts: z.number().optional(),
  status: z.enum(["firing", "resolved"]),
  receiver: text(),
  groupLabels: labels,
  commonLabels: labels,
  commonAnnotations: labels,
  externalURL: text(),
  alerts: z
    .array(
      z.object({
        status: z.enum(["firing", "resolved"]),
        labels,
        annotations: labels,
        startsAt: text(),
        endsAt: text(),
        generatorURL: text().optional(),
        fingerprint: text(),
      }),
    )
    .max(1_000),
});

/** The webhook's caller: Alertmanager, with a bearer token from configuration, acting as a responder. */
export function webhookContext(
  authorization: string | null,
  meta: Omit<ServiceContext, "actor">,
): ServiceContext {
  const expected = env().ALERTMANAGER_WEBHOOK_TOKEN;
  const given = authorization?.replace(/^Bearer\s+/i, "") ?? "";
  if (!expected || !secretsEqual(given, expected))
    throw new UnauthenticatedError(
      expected
        ? "Send the webhook token as a bearer token."
        : "The Alertmanager webhook is off: set ALERTMANAGER_WEBHOOK_TOKEN.",
    );
  return {
    ...meta,
    actor: {
      userId: null,
      email: "alertmanager",
      name: "Alertmanager",
      role: "responder",
      authMethod: "webhook",
      sessionId: null,
    },
  };
}

const rank = (s: Severity) => SEVERITIES.indexOf(s);

export type WebhookOutcome = {
  incidentNumber: number | null;
  created: boolean;
  entriesAdded: number;
  resolved: boolean;
};

export function ingestAlertmanagerWebhook(ctx: ServiceContext, raw: unknown): Promise<WebhookOutcome> {
  return mutate(
    ctx,
    {
      action: "incident.alertmanager_webhook",
      permission: "incidents:write",
      input: alertmanagerWebhook,
      targetType: "incident",
    },
    raw,
    async (tx, payload, actor, audit) => {
      const config = env();
      const label = config.SERVICE_LABEL;
      audit.params = {
        groupKey: payload.groupKey,
        status: payload.status,
        alerts: payload.alerts.length,
        receiver: payload.receiver,
      };
      let incident = await tx.incident.findUnique({ where: { alertGroupKey: payload.groupKey } });
      let created = false;

      const firing = payload.alerts.filter((a) => a.status === "firing");
      const opens = firing.some((a) =>
        config.INCIDENT_AUTO_OPEN_SEVERITIES.includes(a.labels.severity ?? ""),
      );
      if (!incident) {
        if (payload.status !== "firing" || !opens)
          return { incidentNumber: null, created: false, entriesAdded: 0, resolved: false };
        const severity = firing
          .map((a) => severityFor(a.labels.severity))
          .sort((a, b) => rank(a) - rank(b))[0]!;
        const services = [
          ...new Set(payload.alerts.map((a) => a.labels[label]).filter((s): s is string => !!s)),
        ];
        const name = payload.commonLabels.alertname ?? firing[0]!.labels.alertname ?? "Alert";
        const title =
          payload.commonAnnotations.summary ??
          `${name}${services.length ? ` on ${services.join(", ")}` : ""}`;
        // Two deliveries of a new group can race; the unique group key lets one create and the other find it.
        const [row] = await tx.$queryRaw<{ id: string }[]>`
        insert into incidents (id, title, severity, services, summary, source, alert_group_key, declared_by_email, updated_at)
        values (gen_random_uuid(), ${title.slice(0, 200)}, ${severity}::incident_severity, ${services}::text[], ${payload.commonAnnotations.description ?? ""}, 'alertmanager', ${payload.groupKey}, 'alertmanager', now())
        on conflict (alert_group_key) do nothing returning id`;
        incident = await tx.incident.findUniqueOrThrow({ where: { alertGroupKey: payload.groupKey } });
        if (row) {
          created = true;
          await addTimeline(tx, incident.id, actor, {
            kind: "declared",
            body: `Opened by Alertmanager: ${name} (${severity})`,
            keyEvent: true,
            dedupeKey: "declared",
          });
          await enqueueIncidentEvent(tx, "incident.declared", snapshot(incident), {
            groupKey: payload.groupKey,
          });
        }
      }
      audit.targetId = incident.id;

      const before = await tx.timelineEntry.count({ where: { incidentId: incident.id } });
      for (const alert of payload.alerts) {
        const name = alert.labels.alertname ?? "alert";
        const where = alert.labels[label] ? ` on ${alert.labels[label]}` : "";
        await addTimeline(tx, incident.id, actor, {
          kind: alert.status === "firing" ? "alert_fired" : "alert_resolved",
          body:
            alert.status === "firing"
              ? `${name} fired${where}: ${alert.annotations.summary ?? ""}`.trim()
              : `${name} resolved${where}`,
          data: {
            fingerprint: alert.fingerprint,
            labels: alert.labels,
            generatorURL: alert.generatorURL ?? null,
          },
          at: new Date(alert.status === "firing" ? alert.startsAt : alert.endsAt),
          keyEvent: alert.status === "firing" && created,
          dedupeKey: `${alert.fingerprint}:${alert.status}:${alert.status === "firing" ? alert.startsAt : alert.endsAt}`,
        });
      }
      const entriesAdded = (await tx.timelineEntry.count({ where: { incidentId: incident.id } })) - before;

      let resolved = false;
      if (payload.status === "firing" && incident.status === "resolved" && entriesAdded > 0) {
        await tx.incident.update({
          where: { id: incident.id },
          data: { status: "investigating", resolvedAt: null, version: { increment: 1 } },
        });
        await addTimeline(tx, incident.id, actor, {
          kind: "status",
          body: "Reopened: the alert fired again",
          keyEvent: true,
        });
        await enqueueIncidentEvent(
          tx,
          "incident.reopened",
          snapshot({ ...incident, status: "investigating" }),
        );
      } else if (
        payload.status === "resolved" &&
        config.INCIDENT_AUTO_RESOLVE &&
        incident.status !== "resolved"
      ) {
        const now = new Date();
        await tx.incident.update({
          where: { id: incident.id },
          data: {
            status: "resolved",
            resolvedAt: now,
            mitigatedAt: incident.mitigatedAt ?? now,
            version: { increment: 1 },
          },
        });
        await addTimeline(tx, incident.id, actor, {
          kind: "status",
          body: "Resolved automatically: every alert of the group resolved",
          keyEvent: true,
          dedupeKey: `auto-resolve:${payload.alerts
            .map((a) => a.endsAt)
            .sort()
            .at(-1)}`,
        });
        await enqueueIncidentEvent(
          tx,
          "incident.status_changed",
          snapshot({ ...incident, status: "resolved" }),
          { from: incident.status, to: "resolved" },
        );
        resolved = true;
      } else if (entriesAdded > 0 || created) {
        await tx.incident.update({ where: { id: incident.id }, data: { version: { increment: 1 } } });
      }
      if (entriesAdded > 0 || created || resolved)
        await publishChange(tx, { topic: "incident", id: incident.id });
      return { incidentNumber: incident.number, created, entriesAdded, resolved };
    },
  );
}
