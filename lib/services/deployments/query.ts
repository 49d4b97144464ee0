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

/** Whether a summary passes every given filter (lists within one filter are alternatives). */
export function matchesFilters(summary: DeliverySummary, filters: Filters): boolean {
  const within = <T>(values: T[] | undefined, value: T) => !values?.length || values.includes(value);
  if (!within(filters.cluster, summary.cluster)) return false;
  if (!within(filters.namespace, summary.namespace)) return false;
  if (!within(filters.service, summary.service)) return false;
  if (!within(filters.status, summary.status)) return false;
  if (!within(filters.source, summary.source)) return false;
  if (filters.changedSince) {
    const since = Date.parse(filters.changedSince);
    const changed = summary.lastChangeAt ? Date.parse(summary.lastChangeAt) : NaN;
    if (!(changed >= since)) return false;
  }
  if (filters.q) {
    const q = filters.q.toLowerCase();
    const haystack = [
      summary.name,
      summary.namespace,
      summary.service,
      ...summary.revisions.flatMap((r) => r.images),
    ];
    if (!haystack.some((text) => text.toLowerCase().includes(q))) return false;
  }
  return true;
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const timeOf = (iso: string | null) => (iso ? Date.parse(iso) : Number.NEGATIVE_INFINITY);

function compareBy(sort: DeploymentSort): (a: DeliverySummary, b: DeliverySummary) => number {
  switch (sort) {
    case "name":
      return (a, b) => compareText(a.name, b.name);
    case "service":
      return (a, b) => compareText(a.service, b.service);
    case "namespace":
      return (a, b) => compareText(a.namespace, b.namespace);
    case "cluster":
      return (a, b) => compareText(a.cluster, b.cluster);
    case "status":
      return (a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status];
    case "lastChange":
      return (a, b) => timeOf(a.lastChangeAt) - timeOf(b.lastChangeAt);
    case "progress":
      return (a, b) =>
        (a.progress ? a.progress.current / a.progress.total : 2) -
        (b.progress ? b.progress.current / b.progress.total : 2);
  }
}

/** Newest change first by default; names ascending otherwise. Ties fall back to the key, so order is stable. */
export function defaultOrder(sort: DeploymentSort): "asc" | "desc" {
  return sort === "lastChange" ? "desc" : "asc";
}

export function sortSummaries(
  summaries: DeliverySummary[],
  sort: DeploymentSort,
  order: "asc" | "desc" = defaultOrder(sort),
): DeliverySummary[] {
  const compare = compareBy(sort);
  const sign = order === "asc" ? 1 : -1;
  return summaries.sort((a, b) => sign * compare(a, b) || compareText(a.key, b.key));
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
