// Alertmanager's webhook: a firing group joins a related open incident (grouping.ts) or opens one;
// later notifications of the group go to the same incident, resolved ones add timeline entries and can
// resolve it. Idempotent: a redelivered notification changes nothing, because alert groups belong to one
// incident each (by Alertmanager's group key) and timeline entries are keyed by alert and state.
import { z } from "zod";
import { text } from "@/lib/validation/text";
import { secretsEqual } from "@/lib/auth/constant-time";
import { env } from "@/lib/config/env";
import { publishChange } from "@/lib/db/changes";
import { UnauthenticatedError } from "@/lib/errors";
import { mutate, type ServiceContext } from "@/lib/services/context";
import type { DependencyGraph } from "@/lib/traces/dependencies";
import { enqueueIncidentEvent } from "@/lib/services/notifications/outbox";
import { severityFor } from "./lifecycle";
import { SEVERITIES, type Severity } from "./schemas";
import {
  acknowledgeIncidentAlerts,
  releaseIncidentAlerts,
  undoSilences,
  type CreatedSilences,
} from "./acknowledgements";
import { chooseIncident, graphForGrouping, groupingCandidates, groupingPolicy } from "./grouping";
import { addTimeline, snapshot } from "./store";
import { forgetIncidentLists } from "./list-cache";

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

/** One grouping decision at a time, so alerts of one cause arriving together cannot open two incidents. */
const GROUPING_LOCK = 0x0a1e27;

export type WebhookOutcome = {
  incidentNumber: number | null;
  created: boolean;
  /** The group joined an open incident instead of opening one. */
  joined: boolean;
  entriesAdded: number;
  resolved: boolean;
};

export async function ingestAlertmanagerWebhook(ctx: ServiceContext, raw: unknown): Promise<WebhookOutcome> {
  const graph = await graphForGrouping(); // before the transaction: Jaeger may be slow
  const silences: CreatedSilences = { am: null, ids: [] };
  try {
    return await ingest(ctx, raw, graph, silences);
  } catch (error) {
    await undoSilences(silences);
    throw error;
  }
}

