// Alerts from Alertmanager, silences, acknowledgements (an ack is a short silence owned by the
// responder, since Alertmanager has none), and Prometheus's rules. Silencing is audited; creating the
// same silence twice (a retried request) returns the first one.
import { requireAlertmanager, type AlertmanagerClient } from "@/lib/alertmanager/client";
import type { AmAlert, AmAlertGroup, AmSilence } from "@/lib/alertmanager/schemas";
import { env } from "@/lib/config/env";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { db } from "@/lib/db/client";
import { databaseOutage, isDatabaseUnavailable } from "@/lib/db/errors";
import { logger } from "@/lib/observability/logger";
import { requirePrometheus } from "@/lib/prometheus/client";
import type { RulesData } from "@/lib/prometheus/schemas";
import { authorize, mutate, parseInput, type ServiceContext } from "@/lib/services/context";
import { recordOnMatchingIncidents } from "@/lib/services/incidents/related";
import { SharedResultCache } from "@/lib/upstream/cache";
import { fromCached, type SourceState } from "@/lib/upstream/sources";
import {
  ACK_PREFIX,
  acknowledgeInput,
  alertListInput,
  createSilenceInput,
  isNarrowing,
  MATCHER_SYNTAX,
  type SilenceMatcher,
} from "./schemas";

export { ACK_PREFIX } from "./schemas";

export type AlertView = {
  fingerprint: string;
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: "active" | "suppressed" | "unprocessed";
  silenced: boolean;
  inhibited: boolean;
  startsAt: string;
  generatorURL: string | null;
  runbookUrl: string | null;
  service: string | null;
  /** Who has it: an acknowledgement, by a person on the alerts page or by taking command of an incident. */
  ack: { by: string; until: string; silenceId: string; incidentNumber: number | null } | null;
};

export type AlertGroupView = { labels: Record<string, string>; receivers: string[]; alerts: AlertView[] };

export type SilenceView = {
  id: string;
  state: "active" | "pending" | "expired";
  matchers: SilenceMatcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
  isAck: boolean;
};

/** Only http(s) links and paths on this site; a runbook_url such as javascript:… is dropped. */
export function safeLink(url: string | undefined): string | null {
  if (!url) return null;
  if (url.startsWith("/") && !url.startsWith("//")) return url;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.toString() : null;
  } catch {
    return null;
  }
}

function silenceView(s: AmSilence): SilenceView {
  return {
    id: s.id,
    state: s.status.state,
    matchers: s.matchers,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    createdBy: s.createdBy,
    comment: s.comment,
    isAck: s.comment.startsWith(ACK_PREFIX),
  };
}

