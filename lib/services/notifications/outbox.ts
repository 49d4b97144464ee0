// Outgoing incident webhooks through a transactional outbox: `enqueueIncidentEvent` writes one delivery
// per configured target in the transaction of the change; `startOutboxDispatcher`, running in every app
// instance, claims due deliveries with FOR UPDATE SKIP LOCKED, sends them, and retries failures with
// exponential backoff and jitter. A claimed delivery is leased, so one whose instance dies is picked up
// again; nothing is lost when a receiver or the app is down.
import { changeFeed, publishChange } from "@/lib/db/changes";
import { env } from "@/lib/config/env";
import { db, type Tx } from "@/lib/db/client";
import { databaseOutage, isDatabaseUnavailable } from "@/lib/db/errors";
import type { Prisma } from "@/lib/db/generated/client";
import { logger } from "@/lib/observability/logger";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { opsgenieRequest, pagerDutyEvent, pagingAction } from "./paging";

// 2 s, 4 s … then every 10 min: 20 attempts span about two hours of receiver outage.
export const MAX_ATTEMPTS = 20;
const LEASE_MS = 60_000;
/** Announced with new deliveries, so that a dispatcher wakes at once rather than at its next poll. */
const OUTBOX_CHANGE = { topic: "outbox", id: "due" };
const TIMEOUT_MS = 10_000;

export type IncidentEvent =
  | "incident.declared"
  | "incident.status_changed"
  | "incident.severity_changed"
  | "incident.commander_assigned"
  | "incident.reopened";

export type IncidentSnapshot = {
  id: string;
  number: number;
  title: string;
  severity: string;
  status: string;
  services: string[];
};

const EVENT_TEXT: Record<IncidentEvent, (i: IncidentSnapshot) => string> = {
  "incident.declared": (i) => `:rotating_light: Incident #${i.number} declared (${i.severity}): ${i.title}`,
  "incident.status_changed": (i) => `Incident #${i.number} is now *${i.status}*: ${i.title}`,
  "incident.severity_changed": (i) => `Incident #${i.number} is now ${i.severity}: ${i.title}`,
  "incident.commander_assigned": (i) => `Incident #${i.number} has a new commander: ${i.title}`,
  "incident.reopened": (i) => `Incident #${i.number} was reopened: ${i.title}`,
};

function payload(
  format: "slack" | "json",
  event: IncidentEvent,
  incident: IncidentSnapshot,
  detail: Record<string, unknown>,
  link: string,
) {
  if (format === "slack") {
    return {
      text: `${EVENT_TEXT[event](incident)} <${link}|Open in Opsdeck>`,
      blocks: [
        {
          type: "section",
          text: { type: "mrkdwn", text: `${EVENT_TEXT[event](incident)}\n<${link}|Open in Opsdeck>` },
        },
      ],
    };
  }
  return { event, at: new Date().toISOString(), incident: { ...incident, url: link }, detail };
}

/**
 * Queues the event for every target in INCIDENT_WEBHOOKS and for the paging integrations configured
 * (PagerDuty, Opsgenie: paging.ts), inside the caller's transaction.
 */
export async function enqueueIncidentEvent(
  tx: Tx,
  event: IncidentEvent,
  incident: IncidentSnapshot,
  detail: Record<string, unknown> = {},
): Promise<void> {
  const config = env();
  const link = new URL(
    `/incidents/${incident.number}`,
    config.NEXTAUTH_URL ?? "http://localhost:3000",
  ).toString();
  const rows: { target: string; format: string; payload: unknown }[] = config.INCIDENT_WEBHOOKS.map((t) => ({
    target: t.url,
    format: t.format,
    payload: payload(t.format, event, incident, detail, link),
  }));
  const action = pagingAction(event, incident);
  if (action && config.INCIDENT_PAGERDUTY_ROUTING_KEY)
    rows.push({
      target: config.INCIDENT_PAGERDUTY_URL,
      format: "pagerduty",
      payload: pagerDutyEvent(action, incident, config.INCIDENT_PAGERDUTY_ROUTING_KEY, link),
    });
  if (action && config.INCIDENT_OPSGENIE_API_KEY) {
    const request = opsgenieRequest(action, incident, link);
    rows.push({
      target: new URL(request.path, config.INCIDENT_OPSGENIE_URL).toString(),
      format: "opsgenie",
      payload: request.body,
    });
  }
  if (!rows.length) return;
  await tx.webhookDelivery.createMany({
    data: rows.map((r) => ({
      event,
      incidentId: incident.id,
      target: r.target,
      format: r.format,
      payload: r.payload as Prisma.InputJsonValue,
    })),
  });
  await publishChange(tx, OUTBOX_CHANGE);
}

type Claimed = { id: string; target: string; format: string; payload: unknown; attempts: number };

/** Credentials added when sending, so they are never stored with the delivery. */
function credentials(format: string): Record<string, string> {
  const key = format === "opsgenie" ? env().INCIDENT_OPSGENIE_API_KEY : undefined;
  return key ? { authorization: `GenieKey ${key}` } : {};
}