function ingest(
  ctx: ServiceContext,
  raw: unknown,
  graph: DependencyGraph | null,
  silences: CreatedSilences,
): Promise<WebhookOutcome> {
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
      await tx.$executeRaw`select pg_advisory_xact_lock(${GROUPING_LOCK})`;
      const member = await tx.incidentAlertGroup.findUnique({
        where: { groupKey: payload.groupKey },
        include: { incident: true },
      });
      let incident = member?.incident ?? null;
      let created = false;
      let joined = false;

      const firing = payload.alerts.filter((a) => a.status === "firing");
      const opens = firing.some((a) =>
        config.INCIDENT_AUTO_OPEN_SEVERITIES.includes(a.labels.severity ?? ""),
      );
      const name = payload.commonLabels.alertname ?? firing[0]?.labels.alertname ?? "Alert";
      const services = [
        ...new Set(payload.alerts.map((a) => a.labels[label]).filter((s): s is string => !!s)),
      ];
      const facts = { alertname: name, service: services[0] ?? null, labels: payload.commonLabels };
      const nothing = {
        incidentNumber: null,
        created: false,
        joined: false,
        entriesAdded: 0,
        resolved: false,
      };
      if (!incident) {
        if (payload.status !== "firing") return nothing;
        const policy = groupingPolicy();
        const match = chooseIncident(facts, await groupingCandidates(tx, policy), graph, policy);
        if (match) {
          incident = match.incident.row;
          joined = true;
          await tx.incidentAlertGroup.create({
            data: {
              groupKey: payload.groupKey,
              incidentId: incident.id,
              ...facts,
              reason: match.reason,
              reasonText: match.text,
            },
          });
          await addTimeline(tx, incident.id, actor, {
            kind: "alert_joined",
            body: `${name}${facts.service ? ` on ${facts.service}` : ""} joined: ${match.text}`,
            data: {
              groupKey: payload.groupKey,
              alertname: name,
              service: facts.service,
              reason: match.reason,
            },
            dedupeKey: `joined:${payload.groupKey}`,
          });
          const added = services.filter((s) => !incident!.services.includes(s));
          if (added.length)
            incident = await tx.incident.update({
              where: { id: incident.id },
              data: { services: [...incident.services, ...added] },
            });
        } else {
          if (!opens) return nothing;
          const severity = firing
            .map((a) => severityFor(a.labels.severity))
            .sort((a, b) => rank(a) - rank(b))[0]!;
          const title =
            payload.commonAnnotations.summary ??
            `${name}${services.length ? ` on ${services.join(", ")}` : ""}`;
          // The grouping lock makes racing deliveries of a new group take turns; the unique key stays the backstop.
          const [row] = await tx.$queryRaw<{ id: string }[]>`
          insert into incidents (id, title, severity, services, summary, source, alert_group_key, declared_by_email, updated_at)
          values (gen_random_uuid(), ${title.slice(0, 200)}, ${severity}::incident_severity, ${services}::text[], ${payload.commonAnnotations.description ?? ""}, 'alertmanager', ${payload.groupKey}, 'alertmanager', now())
          on conflict (alert_group_key) do nothing returning id`;
          incident = await tx.incident.findUniqueOrThrow({ where: { alertGroupKey: payload.groupKey } });
          if (row) {
            created = true;
            await tx.incidentAlertGroup.create({
              data: {
                groupKey: payload.groupKey,
                incidentId: incident.id,
                ...facts,
                reason: "opened",
                reasonText: "opened the incident",
              },
            });
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
          // The first firing of a group that opened or joined the incident is part of its story (and its
          // postmortem); later repeats of it are not.
          keyEvent: alert.status === "firing" && (created || joined),
          dedupeKey: `${alert.fingerprint}:${alert.status}:${alert.status === "firing" ? alert.startsAt : alert.endsAt}`,
        });
      }
      const entriesAdded = (await tx.timelineEntry.count({ where: { incidentId: incident.id } })) - before;

      await tx.incidentAlertGroup.updateMany({
        where: { groupKey: payload.groupKey },
        data: { resolvedAt: payload.status === "resolved" ? new Date() : null },
      });
      // An incident resolves by itself only when every alert group in it has (joined ones too).
      const stillFiring = await tx.incidentAlertGroup.count({
        where: { incidentId: incident.id, resolvedAt: null },
      });
      let resolved = false;
      const reopened = payload.status === "firing" && incident.status === "resolved" && entriesAdded > 0;
      if (reopened) {
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
        incident.status !== "resolved" &&
        stillFiring === 0
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
        await releaseIncidentAlerts(tx, incident.id);
        await addTimeline(tx, incident.id, actor, {
          kind: "status",
          body: "Resolved automatically: every alert of the incident resolved",
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
      if (payload.status === "firing" && (incident.status !== "resolved" || reopened)) {
        // Firing in an incident someone has (it joined, fired again after resolving, or reopened the
        // incident): that person has this alert too.
        const commander = await tx.incidentRoleAssignment.findUnique({
          where: { incidentId_role: { incidentId: incident.id, role: "commander" } },
        });
        if (commander)
          await acknowledgeIncidentAlerts(
            tx,
            incident,
            commander.userEmail,
            actor,
            silences,
            "unacknowledged",
          );
      }
      if (firing.length && entriesAdded > 0)
        await tx.incident.update({ where: { id: incident.id }, data: { lastAlertAt: new Date() } });
      if (entriesAdded > 0 || created || resolved)
        await publishChange(tx, { topic: "incident", id: incident.id });
      return { incidentNumber: incident.number, created, joined, entriesAdded, resolved };
    },
  ).finally(forgetIncidentLists);
}
