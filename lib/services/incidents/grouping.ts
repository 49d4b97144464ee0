// One incident per cause: a new alert group joins an open incident when its service is the incident's,
// depends on one of the incident's services or is depended on by one (paths in the trace dependency
// graph), or shares a grouping label, within a window of the incident's last alert. See ADR 0016.
import { env } from "@/lib/config/env";
import type { Tx } from "@/lib/db/client";
import type { Incident } from "@/lib/db/generated/client";
import { withinBudget } from "@/lib/upstream/budget";
import { logger } from "@/lib/observability/logger";
import { dependencyGraph } from "@/lib/services/traces";
import type { DependencyGraph } from "@/lib/traces/dependencies";

export type GroupingPolicy = { windowMinutes: number; labels: string[] };

export const groupingPolicy = (): GroupingPolicy => ({
  windowMinutes: env().INCIDENT_GROUPING_WINDOW_MINUTES,
  labels: env().INCIDENT_GROUPING_LABELS ?? [],
});

/** Why an alert group belongs to its incident; the first four are grouping's answers, in their order of strength. */
export type JoinReason = "same_service" | "depends_on" | "depended_on" | "label";
export type GroupReason = "opened" | JoinReason | "merged" | "split";

export type AlertGroupFacts = { alertname: string; service: string | null; labels: Record<string, string> };

export type GroupingCandidate = {
  services: string[];
  /** The common labels of the incident's alert groups. */
  groupLabels: Record<string, string>[];
  lastActivity: Date;
};

/** A directed path of calls from one service to another in the graph, or null. */
function callPath(graph: DependencyGraph, from: string, to: string): string[] | null {
  const callees = new Map<string, string[]>();
  for (const e of graph.edges) callees.set(e.caller, [...(callees.get(e.caller) ?? []), e.callee]);
  const previous = new Map<string, string>([[from, from]]);
  const queue = [from];
  while (queue.length) {
    const at = queue.shift()!;
    if (at === to) {
      const path = [to];
      while (path[0] !== from) path.unshift(previous.get(path[0]!)!);
      return path;
    }
    for (const next of callees.get(at) ?? [])
      if (!previous.has(next)) {
        previous.set(next, at);
        queue.push(next);
      }
  }
  return null;
}

/** Why the alert group belongs with the candidate incident, in words; null when it does not. */
export function joinReason(
  alert: AlertGroupFacts,
  candidate: GroupingCandidate,
  graph: DependencyGraph | null,
  policy: GroupingPolicy,
): { reason: JoinReason; text: string } | null {
  const service = alert.service;
  if (service && candidate.services.includes(service))
    return { reason: "same_service", text: `same service (${service})` };
  if (service && graph) {
    for (const other of candidate.services) {
      const path = callPath(graph, service, other);
      if (path)
        return {
          reason: "depends_on",
          text: `${service} depends on ${other} (${path.join(" → ")} in traces)`,
        };
    }
    for (const other of candidate.services) {
      const path = callPath(graph, other, service);
      if (path)
        return {
          reason: "depended_on",
          text: `${other} depends on ${service} (${path.join(" → ")} in traces)`,
        };
    }
  }
  for (const label of policy.labels) {
    const value = alert.labels[label];
    if (value && candidate.groupLabels.some((l) => l[label] === value))
      return { reason: "label", text: `same ${label} (${value})` };
  }
  return null;
}

const STRENGTH: JoinReason[] = ["same_service", "depends_on", "depended_on", "label"];

/** The candidate the alert group joins: the strongest reason first, then the most recently active. */
export function chooseIncident<C extends GroupingCandidate>(
  alert: AlertGroupFacts,
  candidates: C[],
  graph: DependencyGraph | null,
  policy: GroupingPolicy,
): { incident: C; reason: JoinReason; text: string } | null {
  if (policy.windowMinutes === 0) return null;
  const matches = candidates.flatMap((incident) => {
    const why = joinReason(alert, incident, graph, policy);
    return why ? [{ incident, ...why }] : [];
  });
  matches.sort(
    (a, b) =>
      STRENGTH.indexOf(a.reason) - STRENGTH.indexOf(b.reason) ||
      b.incident.lastActivity.getTime() - a.incident.lastActivity.getTime(),
  );
  return matches[0] ?? null;
}

/** Open incidents whose last alert (or, without one, their declaration) is within the window. */
export async function groupingCandidates(
  tx: Tx,
  policy: GroupingPolicy,
  now = new Date(),
): Promise<(GroupingCandidate & { row: Incident })[]> {
  if (policy.windowMinutes === 0) return [];
  const since = new Date(now.getTime() - policy.windowMinutes * 60_000);
  const rows = await tx.incident.findMany({
    where: {
      status: { not: "resolved" },
      mergedIntoId: null,
      OR: [{ lastAlertAt: { gte: since } }, { lastAlertAt: null, createdAt: { gte: since } }],
    },
    include: { alertGroups: { select: { labels: true } } },
  });
  return rows.map(({ alertGroups, ...row }) => ({
    row,
    services: row.services,
    groupLabels: alertGroups.map((g) => g.labels as Record<string, string>),
    lastActivity: row.lastAlertAt ?? row.createdAt,
  }));
}

const GRAPH_WAIT_MS = 3_000;

/**
 * The trace dependency graph for grouping, or null when Jaeger is not configured, fails or is slow:
 * grouping then falls back to the same service and the grouping labels. Asked before the transaction.
 */
export async function graphForGrouping(): Promise<DependencyGraph | null> {
  if (!env().JAEGER_URL || groupingPolicy().windowMinutes === 0) return null;
  const answer = await withinBudget(
    dependencyGraph({ lookbackMinutes: 60, tracesPerService: 30 }),
    GRAPH_WAIT_MS,
  );
  if ("value" in answer) return answer.value;
  if ("error" in answer) logger.warn({ err: answer.error }, "incident grouping without trace dependencies");
  return null;
}
