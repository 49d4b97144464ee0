// Taking command acknowledges the incident's alerts: each of its alert groups gets the acknowledgement
// the alerts page gives (an Alertmanager silence marked "[ack]", lib/services/alerts), created by the
// commander, until the incident resolves or command is handed over (then the next commander's replace
// them). Best effort: without Alertmanager, or when it fails, command is still taken, and the timeline
// says the alerts were not acknowledged.
import { alertmanager, type AlertmanagerClient } from "@/lib/alertmanager/client";
import { env } from "@/lib/config/env";
import type { Tx } from "@/lib/db/client";
import { logger } from "@/lib/observability/logger";
import type { Actor } from "@/lib/services/context";
import { ACK_PREFIX } from "@/lib/services/alerts/schemas";
import { addTimeline } from "./store";

/** Alertmanager needs an end; an incident commanded longer than this is acknowledged again on hand-over. */
const ACK_HOURS = 24;

/** Silences created in a transaction, expired again if it fails (the caller's `finally`). */
export type CreatedSilences = { am: AlertmanagerClient | null; ids: string[] };

/**
 * Acknowledges the incident's alert groups for `holder`: all of them, replacing earlier
 * acknowledgements (command taken or handed over), or only those without one (an alert that joined an
 * incident someone already has). Groups resolved for now are included: an alert that flaps fires again
 * in the commander's hands, not as a fresh page. Records on the timeline what was acknowledged, or why
 * nothing could be.
 */
export async function acknowledgeIncidentAlerts(
  tx: Tx,
  incident: { id: string; number: number },
  holder: string,
  actor: Actor,
  created: CreatedSilences,
  which: "all" | "unacknowledged" = "all",
): Promise<void> {
  const am = alertmanager();
  const groups = await tx.incidentAlertGroup.findMany({
    where: { incidentId: incident.id, ...(which === "unacknowledged" && { ackSilenceId: null }) },
    orderBy: { joinedAt: "asc" },
  });
  if (!am || !groups.length) return;
  created.am = am;
  const label = env().SERVICE_LABEL;
  try {
    await expire(am, groups);
    const startsAt = new Date();
    for (const g of groups) {
      const id = await am.createSilence({
        matchers: [
          { name: "alertname", value: g.alertname, isRegex: false, isEqual: true },
          ...(g.service ? [{ name: label, value: g.service, isRegex: false, isEqual: true }] : []),
        ],
        startsAt,
        endsAt: new Date(startsAt.getTime() + ACK_HOURS * 3_600_000),
        createdBy: holder,
        comment: `${ACK_PREFIX} ${holder} has incident #${incident.number}`,
      });
      created.ids.push(id);
      await tx.incidentAlertGroup.update({ where: { groupKey: g.groupKey }, data: { ackSilenceId: id } });
    }
    await addTimeline(tx, incident.id, actor, {
      kind: "alerts_acknowledged",
      body: `Alerts acknowledged for ${holder} until resolved or handed over: ${groups
        .map((g) => `${g.alertname}${g.service ? ` on ${g.service}` : ""}`)
        .join(", ")}`,
      data: { by: holder, silenceIds: created.ids },
    });
  } catch (error) {
    logger.warn({ err: error, incident: incident.number }, "could not acknowledge the incident's alerts");
    await addTimeline(tx, incident.id, actor, {
      kind: "alerts_acknowledged",
      body: `The alerts could not be acknowledged in Alertmanager: ${(error as Error).message}`,
      data: { by: holder, silenceIds: [] },
    });
  }
}

/** Ends the incident's acknowledgements (it resolved); one Alertmanager refuses is left to expire. */
export async function releaseIncidentAlerts(tx: Tx, incidentId: string): Promise<void> {
  const groups = await tx.incidentAlertGroup.findMany({
    where: { incidentId, ackSilenceId: { not: null } },
  });
  const am = alertmanager();
  if (!groups.length || !am) return;
  await expire(am, groups);
  await tx.incidentAlertGroup.updateMany({
    where: { incidentId, ackSilenceId: { not: null } },
    data: { ackSilenceId: null },
  });
}

/** Expires acknowledgements; one already expired by hand is no reason to stop. */
async function expire(am: AlertmanagerClient, groups: { ackSilenceId: string | null }[]) {
  for (const g of groups)
    if (g.ackSilenceId)
      await am
        .expireSilence(g.ackSilenceId)
        .catch((e: unknown) =>
          logger.warn({ err: e, silenceId: g.ackSilenceId }, "acknowledgement not expired"),
        );
}

/** Expires the silences of a transaction that failed after creating them. */
export async function undoSilences(created: CreatedSilences): Promise<void> {
  for (const id of created.ids)
    await created.am
      ?.expireSilence(id)
      .catch((e: unknown) =>
        logger.error({ err: e, silenceId: id }, "could not expire an orphaned acknowledgement"),
      );
}