function alertView(a: AmAlert, silences: Map<string, AmSilence>): AlertView {
  const ackSilence = a.status.silencedBy
    .map((id) => silences.get(id))
    .find((s) => s?.comment.startsWith(ACK_PREFIX));
  return {
    fingerprint: a.fingerprint,
    name: a.labels.alertname ?? "(unnamed)",
    labels: a.labels,
    annotations: a.annotations,
    state: a.status.state,
    silenced: a.status.silencedBy.length > 0,
    inhibited: a.status.inhibitedBy.length > 0,
    startsAt: a.startsAt,
    generatorURL: safeLink(a.generatorURL),
    runbookUrl: safeLink(a.annotations.runbook_url),
    service: a.labels[env().SERVICE_LABEL] ?? null,
    ack: ackSilence
      ? {
          by: ackSilence.createdBy,
          until: ackSilence.endsAt,
          silenceId: ackSilence.id,
          incidentNumber: Number(/ has incident #(\d+)$/.exec(ackSilence.comment)?.[1]) || null,
        }
      : null,
  };
}

function normaliseMatcher(m: string): string {
  const match = MATCHER_SYNTAX.exec(m)!;
  const [, name, op, quoted, bare] = match;
  const value = quoted !== undefined ? quoted : (bare ?? "");
  return `${name}${op}"${value.replace(/(?<!\\)"/g, '\\"')}"`;
}

/** Alertmanager's answers are shared by every viewer for this long (and refreshed by this instance's changes). */
const ALERTS_TTL_MS = 5_000;
const RULES_TTL_MS = 15_000;
const shared = new SharedResultCache({ maxEntries: 200, keepStaleMs: 30 * 60_000 });

export type AlertGroupList = { groups: AlertGroupView[]; source: SourceState };

/**
 * The firing alerts as Alertmanager groups them, with acknowledgements and runbook links. Viewers asking
 * the same share one pair of Alertmanager calls per few seconds; when Alertmanager fails or hangs, the
 * last good list is served with its age (`source`).
 */
export async function listAlertGroups(ctx: ServiceContext, raw: unknown): Promise<AlertGroupList> {
  authorize(ctx, "alerts:read");
  const input = parseInput(alertListInput, raw);
  const am = requireAlertmanager();
  const matchers = input.filter.map(normaliseMatcher);
  const key = JSON.stringify(["groups", matchers, input.silenced, input.inhibited]);
  const cached = await shared.get(key, ALERTS_TTL_MS, async () => {
    const [groups, silences] = await Promise.all([
      am.alertGroups({ matchers, active: true, silenced: input.silenced, inhibited: input.inhibited }),
      am.silences(),
    ]);
    const views = groupViews(groups, silences);
    await linkStoredRunbooks(views.flatMap((g) => g.alerts));
    return views;
  });
  return { groups: cached.value, source: fromCached(cached) };
}

function groupViews(groups: AmAlertGroup[], silences: AmSilence[]): AlertGroupView[] {
  const byId = new Map(silences.map((s) => [s.id, s]));
  // Alertmanager returns a group per receiver; an alert routed to two receivers is shown once.
  const merged = new Map<
    string,
    { labels: Record<string, string>; receivers: Set<string>; alerts: Map<string, AlertView> }
  >();
  for (const g of groups) {
    const key = JSON.stringify(Object.entries(g.labels).sort());
    const entry = merged.get(key) ?? {
      labels: g.labels,
      receivers: new Set<string>(),
      alerts: new Map<string, AlertView>(),
    };
    entry.receivers.add(g.receiver.name);
    for (const a of g.alerts) entry.alerts.set(a.fingerprint, alertView(a, byId));
    merged.set(key, entry);
  }
  return [...merged.values()]
    .map((g) => ({
      labels: g.labels,
      receivers: [...g.receivers].sort(),
      alerts: [...g.alerts.values()].sort((x, y) => y.startsAt.localeCompare(x.startsAt)),
    }))
    .filter((g) => g.alerts.length > 0);
}

/**
 * Alerts without a runbook_url annotation link to Opsdeck's runbooks when one names the alert. The
 * alerts stay useful without the database: then they only lose these links.
 */
async function linkStoredRunbooks(alerts: AlertView[]) {
  const names = [...new Set(alerts.filter((a) => !a.runbookUrl).map((a) => a.name))];
  if (!names.length) return;
  let covered: Set<string>;
  try {
    const rows = await db().runbook.findMany({
      where: { alertNames: { hasSome: names } },
      select: { alertNames: true },
    });
    covered = new Set(rows.flatMap((r) => r.alertNames));
  } catch (error) {
    if (isDatabaseUnavailable(error)) databaseOutage().failed(error);
    else logger.warn({ err: error }, "runbook links for alerts are unavailable");
    return;
  }
  applyRunbookLinks(alerts, covered);
}

/** Links each alert without a runbook_url whose name a stored runbook names to the runbooks it matches. */
export function applyRunbookLinks(
  alerts: Pick<AlertView, "name" | "service" | "runbookUrl">[],
  covered: Set<string>,
) {
  for (const a of alerts) {
    if (a.runbookUrl || !covered.has(a.name)) continue;
    const query = new URLSearchParams({ alert: a.name, ...(a.service && { service: a.service }) });
    a.runbookUrl = `/runbooks?${query}`;
  }
}

/** A shared read that is only worth showing fresh: its failure (or a late answer) is the caller's error. */
async function sharedFresh<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
  const cached = await shared.get(key, ttlMs, load);
  if (cached.staleBecause) throw cached.staleBecause;
  return cached.value;
}

