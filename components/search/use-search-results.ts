"use client";
// What one search box shows, for the palette and the /search page alike: page jumps (the nav's list,
// filtered by the role and the query), the server's results per kind, a pasted trace id offered at once,
// grouped by kind with the best group first, and the sources that could not answer.
import { useEffect, useMemo, useState } from "react";
import { NAV_ITEMS } from "@/components/shell/nav";
import { useCarriedTimeRange } from "@/components/shell/use-time-range";
import type { Permission } from "@/lib/auth/permissions";
import { useSearchQuery } from "@/lib/client/search";
import { groupByKind, matchScore, traceIdIn } from "@/lib/services/search/ranking";
import {
  KIND_LABELS,
  SEARCH_KINDS,
  type SearchKind,
  type SearchResult,
  type SearchSource,
} from "@/lib/services/search/schemas";
import { recentKey, type RecentPick } from "./recent";

export type ResultGroup = { kind: SearchKind; label: string; items: SearchResult[] };

/** Asks the server once typing pauses, not at every key. */
const PAUSE_MS = 150;
/** A recently opened result that matches again moves up by this much. */
const RECENT_BOOST = 0.05;

function useDebounced(value: string, ms: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

const NO_RECENT: RecentPick[] = [];

export function useSearchResults(
  query: string,
  {
    limit,
    permissions,
    recent = NO_RECENT,
  }: { limit: number; permissions: readonly Permission[]; recent?: RecentPick[] },
) {
  const q = query.trim();
  const settled = useDebounced(q, PAUSE_MS);
  const answer = useSearchQuery(settled, limit);
  const carried = useCarriedTimeRange();
  const current = answer.data && !answer.isPlaceholderData && settled === q ? answer.data : null;

  const groups = useMemo(() => {
    const recentKeys = new Set(recent.map(recentKey));
    const pages: SearchResult[] = NAV_ITEMS.filter((p) => permissions.includes(p.permission)).flatMap((p) => {
      const score = q ? matchScore(q, p.label) : 0;
      if (q && !score) return [];
      return [
        {
          kind: "page" as const,
          id: p.href,
          title: `Go to ${p.label}`,
          subtitle: null,
          snippet: null,
          status: null,
          href: `${p.href}${carried}`,
          // A page ties below the thing of the same name ("payments" the service before any page).
          score: score * 0.95,
        },
      ];
    });
    const fromServer = q.length >= 2 ? (answer.data?.results ?? []) : [];
    const results = [...pages, ...fromServer.filter((r) => r.kind !== "trace")].map((r) =>
      recentKeys.has(recentKey(r)) ? { ...r, score: r.score + RECENT_BOOST } : r,
    );
    const traceId = traceIdIn(q);
    if (traceId && permissions.includes("traces:read"))
      results.push(traceOffer(traceId, current?.results, current?.sources, answer.isError));
    return groupByKind(results, SEARCH_KINDS).map((g) => ({ ...g, label: KIND_LABELS[g.kind] }));
  }, [q, answer.data, answer.isError, current, permissions, carried, recent]);

  return {
    groups,
    /** Sources that did not answer fully, for one quiet line. */
    troubled: q.length >= 2 ? (answer.data?.sources ?? []).filter((s) => s.state !== "ok") : [],
    /** Waiting for the server's answer to what is typed now (an older answer may be on screen). */
    searching: q.length >= 2 && !current && !answer.isError,
    error: answer.error,
    answered: current !== null,
  };
}

/** "Open trace <id>" at once; what Jaeger says of it (found, not found, not reachable) once it answers. */
function traceOffer(
  traceId: string,
  results: SearchResult[] | undefined,
  sources: SearchSource[] | undefined,
  failed: boolean,
): SearchResult {
  const found = results?.find((r) => r.kind === "trace");
  const source = sources?.find((s) => s.kind === "trace");
  const subtitle = found
    ? found.subtitle
    : source?.message
      ? source.message
      : failed
        ? "Could not check Jaeger"
        : results
          ? null
          : "Checking Jaeger…";
  return {
    kind: "trace",
    id: traceId,
    title: `Open trace ${traceId}`,
    subtitle,
    snippet: null,
    status: null,
    href: found?.href ?? `/traces/${traceId}`,
    // A pasted id means that trace: it comes first.
    score: 2,
  };
}
