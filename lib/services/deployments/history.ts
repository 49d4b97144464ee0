// What happened to rollouts: who did what through Opsdeck (the audit log: every attempt, with its reason,
// result and the step/revision before and after) and what the controller did (its events); the last
// action on a rollout for the 409 sentence; and markers for a service's charts.
import { z } from "zod";
import { ROLLOUT_ACTIONS } from "@/lib/argo-rollouts/actions";
import { ownedReplicaSets } from "@/lib/argo-rollouts/replica-sets";
import { db, type Tx } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { authorize, parseInput, type ServiceContext } from "@/lib/services/context";
import { cachedEvents, cachedRelated, cachedRollout } from "./argo-objects";
import { deliveries } from "./deliveries";
import type {
  DeliveryAction,
  DeliveryRef,
  DeploymentHistoryEntry,
  DeploymentMarker,
  KubeEvent,
  MarkerKind,
} from "./model";
import { ACTION_PAST, type LastAction } from "./races";
import type { RolloutRef } from "./reads";
import { deliveryKey, markersQuery, rolloutRef } from "./schemas";

/** Audit entries of rollout actions: action `deployment.<action>`, target type `rollout`, id the rollout's key. */
export const AUDIT_TARGET_TYPE = "rollout";
export const auditActionName = (action: DeliveryAction | null) => `deployment.${action ?? "action"}`;

const position = z.object({
  step: z.number().nullable(),
  revision: z.number().nullable(),
  phase: z.string(),
});

/** The params a rollout action records (lenient: a denied attempt records only what it was sent). */
export const actionParams = z.object({
  cluster: z.string().catch(""),
  namespace: z.string().catch(""),
  name: z.string().catch(""),
  service: z.string().nullish().catch(null),
  action: z.enum(ROLLOUT_ACTIONS).nullish().catch(null),
  toRevision: z.number().nullish().catch(null),
  reason: z.string().nullish().catch(null),
  before: position.nullish().catch(null),
  after: position.nullish().catch(null),
  landed: z.array(z.enum(["status", "main", "workload"])).catch([]),
  replayed: z.boolean().nullish().catch(null),
});
export type ActionParams = z.infer<typeof actionParams>;

type AuditRow = {
  seq: bigint;
  at: Date;
  actorEmail: string | null;
  result: "success" | "denied" | "failed";
  reason: string | null;
  params: Prisma.JsonValue;
};

function actionEntry(row: AuditRow): DeploymentHistoryEntry | null {
  const params = actionParams.parse(row.params ?? {});
  if (params.replayed) return null; // a retry answered from the first request changed nothing
  return {
    kind: "action",
    id: `audit:${row.seq}`,
    at: row.at.toISOString(),
    action: params.action ?? "promote",
    toRevision: params.toRevision ?? null,
    actor: row.actorEmail,
    reason: params.reason ?? null,
    result: row.result,
    failure: row.result === "success" ? null : row.reason,
    before: params.before ?? null,
    after: params.after ?? null,
    landed: params.landed,
  };
}

function eventEntry(event: KubeEvent): DeploymentHistoryEntry {
  return {
    kind: "event",
    id: `event:${event.uid}`,
    at: event.lastAt ?? event.firstAt ?? new Date(0).toISOString(),
    type: event.type,
    reason: event.reason,
    message: event.message,
    count: event.count,
  };
}

const HISTORY_LIMIT = 200;

/** `GET …/:name/history`: the audit log's entries on the rollout and the controller's events, newest first. */
export async function getRolloutHistory(
  ctx: ServiceContext,
  ref: RolloutRef,
): Promise<DeploymentHistoryEntry[]> {
  authorize(ctx, "deployments:read");
  parseInput(rolloutRef, ref);
  const key = deliveryKey({ source: "argo-rollouts", ...ref });
  const rows = await db().auditEntry.findMany({
    where: { targetType: AUDIT_TARGET_TYPE, targetId: key },
    orderBy: { seq: "desc" },
    take: HISTORY_LIMIT,
    select: { seq: true, at: true, actorEmail: true, result: true, reason: true, params: true },
  });
  const entries = rows.flatMap((row) => actionEntry(row) ?? []);
  // Events come from this instance's cache (Kubernetes keeps them about an hour); the audit log stays.
  const index = deliveries();
  if (index?.kube.names().includes(ref.cluster)) {
    const cluster = index.kube.cluster(ref.cluster);
    const uid = cachedRollout(cluster, ref.namespace, ref.name)?.metadata.uid ?? null;
    entries.push(...cachedEvents(cluster, ref.namespace, ref.name, uid).map(eventEntry));
  }
  return entries.sort((a, b) => Date.parse(b.at) - Date.parse(a.at)).slice(0, HISTORY_LIMIT);
}

/** Only lately: an action from long ago does not explain why the rollout moved on now. */
const LAST_ACTION_WINDOW_MS = 15 * 60_000;