export async function listSilences(ctx: ServiceContext): Promise<SilenceView[]> {
  authorize(ctx, "alerts:read");
  const order = { active: 0, pending: 1, expired: 2 };
  const am = requireAlertmanager();
  return (await sharedFresh("silences", ALERTS_TTL_MS, () => am.silences()))
    .map(silenceView)
    .sort((a, b) => order[a.state] - order[b.state] || b.startsAt.localeCompare(a.startsAt));
}

const sameMatchers = (a: SilenceMatcher[], b: SilenceMatcher[]) => {
  const key = (m: SilenceMatcher) => `${m.name}\u0000${m.value}\u0000${m.isRegex}\u0000${m.isEqual}`;
  return JSON.stringify(a.map(key).sort()) === JSON.stringify(b.map(key).sort());
};

/** Creates a silence, or returns an identical live one this user made (so a retry does not add a second). */
async function createOrReuse(
  am: AlertmanagerClient,
  silence: { matchers: SilenceMatcher[]; durationMinutes: number; createdBy: string; comment: string },
) {
  const existing = (await am.silences()).find(
    (s) =>
      s.status.state !== "expired" &&
      s.createdBy === silence.createdBy &&
      s.comment === silence.comment &&
      sameMatchers(s.matchers, silence.matchers),
  );
  if (existing) return { id: existing.id, reused: true };
  const startsAt = new Date();
  const id = await am.createSilence({
    matchers: silence.matchers,
    startsAt,
    endsAt: new Date(startsAt.getTime() + silence.durationMinutes * 60_000),
    createdBy: silence.createdBy,
    comment: silence.comment,
  });
  return { id, reused: false };
}

/**
 * Runs an audited mutation that may create a silence; if the mutation fails after the silence was
 * created (its audit entry could not be written, say), the new silence is expired again.
 */
async function withCompensation<T extends { id: string; reused: boolean }>(
  run: (created: (am: AlertmanagerClient, result: T) => void) => Promise<T>,
): Promise<T> {
  let undo: { am: AlertmanagerClient; id: string } | null = null;
  try {
    return await run((am, result) => {
      if (!result.reused) undo = { am, id: result.id };
    });
  } catch (error) {
    const u = undo as { am: AlertmanagerClient; id: string } | null;
    if (u) {
      await u.am
        .expireSilence(u.id)
        .catch((e: unknown) =>
          logger.error({ err: e, silenceId: u.id }, "could not expire a silence whose audit failed"),
        );
    }
    throw error;
  } finally {
    // Whoever made the change sees it on their next read (other instances within ALERTS_TTL_MS).
    shared.expireAll();
  }
}

const formatMatcher = (m: SilenceMatcher) =>
  `${m.name}${m.isEqual ? "" : "!"}${m.isRegex ? "=~" : "="}"${m.value}"`;

const formatMinutes = (minutes: number) =>
  minutes % 60 === 0
    ? `${minutes / 60} h`
    : minutes > 60
      ? `${Math.floor(minutes / 60)} h ${minutes % 60} min`
      : `${minutes} min`;

// Upstream clients are required inside the mutation, after mutate() has checked the caller: an anonymous
// caller or a viewer learns nothing about the configuration (lib/services/permission-first.int.test.ts).

