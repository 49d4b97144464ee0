// How the palette orders what it finds, shared by the server (services, alerts, deployments, incidents,
// runbooks) and the browser (page jumps), so one query ranks alike everywhere. Pure: no I/O.

/** A trace id pasted anywhere in the query: 32 hex digits (W3C, OTLP) or 16 (64-bit Jaeger and Zipkin ids). */
const TRACE_ID = /(?<![0-9a-f])([0-9a-f]{32}|[0-9a-f]{16})(?![0-9a-f])/i;

/** The trace id in a query (lower case), or null: a pasted log line or trace URL still names its trace. */
export function traceIdIn(query: string): string | null {
  return TRACE_ID.exec(query)?.[1]?.toLowerCase() ?? null;
}

const WORD_START = /[\s\-_./:#@]/;

/**
 * How well a name matches what was typed, from 0 (not at all) to 1 (the whole name): the whole name, then
 * a prefix of it, then a word of it starting with the query, then the query inside it, then every typed
 * word found as the start of a word. Case-insensitive. Shorter names win ties, as "payments" should come
 * before "payments-worker" for "pay".
 */
export function matchScore(query: string, name: string): number {
  const q = query.trim().toLowerCase();
  const n = name.toLowerCase();
  if (!q || !n) return 0;
  const brevity = Math.min(q.length / n.length, 1) * 0.09;
  if (n === q) return 1;
  if (n.startsWith(q)) return 0.8 + brevity;
  const at = n.indexOf(q);
  if (at > 0 && WORD_START.test(n[at - 1]!)) return 0.6 + brevity;
  if (at > 0) return 0.4 + brevity;
  const words = q.split(/\s+/);
  if (words.length > 1 && words.every((w) => startsOfWords(n).some((s) => s.startsWith(w)))) {
    return 0.3 + brevity;
  }
  return 0;
}

function startsOfWords(name: string): string[] {
  return name.split(WORD_START).filter(Boolean);
}

/** The best score of several names of one thing (a service's name, its owner team, its description). */
export function bestMatch(query: string, names: (string | null | undefined)[]): number {
  return Math.max(0, ...names.map((n) => (n ? matchScore(query, n) : 0)));
}

/**
 * A score for a full-text hit, below any name match of the same strength: a title matching as a name
 * counts most, then PostgreSQL's rank (`ts_rank`, which rarely passes 1), then how recent it is (a day old
 * adds almost the whole of the recency part, a year old almost nothing).
 */
export function textHitScore(
  query: string,
  hit: { title: string; rank: number; updatedAt: Date | string },
  now = Date.now(),
) {
  const ageDays = Math.max(0, (now - new Date(hit.updatedAt).getTime()) / 86_400_000);
  const recency = 1 / (1 + ageDays / 7);
  return Math.max(matchScore(query, hit.title), 0.1) * 0.8 + Math.min(hit.rank, 1) * 0.1 + recency * 0.09;
}

/** Best first; equal scores keep the order they came in (Array.prototype.sort is stable). */
export function byScore<T extends { score: number }>(items: T[]): T[] {
  return [...items].sort((a, b) => b.score - a.score);
}

/**
 * Results in groups of one kind each: the group with the best result first (ties in the given order of
 * kinds), best first within a group.
 */
export function groupByKind<K extends string, T extends { kind: K; score: number }>(
  items: T[],
  order: readonly K[],
): { kind: K; items: T[] }[] {
  const byKind = new Map<K, T[]>();
  for (const item of byScore(items)) byKind.set(item.kind, [...(byKind.get(item.kind) ?? []), item]);
  return [...byKind.entries()]
    .map(([kind, grouped]) => ({ kind, items: grouped }))
    .sort((a, b) => b.items[0]!.score - a.items[0]!.score || order.indexOf(a.kind) - order.indexOf(b.kind));
}
