// Responders correct grouping by hand: merging an incident into another moves its alert groups there
// and resolves it as merged; splitting an alert group out opens a new incident for it. Both write an
// entry on both timelines (each keeps its own history), are audited, and are idempotent: asking again
// answers what the first request did.
import { env } from "@/lib/config/env";
import type { Tx } from "@/lib/db/client";
import type { Incident } from "@/lib/db/generated/client";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/services/context";
import { enqueueIncidentEvent } from "@/lib/services/notifications/outbox";
import { severityFor } from "./lifecycle";
import { mergeInput, splitInput } from "./schemas";
import { addTimeline, findIncident, mutateIncident, snapshot, touch } from "./store";
import { loadView, type IncidentDetail } from "./views";

/** Row locks of several incidents, always in the same order, so two merges cannot deadlock. */
async function lockIncidents(tx: Tx, ids: string[]): Promise<void> {
  for (const id of [...ids].sort())
    await tx.$queryRaw`select 1 from incidents where id = ${id}::uuid for update`;
}

const describeGroup = (g: { alertname: string; service: string | null }) =>
  `${g.alertname}${g.service ? ` on ${g.service}` : ""}`;

/** Merges the incident `ref` into `input.into`; answers the incident merged into. */
export function mergeIncident(ctx: ServiceContext, ref: string, raw: unknown): Promise<IncidentDetail> {
  return mutateIncident(
    ctx,
    ref,
    { action: "incident.merge", input: mergeInput },
    raw,
    async (tx, input, actor, audit, found) => {
      const into = await findIncident(tx, input.into);
      if (into.id === found.id)
        throw new ValidationError({ into: ["An incident cannot be merged into itself."] });
      await lockIncidents(tx, [found.id, into.id]);
      const source = await tx.incident.findUniqueOrThrow({ where: { id: found.id } });
      const target = await tx.incident.findUniqueOrThrow({ where: { id: into.id } });
      audit.params = { into: target.id };
      if (source.mergedIntoId === target.id) return loadView(tx, target.id); // asked again
      if (source.mergedIntoId)
        throw new ConflictError(`Incident #${source.number} was already merged into another incident.`);
      if (target.status === "resolved")
        throw new ConflictError(
          `Incident #${target.number} is resolved. Reopen it first, or merge into an open incident.`,
        );

      const groups = await tx.incidentAlertGroup.findMany({ where: { incidentId: source.id } });
      const groupKeys = groups.map((g) => g.groupKey);
      for (const g of groups)
        await tx.incidentAlertGroup.update({
          where: { groupKey: g.groupKey },
          data: {
            incidentId: target.id,
            reason: "merged",
            reasonText: `merged from #${source.number} (${g.reasonText})`,
          },
        });
      audit.params = { into: target.id, groupKeys };
      const now = new Date();
      const latest = [source.lastAlertAt, target.lastAlertAt].filter((d): d is Date => !!d);
      await tx.incident.update({
        where: { id: target.id },
        data: {
          services: [...new Set([...target.services, ...source.services])],
          lastAlertAt: latest.length ? new Date(Math.max(...latest.map((d) => d.getTime()))) : null,
        },
      });
      await tx.incident.update({
        where: { id: source.id },
        data: {
          status: "resolved",
          resolvedAt: source.resolvedAt ?? now,
          mitigatedAt: source.mitigatedAt ?? now,
          mergedIntoId: target.id,
        },
      });
      const moved = groups.length ? `; its alerts (${groups.map(describeGroup).join(", ")}) moved` : "";
      await addTimeline(tx, source.id, actor, {
        kind: "merged_into",
        body: `Merged into #${target.number}: ${target.title}${moved}`,
        data: { incidentId: target.id, number: target.number, groupKeys },
        keyEvent: true,
      });
      await addTimeline(tx, target.id, actor, {
        kind: "merged_from",
        body: `Merged #${source.number} into this incident: ${source.title}${moved}`,
        data: { incidentId: source.id, number: source.number, groupKeys },
        keyEvent: true,
      });
      if (source.status !== "resolved")
        await enqueueIncidentEvent(
          tx,
          "incident.status_changed",
          snapshot({ ...source, status: "resolved" }),
          { from: source.status, to: "resolved", mergedInto: target.number },
        );
      await touch(tx, source.id);
      await touch(tx, target.id);
      return loadView(tx, target.id);
    },
  );
}