/** Backoff before attempt n+1: 2 s, 4 s, 8 s … up to 10 min, with full jitter. */
export function backoffMs(attempts: number, random = Math.random): number {
  const ceiling = Math.min(600_000, 2_000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

async function claim(limit: number): Promise<Claimed[]> {
  return db().$queryRaw<Claimed[]>`
    update webhook_deliveries set next_attempt_at = now() + ${`${LEASE_MS} milliseconds`}::interval
    where id in (
      select id from webhook_deliveries d
      where status = 'pending' and next_attempt_at <= now()
        -- A paging system must hear an incident's events in order (trigger, acknowledge, resolve): one
        -- waits while an earlier one to the same system is still pending (or being sent).
        and (d.format not in ('pagerduty', 'opsgenie') or not exists (
          select 1 from webhook_deliveries earlier
          where earlier.incident_id = d.incident_id and earlier.format = d.format
            and earlier.status = 'pending' and earlier.created_at < d.created_at))
      order by next_attempt_at
      for update skip locked
      limit ${limit}
    )
    returning id, target, format, payload, attempts`;
}

async function deliver(d: Claimed): Promise<void> {
  let status: number | null = null;
  let error: string | null = null;
  try {
    const response = await fetch(d.target, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "opsdeck-webhooks",
        ...credentials(d.format),
      },
      body: JSON.stringify(d.payload),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    status = response.status;
    await response.arrayBuffer().catch(() => undefined);
    if (!response.ok) error = `HTTP ${response.status}`;
  } catch (e) {
    error =
      (e as Error).name === "TimeoutError"
        ? `no answer within ${TIMEOUT_MS / 1000}s`
        : (((e as Error).cause as Error)?.message ?? (e as Error).message);
  }
  const attempts = d.attempts + 1;
  if (!error) {
    await db().webhookDelivery.update({
      where: { id: d.id },
      data: { status: "delivered", attempts, lastStatus: status, lastError: null, deliveredAt: new Date() },
    });
    return;
  }
  const giveUp = attempts >= MAX_ATTEMPTS;
  await db().webhookDelivery.update({
    where: { id: d.id },
    data: {
      status: giveUp ? "failed" : "pending",
      attempts,
      lastStatus: status,
      lastError: error,
      nextAttemptAt: new Date(Date.now() + backoffMs(attempts)),
    },
  });
}

/** Delivers what is due now; returns how many it tried. Exposed for tests and the dispatcher loop. */
export async function dispatchDue(limit = 20): Promise<number> {
  const due = await claim(limit);
  await Promise.all(due.map(deliver));
  return due.length;
}

const holder = globalThis as unknown as { __opsdeckOutbox?: { stop: () => void } };

/**
 * Runs in every app instance: polls every few seconds and wakes at once on new deliveries, through the
 * change feed (which reopens its connection after a database restart and then wakes us to catch up).
 */
export function startOutboxDispatcher(): { stop: () => void } {
  if (holder.__opsdeckOutbox) return holder.__opsdeckOutbox;
  let stopped = false;
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    if (stopped || running) return;
    running = true;
    try {
      while ((await dispatchDue()) > 0 && !stopped);
    } catch (error) {
      // During a database outage this would be a stack every 3 s; the outage log says it once.
      if (isDatabaseUnavailable(error)) databaseOutage().failed(error, { during: "outbox dispatch" });
      else logger.warn({ err: error }, "outbox dispatch failed; will retry");
    } finally {
      running = false;
      if (!stopped) timer = setTimeout(() => void tick(), 3_000);
    }
  };
  const unsubscribe = changeFeed().subscribe(
    OUTBOX_CHANGE.topic,
    null,
    () => void tick(),
    () => void tick(),
  );
  timer = setTimeout(() => void tick(), 1_000);
  holder.__opsdeckOutbox = {
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      void unsubscribe.then((off) => off());
    },
  };
  return holder.__opsdeckOutbox;
}

export type DeliveryView = {
  id: string;
  event: string;
  target: string;
  format: string;
  status: string;
  attempts: number;
  lastError: string | null;
  lastStatus: number | null;
  createdAt: string;
  deliveredAt: string | null;
  nextAttemptAt: string;
};

export async function listDeliveries(ctx: ServiceContext): Promise<DeliveryView[]> {
  authorize(ctx, "settings:manage");
  const rows = await db().webhookDelivery.findMany({ orderBy: { createdAt: "desc" }, take: 200 });
  return rows.map((r) => ({
    id: r.id,
    event: r.event,
    target: r.target.replace(/\/\/([^/]*@)?([^/]+).*/, "//$2/…"),
    format: r.format,
    status: r.status,
    attempts: r.attempts,
    lastError: r.lastError,
    lastStatus: r.lastStatus,
    createdAt: r.createdAt.toISOString(),
    deliveredAt: r.deliveredAt?.toISOString() ?? null,
    nextAttemptAt: r.nextAttemptAt.toISOString(),
  }));
}
