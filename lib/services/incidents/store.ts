// What every change of an incident shares: finding the incident by its reference, running the change as
// an audited `incidents:write` mutation, writing timeline entries (the only way they are written),
// marking the incident changed, and the snapshot the outgoing webhooks carry.
import type { z } from "zod";
import { publishChange } from "@/lib/db/changes";
import { type Db, type Tx } from "@/lib/db/client";
import type { Incident, TimelineEntry } from "@/lib/db/generated/client";
import { NotFoundError } from "@/lib/errors";
import { mutate, type Actor, type AuditDraft, type ServiceContext } from "@/lib/services/context";
import type { IncidentSnapshot } from "@/lib/services/notifications/outbox";
import { incidentRef } from "./schemas";
import type { NewTimelineEntry } from "./timeline-entries";
import { forgetIncidentLists } from "./list-cache";

/** Incidents are addressed by number in URLs ("/incidents/42") and by id in the API; both work. */
export async function findIncident(client: Tx | Db, ref: string): Promise<Incident> {
  const where = !incidentRef.safeParse(ref).success
    ? null
    : /^\d+$/.test(ref)
      ? { number: Number(ref) }
      : { id: ref };
  const row = where ? await client.incident.findUnique({ where }) : null;
  if (!row) throw new NotFoundError("No such incident.");
  return row;
}

/**
 * A change to one incident: needs `incidents:write`, finds the incident (404 otherwise), and names it in
 * the audit entry written in the same transaction.
 */
export function mutateIncident<S extends z.ZodType, R>(
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
  ).finally(forgetIncidentLists);
}

/** Writes one timeline entry; returns it, or nothing when an entry with its dedupe key is already there. */
export async function addTimeline(
  tx: Tx,
  incidentId: string,
  actor: Pick<Actor, "userId" | "email"> | null,
  entry: NewTimelineEntry,
): Promise<TimelineEntry | undefined> {
  const [created] = await tx.timelineEntry.createManyAndReturn({
    data: [{ incidentId, actorId: actor?.userId ?? null, actorEmail: actor?.email ?? null, ...entry }],
    skipDuplicates: true, // a redelivered event with the same dedupe key lands once
  });
  return created;
}

/** Marks the incident changed: bumps its version and tells every viewer (at commit). */
export async function touch(tx: Tx, incidentId: string): Promise<void> {
  await tx.incident.update({ where: { id: incidentId }, data: { version: { increment: 1 } } });
  await publishChange(tx, { topic: "incident", id: incidentId });
}

/** The incident as the outgoing webhooks describe it. */
export const snapshot = (i: IncidentSnapshot): IncidentSnapshot => ({
  id: i.id,
  number: i.number,
  title: i.title,
  severity: i.severity,
  status: i.status,
  services: i.services,
});