/** Splits one alert group out of the incident `ref` into a new incident; answers the new incident. */
export function splitAlertGroup(ctx: ServiceContext, ref: string, raw: unknown): Promise<IncidentDetail> {
  return mutateIncident(
    ctx,
    ref,
    { action: "incident.split", input: splitInput },
    raw,
    async (tx, input, actor, audit, found) => {
      await lockIncidents(tx, [found.id]);
      const group = await tx.incidentAlertGroup.findUnique({ where: { groupKey: input.groupKey } });
      if (!group) throw new NotFoundError("No such alert group.");
      audit.params = { groupKey: group.groupKey };
      if (group.incidentId !== found.id) {
        const earlier = await earlierSplit(tx, found.id, group.groupKey);
        if (earlier) return loadView(tx, earlier); // asked again
        throw new NotFoundError(`That alert group is not in incident #${found.number}.`);
      }
      const remaining = await tx.incidentAlertGroup.findMany({
        where: { incidentId: found.id, NOT: { groupKey: group.groupKey } },
      });
      if (!remaining.length)
        throw new ValidationError({
          groupKey: [
            `It is the only alert group of incident #${found.number}; there is nothing to split it from.`,
          ],
        });

      const labels = group.labels as Record<string, string>;
      const severity = severityFor(labels.severity);
      const created = await tx.incident.create({
        data: {
          title: describeGroup(group).slice(0, 200),
          severity,
          services: group.service ? [group.service] : [],
          source: "alertmanager",
          declaredById: actor.userId,
          declaredByEmail: actor.email,
          lastAlertAt: new Date(),
        },
      });
      await tx.incidentAlertGroup.update({
        where: { groupKey: group.groupKey },
        data: {
          incidentId: created.id,
          reason: "split",
          reasonText: `split out of #${found.number} by ${actor.email}`,
        },
      });
      audit.params = { groupKey: group.groupKey, to: created.id };
      await dropServiceIfUnused(tx, found, group.service, remaining);
      await addTimeline(tx, created.id, actor, {
        kind: "declared",
        body: `Declared ${severity}: ${created.title}`,
        keyEvent: true,
      });
      await addTimeline(tx, created.id, actor, {
        kind: "split_from",
        body: `Split out of #${found.number}: ${describeGroup(group)}`,
        data: { groupKey: group.groupKey, incidentId: found.id, number: found.number },
        keyEvent: true,
      });
      await copyAlertHistory(tx, found.id, created.id, group);
      await addTimeline(tx, found.id, actor, {
        kind: "split_out",
        body: `Split ${describeGroup(group)} out into #${created.number}`,
        data: { groupKey: group.groupKey, incidentId: created.id, number: created.number },
        keyEvent: true,
      });
      await enqueueIncidentEvent(tx, "incident.declared", snapshot(created), { splitFrom: found.number });
      await touch(tx, found.id);
      await touch(tx, created.id);
      return loadView(tx, created.id);
    },
  );
}

async function earlierSplit(tx: Tx, incidentId: string, groupKey: string): Promise<string | null> {
  const entry = await tx.timelineEntry.findFirst({
    where: { incidentId, kind: "split_out", data: { path: ["groupKey"], equals: groupKey } },
    orderBy: { at: "desc" },
  });
  return entry ? (entry.data as { incidentId: string }).incidentId : null;
}

/** The split group's service leaves the incident when no other alert group of it has that service. */
async function dropServiceIfUnused(
  tx: Tx,
  incident: Incident,
  service: string | null,
  remaining: { service: string | null }[],
) {
  if (!service || remaining.some((g) => g.service === service)) return;
  await tx.incident.update({
    where: { id: incident.id },
    data: { services: incident.services.filter((s) => s !== service) },
  });
}

/**
 * The group's fired and resolved entries, copied to the new incident with their dedupe keys (so a
 * redelivered notification lands once there too); the old incident keeps its own.
 */
async function copyAlertHistory(
  tx: Tx,
  fromId: string,
  toId: string,
  group: { alertname: string; service: string | null },
) {
  const entries = await tx.timelineEntry.findMany({
    where: {
      incidentId: fromId,
      kind: { in: ["alert_fired", "alert_resolved"] },
      AND: [
        { data: { path: ["labels", "alertname"], equals: group.alertname } },
        ...(group.service
          ? [{ data: { path: ["labels", env().SERVICE_LABEL], equals: group.service } }]
          : []),
      ],
    },
  });
  if (!entries.length) return;
  await tx.timelineEntry.createMany({
    data: entries.map(({ id: _id, incidentId: _from, data, ...entry }) => ({
      ...entry,
      data: data ?? {},
      incidentId: toId,
    })),
    skipDuplicates: true,
  });
}
