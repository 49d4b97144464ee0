// One search box for everything a person may read: services, firing alerts, deployments, incidents,
// runbooks, and a trace by its id. Each kind is a source with its own permission and a short time budget;
// a source the role cannot read is not asked, and one that is not configured, fails or is slow is
// reported in `sources` while the others still answer. Page jumps are the browser's (the nav's own list).
import { can } from "@/lib/auth/permissions";
import { isDatabaseUnavailable } from "@/lib/db/errors";
import { AppError, NotFoundError } from "@/lib/errors";
import { formatSeconds } from "@/lib/format";
import { logger } from "@/lib/observability/logger";
import { listAlertGroups } from "@/lib/services/alerts";
import { parseInput, requireActor, type ServiceContext } from "@/lib/services/context";
import { listDeployments } from "@/lib/services/deployments";
import { deliveryHref } from "@/lib/services/deployments/schemas";
import { listCatalog } from "@/lib/services/health/catalog";
import { getTrace } from "@/lib/services/traces";
import { NotConfiguredError } from "@/lib/upstream/configured";
import type { SourceState } from "@/lib/upstream/sources";
import { withinBudget } from "@/lib/upstream/budget";
import { searchIncidents, searchRunbooks, type TextHit } from "./full-text";
import { bestMatch, byScore, matchScore, textHitScore, traceIdIn } from "./ranking";
import {
  KIND_PERMISSIONS,
  searchInput,
  type SearchAnswer,
  type SearchKind,
  type SearchResult,
  type SearchSource,
} from "./schemas";

/** How long a source may take before the answer goes without it. */
export const SOURCE_BUDGET_MS = 1_500;

type SourceKind = Exclude<SearchKind, "page">;
type Found = { results: SearchResult[]; state?: SourceState; message?: string };
type Query = { ctx: ServiceContext; q: string; limit: number; now: number };

const SOURCES: Record<SourceKind, (query: Query) => Promise<Found> | null> = {
  service: findServices,
  alert: findAlerts,
  deployment: findDeployments,
  incident: findIncidents,
  runbook: findRunbooks,
  trace: findTrace,
};

export async function search(ctx: ServiceContext, raw: unknown): Promise<SearchAnswer> {
  const actor = requireActor(ctx);
  const { q, limit } = parseInput(searchInput, raw);
  const query: Query = { ctx, q, limit, now: Date.now() };
  const readable = (Object.keys(SOURCES) as SourceKind[]).filter((kind) =>
    can(actor.role, KIND_PERMISSIONS[kind]),
  );
  const answers = await Promise.all(
    readable.map(async (kind) => {
      const work = SOURCES[kind](query);
      return work && { kind, outcome: await withinBudget(work, SOURCE_BUDGET_MS) };
    }),
  );
  const results: SearchResult[] = [];
  const sources: SearchSource[] = [];
  for (const answer of answers) {
    if (!answer) continue;
    const { kind, outcome } = answer;
    if ("value" in outcome) {
      results.push(...byScore(outcome.value.results).slice(0, limit));
      sources.push(sourceOf(kind, outcome.value));
    } else if ("timedOut" in outcome) {
      sources.push({
        kind,
        state: "timed_out",
        message: `did not answer within ${SOURCE_BUDGET_MS / 1000} s`,
      });
    } else if (outcome.error instanceof NotConfiguredError) {
      sources.push({ kind, state: "not_configured", message: outcome.error.message });
    } else {
      sources.push({ kind, state: "unavailable", message: failure(kind, outcome.error) });
    }
  }
  return { results: byScore(results), sources };
}

function sourceOf(kind: SourceKind, found: Found): SearchSource {
  const state = found.state ?? { state: "ok", asOf: "" };
  const message = "message" in state ? state.message : (found.message ?? null);
  return { kind, state: state.state, message };
}

function failure(kind: SourceKind, error: unknown): string {
  if (isDatabaseUnavailable(error)) return "the database is unavailable";
  if (error instanceof AppError) return error.message;
  logger.warn({ err: error, kind }, "a search source failed");
  return "failed unexpectedly";
}

