// The list's filters and sort, and "Waiting for you", over summaries already computed. Pure.
import type { DeliveryStatus, DeliverySummary } from "./model";
import type { DeploymentSort, ListQuery } from "./schemas";

/** Most urgent first when sorting by status. */
const STATUS_ORDER: Record<DeliveryStatus, number> = {
  Degraded: 0,
  Aborted: 1,
  Paused: 2,
  Progressing: 3,
  Healthy: 4,
};

export type Filters = Omit<ListQuery, "sort" | "order">;

/** Each summary's searchable text, computed once per summary (summaries are replaced when they change). */
const searchText = new WeakMap<DeliverySummary, string>();

function haystack(summary: DeliverySummary): string {
  let text = searchText.get(summary);
  if (text === undefined) {
    const parts = [
      summary.name,
      summary.namespace,
      summary.service,
      ...summary.revisions.flatMap((r) => r.images),
    ];
    text = parts.join("\u0000").toLowerCase();
    searchText.set(summary, text);
  }
  return text;
}

/**
 * The filters as one predicate, built once per request (values within one filter are alternatives);
 * null when nothing is filtered.
 */
export function compileFilters(filters: Filters): ((summary: DeliverySummary) => boolean) | null {
  const tests: ((summary: DeliverySummary) => boolean)[] = [];
  const among = <T>(values: T[] | undefined, pick: (summary: DeliverySummary) => T) => {
    if (!values?.length) return;
    const allowed = new Set(values);
    tests.push((summary) => allowed.has(pick(summary)));
  };
  among(filters.cluster, (s) => s.cluster);
  among(filters.namespace, (s) => s.namespace);
  among(filters.service, (s) => s.service);
  among(filters.status, (s) => s.status);
  among(filters.source, (s) => s.source);
  if (filters.changedSince) {
    const since = Date.parse(filters.changedSince);
    tests.push((s) => (s.lastChangeAt ? Date.parse(s.lastChangeAt) >= since : false));
  }
  if (filters.q) {
    const q = filters.q.toLowerCase();
    tests.push((s) => haystack(s).includes(q));
  }
  return tests.length ? (summary) => tests.every((test) => test(summary)) : null;
}

/** Whether a summary passes every given filter. */
export function matchesFilters(summary: DeliverySummary, filters: Filters): boolean {
  return compileFilters(filters)?.(summary) ?? true;
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const timeOf = (iso: string | null) => (iso ? Date.parse(iso) : Number.NEGATIVE_INFINITY);

/** The value a summary is sorted by, computed once per summary rather than at every comparison. */
function sortKey(sort: DeploymentSort): (s: DeliverySummary) => string | number {
  switch (sort) {
    case "name":
      return (s) => s.name;
    case "service":
      return (s) => s.service;
    case "namespace":
      return (s) => s.namespace;
    case "cluster":
      return (s) => s.cluster;
    case "status":
      return (s) => STATUS_ORDER[s.status];
    case "lastChange":
      return (s) => timeOf(s.lastChangeAt);
    case "progress":
      return (s) => (s.progress ? s.progress.current / s.progress.total : 2);
  }
}

/** Newest change first by default; names ascending otherwise. Ties fall back to the key, so order is stable. */
export function defaultOrder(sort: DeploymentSort): "asc" | "desc" {
  return sort === "lastChange" ? "desc" : "asc";
}

/** A sorted copy. */
export function sortSummaries(
  summaries: DeliverySummary[],
  sort: DeploymentSort,
  order: "asc" | "desc" = defaultOrder(sort),
): DeliverySummary[] {
  const keyOf = sortKey(sort);
  const sign = order === "asc" ? 1 : -1;
  return summaries
    .map((summary) => ({ summary, key: keyOf(summary) }))
    .sort((a, b) => {
      const byKey =
        typeof a.key === "number"
          ? (a.key as number) - (b.key as number)
          : compareText(a.key, b.key as string);
      return sign * byKey || compareText(a.summary.key, b.summary.key);
    })
    .map(({ summary }) => summary);
}

/** Rollouts a person must act on, the longest waiting first (an unknown start last). */
export function waitingOldestFirst(summaries: DeliverySummary[]): DeliverySummary[] {
  return summaries
    .filter((summary) => summary.waiting !== null)
    .sort((a, b) => {
      const since = (s: DeliverySummary) =>
        s.waiting?.since ? Date.parse(s.waiting.since) : Number.POSITIVE_INFINITY;
      return since(a) - since(b) || compareText(a.key, b.key);
    });
}

/** Whether a namespace is one of the production namespaces: exact names or globs with `*` and `?`. */
export function isProductionNamespace(namespace: string, patterns: string[] | undefined): boolean {
  return (patterns ?? []).some((pattern) => {
    if (!/[*?]/.test(pattern)) return pattern === namespace;
    const regex = new RegExp(
      `^${pattern.replace(/[*?]/g, (c) => (c === "*" ? "[-a-z0-9]*" : "[-a-z0-9]"))}$`,
    );
    return regex.test(namespace);
  });
}