export function createSilence(ctx: ServiceContext, raw: unknown): Promise<{ id: string; reused: boolean }> {
  return withCompensation((created) =>
    mutate(
      ctx,
      {
        action: "silence.create",
        permission: "silences:write",
        input: createSilenceInput,
        targetType: "silence",
      },
      raw,
      async (tx, input, actor, audit) => {
        const am = requireAlertmanager();
        if (!input.matchers.some(isNarrowing) && !input.confirmBroad) {
          throw new ValidationError(
            {
              matchers: [
                "These matchers would silence every alert. Narrow them, or confirm that this is what you want.",
              ],
            },
            "This silence would match every alert.",
          );
        }
        const result = await createOrReuse(am, {
          matchers: input.matchers,
          durationMinutes: input.durationMinutes,
          createdBy: actor.email,
          comment: input.comment,
        });
        created(am, result);
        audit.targetId = result.id;
        const incidents = await recordOnMatchingIncidents(tx, actor, input.matchers, {
          kind: "silence",
          body: `Silenced ${input.matchers.map(formatMatcher).join(", ")} for ${formatMinutes(input.durationMinutes)}: ${input.comment}`,
          data: { silenceId: result.id, matchers: input.matchers },
          dedupeKey: `silence:${result.id}`,
        });
        audit.params = {
          matchers: input.matchers,
          durationMinutes: input.durationMinutes,
          comment: input.comment,
          reused: result.reused,
          incidents,
        };
        return result;
      },
    ),
  );
}

export function acknowledgeAlert(
  ctx: ServiceContext,
  raw: unknown,
): Promise<{ id: string; reused: boolean }> {
  return withCompensation((created) =>
    mutate(
      ctx,
      {
        action: "alert.acknowledge",
        permission: "silences:write",
        input: acknowledgeInput,
        targetType: "alert",
      },
      raw,
      async (tx, input, actor, audit) => {
        const am = requireAlertmanager();
        audit.targetId = input.fingerprint;
        const alert = (await am.alerts({ active: true, silenced: true, inhibited: true })).find(
          (a) => a.fingerprint === input.fingerprint,
        );
        if (!alert) throw new NotFoundError("That alert is not firing any more.");
        const matchers = Object.entries(alert.labels).map(([name, value]) => ({
          name,
          value,
          isRegex: false,
          isEqual: true,
        }));
        const comment = `${ACK_PREFIX} ${actor.name ?? actor.email} is on it${input.note ? `: ${input.note}` : ""}`;
        const result = await createOrReuse(am, {
          matchers,
          durationMinutes: input.durationMinutes,
          createdBy: actor.email,
          comment,
        });
        created(am, result);
        const incidents = await recordOnMatchingIncidents(tx, actor, matchers, {
          kind: "acknowledged",
          body: `${actor.name ?? actor.email} acknowledged ${alert.labels.alertname ?? "an alert"}${input.note ? `: ${input.note}` : ""}`,
          data: { silenceId: result.id, fingerprint: input.fingerprint },
          dedupeKey: `ack:${result.id}`,
        });
        audit.params = {
          incidents,
          alert: alert.labels.alertname,
          labels: alert.labels,
          durationMinutes: input.durationMinutes,
          silenceId: result.id,
          reused: result.reused,
        };
        return result;
      },
    ),
  );
}

export function expireSilence(ctx: ServiceContext, id: string): Promise<{ id: string }> {
  return mutate(
    ctx,
    {
      action: "silence.expire",
      permission: "silences:write",
      input: createSilenceInput.pick({}).strict(),
      targetType: "silence",
    },
    {},
    async (_tx, _input, _actor, audit) => {
      const am = requireAlertmanager();
      audit.targetId = id;
      const silence = (await am.silences()).find((s) => s.id === id);
      if (!silence) throw new NotFoundError("No such silence.");
      audit.params = {
        matchers: silence.matchers,
        createdBy: silence.createdBy,
        comment: silence.comment,
        state: silence.status.state,
      };
      // Expiring an expired silence is a no-op, so a retried request succeeds too.
      if (silence.status.state !== "expired") await am.expireSilence(id);
      return { id };
    },
  ).finally(() => shared.expireAll());
}

export async function listRules(ctx: ServiceContext): Promise<RulesData> {
  authorize(ctx, "alerts:read");
  const prometheus = requirePrometheus();
  return sharedFresh("rules", RULES_TTL_MS, () => prometheus.rules());
}