async function findServices({ ctx, q }: Query): Promise<Found> {
  const { services, source } = await listCatalog(ctx);
  const results = services.flatMap((s): SearchResult[] => {
    // The name counts in full; the owner team and the description find a service, below any name match.
    const score = Math.max(matchScore(q, s.name), bestMatch(q, [s.ownerTeam, s.description]) * 0.5);
    if (!score) return [];
    const about = [s.ownerTeam && `owned by ${s.ownerTeam}`, s.tier, !s.discovered && "no metrics"];
    return [
      {
        kind: "service",
        id: s.name,
        title: s.name,
        subtitle: about.filter(Boolean).join(" · ") || null,
        snippet: null,
        status: null,
        href: `/services/${encodeURIComponent(s.name)}`,
        score,
      },
    ];
  });
  return { results, state: source };
}

async function findAlerts({ ctx, q }: Query): Promise<Found> {
  const { groups, source } = await listAlertGroups(ctx, {});
  // One result per alert name: a hundred firing pods are one thing to jump to.
  const byName = new Map<string, SearchResult & { services: Set<string> }>();
  for (const alert of groups.flatMap((g) => g.alerts)) {
    const score = Math.max(
      matchScore(q, alert.name),
      bestMatch(q, [alert.service, alert.annotations.summary]) * 0.7,
    );
    if (!score) continue;
    const seen = byName.get(alert.name);
    if (seen) {
      if (alert.service) seen.services.add(alert.service);
      seen.score = Math.max(seen.score, score);
      continue;
    }
    byName.set(alert.name, {
      kind: "alert",
      id: alert.name,
      title: alert.name,
      subtitle: alert.annotations.summary ?? null,
      snippet: null,
      status: alert.state,
      href: `/alerts?filter=${encodeURIComponent(`alertname="${alert.name}"`)}`,
      score,
      services: new Set(alert.service ? [alert.service] : []),
    });
  }
  const results = [...byName.values()].map(({ services, ...r }) => ({
    ...r,
    subtitle:
      [services.size ? [...services].sort().join(", ") : null, r.subtitle].filter(Boolean).join(" · ") ||
      null,
  }));
  return { results, state: source };
}

async function findDeployments({ ctx, q }: Query): Promise<Found> {
  const list = await listDeployments(ctx, {});
  const results = list.deployments.flatMap((d): SearchResult[] => {
    const score = Math.max(matchScore(q, d.name), bestMatch(q, [d.service, d.namespace]) * 0.8);
    if (!score) return [];
    return [
      {
        kind: "deployment",
        id: d.key,
        title: d.name,
        subtitle: `${d.source === "flagger" ? "Flagger canary" : "Argo rollout"} · ${d.cluster}/${d.namespace}`,
        snippet: null,
        status: d.status,
        href: deliveryHref(d),
        score,
      },
    ];
  });
  return { results, state: list.kubernetes };
}

function textResults(q: string, kind: "incident" | "runbook", hits: TextHit[], now: number): SearchResult[] {
  return hits.map((h) => ({
    kind,
    id: h.id,
    title: h.number === null ? h.title : `#${h.number} ${h.title}`,
    subtitle: null,
    snippet: h.snippet,
    status: h.status,
    href: kind === "incident" ? `/incidents/${h.number}` : `/runbooks/${h.id}`,
    score: String(h.number) === q.replace(/^#/, "") ? 1 : textHitScore(q, h, now),
  }));
}

async function findIncidents({ q, limit, now }: Query): Promise<Found> {
  return { results: textResults(q, "incident", await searchIncidents(q, limit), now) };
}

async function findRunbooks({ q, limit, now }: Query): Promise<Found> {
  return { results: textResults(q, "runbook", await searchRunbooks(q, limit), now) };
}

/** Asked only when the query holds a trace id; the browser offers to open it before this answers. */
function findTrace({ ctx, q }: Query): Promise<Found> | null {
  const id = traceIdIn(q);
  if (!id) return null;
  return getTrace(ctx, id).then(
    ({ trace, source }): Found => {
      const root = trace.parents.indexOf(-1);
      const what = root < 0 ? null : trace.operations[trace.operationIdx[root]!];
      const service = root < 0 ? null : trace.services[trace.serviceIdx[root]!];
      return {
        results: [
          {
            kind: "trace",
            id: trace.traceId,
            title: `Trace ${id}`,
            subtitle:
              [service && what ? `${service}: ${what}` : null, formatSeconds(trace.durationUs / 1e6)]
                .filter(Boolean)
                .join(" · ") || null,
            snippet: null,
            status: null,
            href: `/traces/${trace.traceId}`,
            score: 1,
          },
        ],
        state: source,
      };
    },
    (error: unknown): Found => {
      if (error instanceof NotFoundError) return { results: [], message: `Jaeger has no trace ${id}` };
      throw error;
    },
  );
}