/** The latest successful action on the rollout through Opsdeck, within the last 15 minutes. */
export async function lastActionOn(tx: Tx, key: string, now: Date): Promise<LastAction | null> {
  const rows = await tx.auditEntry.findMany({
    where: {
      targetType: AUDIT_TARGET_TYPE,
      targetId: key,
      result: "success",
      at: { gte: new Date(now.getTime() - LAST_ACTION_WINDOW_MS) },
    },
    orderBy: { seq: "desc" },
    take: 5,
    select: { at: true, actorEmail: true, params: true },
  });
  for (const row of rows) {
    const params = actionParams.parse(row.params ?? {});
    if (params.action && !params.replayed && row.actorEmail) {
      return { action: params.action, by: row.actorEmail, at: row.at };
    }
  }
  return null;
}

const MARKER_KIND: Record<DeliveryAction, MarkerKind> = {
  promote: "promotion",
  "promote-full": "promotion",
  abort: "abort",
  retry: "retry",
  pause: "pause",
  resume: "resume",
  restart: "restart",
  undo: "undo",
};

/** What the controller does by itself that a chart should show (an abort after a failed analysis, a completion). */
const EVENT_MARKERS: Record<string, { kind: MarkerKind; label: (name: string, message: string) => string }> =
  {
    RolloutAborted: { kind: "abort", label: (name, message) => `${name} aborted: ${message}` },
    RolloutCompleted: { kind: "promotion", label: (name, message) => `${name}: ${message}` },
  };

/** Markers of the same kind on the same rollout this close together are one happening (audit + event). */
const SAME_HAPPENING_MS = 30_000;

const MARKER_LIMIT = 500;

/**
 * `GET /api/deployments/markers?service=…&from=&to=`: rollout events of the services to draw on their
 * charts: new revisions (the ReplicaSets' creation), actions through Opsdeck (audit log) and what the
 * controller did by itself (its events, about the last hour), oldest first.
 */
export async function getDeploymentMarkers(ctx: ServiceContext, raw: unknown): Promise<DeploymentMarker[]> {
  authorize(ctx, "deployments:read");
  const query = parseInput(markersQuery, raw);
  const to = query.to ? new Date(query.to) : new Date();
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - 6 * 3_600_000);
  const services = new Set(query.service);
  const within = (iso: string | null | undefined) => {
    const t = iso ? Date.parse(iso) : NaN;
    return t >= from.getTime() && t <= to.getTime();
  };

  const rows = await db().auditEntry.findMany({
    where: {
      targetType: AUDIT_TARGET_TYPE,
      result: "success",
      at: { gte: from, lte: to },
      OR: query.service.map((service) => ({ params: { path: ["service"], equals: service } })),
    },
    orderBy: { seq: "asc" },
    take: MARKER_LIMIT,
    select: { at: true, actorEmail: true, params: true },
  });
  const markers: DeploymentMarker[] = [];
  for (const row of rows) {
    const params = actionParams.parse(row.params ?? {});
    if (!params.action || params.replayed || !params.service) continue;
    const ref: DeliveryRef = {
      source: "argo-rollouts",
      cluster: params.cluster,
      namespace: params.namespace,
      name: params.name,
    };
    const revision = params.action === "undo" && params.toRevision ? ` to revision ${params.toRevision}` : "";
    markers.push({
      at: row.at.toISOString(),
      kind: MARKER_KIND[params.action],
      ref,
      service: params.service,
      label: `${params.name} ${ACTION_PAST[params.action]}${revision} by ${row.actorEmail}${params.reason ? `: ${params.reason}` : ""}`,
      by: row.actorEmail,
    });
  }

  const index = deliveries();
  if (index) {
    const fromAudit = [...markers];
    const now = new Date();
    for (const summary of index.candidates({ service: [...services] })) {
      if (summary.source !== "argo-rollouts" || !index.kube.names().includes(summary.cluster)) continue;
      const cluster = index.kube.cluster(summary.cluster);
      const rollout = cachedRollout(cluster, summary.namespace, summary.name);
      if (!rollout) continue;
      const ref: DeliveryRef = {
        source: summary.source,
        cluster: summary.cluster,
        namespace: summary.namespace,
        name: summary.name,
      };
      const { replicaSets } = cachedRelated(cluster, rollout);
      for (const replicaSet of ownedReplicaSets(rollout.metadata.uid, rollout, replicaSets, now)) {
        if (!within(replicaSet.createdAt) || replicaSet.revision === null) continue;
        markers.push({
          at: replicaSet.createdAt!,
          kind: "revision",
          ref,
          service: summary.service,
          label: `${summary.name}: revision ${replicaSet.revision} (${replicaSet.images.join(", ")})`,
          by: null,
        });
      }
      for (const event of cachedEvents(
        cluster,
        summary.namespace,
        summary.name,
        rollout.metadata.uid ?? null,
      )) {
        const marker = EVENT_MARKERS[event.reason];
        const at = event.firstAt;
        if (!marker || !within(at)) continue;
        const duplicate = fromAudit.some(
          (m) =>
            m.kind === marker.kind &&
            m.ref.name === summary.name &&
            m.ref.namespace === summary.namespace &&
            Math.abs(Date.parse(m.at) - Date.parse(at!)) < SAME_HAPPENING_MS,
        );
        if (duplicate) continue;
        markers.push({
          at: at!,
          kind: marker.kind,
          ref,
          service: summary.service,
          label: marker.label(summary.name, event.message),
          by: null,
        });
      }
    }
  }
  return markers.sort((a, b) => Date.parse(a.at) - Date.parse(b.at)).slice(-MARKER_LIMIT);
}
