// Actions taken elsewhere in Opsdeck that concern an open incident land in its timeline by themselves:
// a silence or an acknowledgement of one of its alerts, and actions on the rollouts of its services.
// Called inside the action's own transaction, so the entry exists exactly when the action does.
import type { Prisma } from "@/lib/db/generated/client";
import type { Tx } from "@/lib/db/client";
import { fullMatch } from "@/lib/matchers/regex";
import type { Actor } from "@/lib/services/context";
import { addTimeline, touch } from "./store";
import type { NewTimelineEntry, TimelineData } from "./timeline-entries";

export type LabelMatcher = { name: string; value: string; isRegex: boolean; isEqual: boolean };

/** Alertmanager's matching: regexes are anchored, a missing label is the empty string. */
export function labelsMatch(labels: Record<string, string>, matchers: LabelMatcher[]): boolean {
  return matchers.every((m) => {
    const value = labels[m.name] ?? "";
    let hit: boolean;
    if (m.isRegex) {
      try {
        hit = fullMatch(m.value, value);
      } catch {
        return false;
      }
    } else hit = value === m.value;
    return m.isEqual ? hit : !hit;
  });
}

/** Adds the entry to every open incident one of whose alerts the matchers select; returns their numbers. */
export async function recordOnMatchingIncidents(
  tx: Tx,
  actor: Pick<Actor, "userId" | "email">,
  matchers: LabelMatcher[],
  entry: { kind: string; body: string; data?: Prisma.InputJsonValue; dedupeKey: string },
): Promise<number[]> {
  const fired = await tx.timelineEntry.findMany({
    where: { kind: "alert_fired", incident: { status: { not: "resolved" } } },
    select: { incidentId: true, data: true, incident: { select: { number: true } } },
    orderBy: { at: "desc" },
    take: 2_000,
  });
  const hits = new Map<string, number>();
  for (const f of fired) {
    const labels = (f.data as { labels?: Record<string, string> } | null)?.labels;
    if (labels && !hits.has(f.incidentId) && labelsMatch(labels, matchers))
      hits.set(f.incidentId, f.incident.number);
  }
  for (const incidentId of hits.keys()) {
    // Other areas name their own kinds; TimelineData lists what they write (silence, acknowledged).
    await addTimeline(tx, incidentId, actor, entry as NewTimelineEntry);
    await touch(tx, incidentId);
  }
  return [...hits.values()];
}

/**
 * Adds a `deployment` entry to every open incident listing the rollout's service; returns their numbers.
 * `dedupeKey` (the action's idempotency key) makes a replayed request land once.
 */
export async function recordDeploymentAction(
  tx: Tx,
  actor: Pick<Actor, "userId" | "email">,
  entry: { body: string; data: TimelineData["deployment"]; dedupeKey: string },
): Promise<number[]> {
  const open = await tx.incident.findMany({
    where: { status: { not: "resolved" }, services: { has: entry.data.service } },
    select: { id: true, number: true },
    orderBy: { number: "asc" },
  });
  for (const incident of open) {
    await addTimeline(tx, incident.id, actor, {
      kind: "deployment",
      body: entry.body,
      data: entry.data,
      dedupeKey: entry.dedupeKey,
      keyEvent: entry.data.action !== "pause" && entry.data.action !== "resume",
    });
    await touch(tx, incident.id);
  }
  return open.map((incident) => incident.number);
}
