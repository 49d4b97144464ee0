"use client";
// Query hooks for Deployments: one per endpoint, every input in the query key. The list and a rollout's
// page stay live: their event streams (lib/client/live.ts) invalidate them whenever an informer sees a
// change, so every viewer follows the controller without polling Kubernetes.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  ActionOutcome,
  DeliveryRef,
  DeploymentHistoryEntry,
  DeploymentMarker,
  DeploymentMetrics,
  DeploymentsList,
  RolloutDetail,
} from "@/lib/services/deployments/model";
import { deploymentPaths, type ActionInput, type DeploymentSort } from "@/lib/services/deployments/schemas";
import { parseTimeExpression } from "@/lib/time/range";
import { fetchJson } from "./fetch-json";
import { useLiveInvalidation } from "./live";

export type RolloutRef = Omit<DeliveryRef, "source">;

/** The list's filters and sort as the URL carries them; empty lists and strings mean "any". */
export type DeploymentFilters = {
  cluster?: string[];
  namespace?: string[];
  service?: string[];
  status?: string[];
  source?: string[];
  q?: string;
  changedSince?: string;
  sort?: DeploymentSort;
  order?: "asc" | "desc";
};

/** The filters as a query string, in a fixed order so equal filters make equal keys and URLs. */
export function filterParams(filters: DeploymentFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ["cluster", "namespace", "service", "status", "source"] as const) {
    for (const value of [...(filters[key] ?? [])].sort()) params.append(key, value);
  }
  if (filters.q) params.set("q", filters.q);
  if (filters.changedSince) params.set("changedSince", filters.changedSince);
  if (filters.sort) params.set("sort", filters.sort);
  if (filters.order) params.set("order", filters.order);
  return params;
}

const withQuery = (path: string, params: URLSearchParams) => (params.size ? `${path}?${params}` : path);

const listKey = (filters: DeploymentFilters) => ["deployments", "list", filterParams(filters).toString()];
const rolloutKey = (ref: RolloutRef) => ["deployments", "rollout", ref.cluster, ref.namespace, ref.name];

export function useDeploymentsQuery(
  filters: DeploymentFilters,
  { enabled = true, refetchInterval = false }: { enabled?: boolean; refetchInterval?: number | false } = {},
) {
  return useQuery({
    queryKey: listKey(filters),
    queryFn: () => fetchJson<DeploymentsList>(withQuery(deploymentPaths.list, filterParams(filters))),
    enabled,
    refetchInterval,
  });
}

/**
 * Keeps the lists shown fresh, and the rollouts and chart markers shown beside them (a page with a list
 * of a service's rollouts and their buttons); returns whether the stream is connected.
 */
export function useDeploymentsLive(filters: DeploymentFilters): boolean {
  const params = filterParams(filters);
  // The stream only says "something changed"; sorting does not change what it covers.
  params.delete("sort");
  params.delete("order");
  return useLiveInvalidation(withQuery(deploymentPaths.events, params), {
    queryKeys: [
      ["deployments", "list"],
      ["deployments", "rollout"],
      ["deployments", "markers"],
    ],
  });
}

export function useRolloutQuery(ref: RolloutRef, { enabled = true } = {}) {
  return useQuery({
    queryKey: rolloutKey(ref),
    queryFn: () => fetchJson<{ rollout: RolloutDetail }>(deploymentPaths.rollout(ref)).then((r) => r.rollout),
    enabled,
  });
}

export function useRolloutHistoryQuery(ref: RolloutRef) {
  return useQuery({
    queryKey: [...rolloutKey(ref), "history"],
    queryFn: () =>
      fetchJson<{ history: DeploymentHistoryEntry[] }>(deploymentPaths.rolloutHistory(ref)).then(
        (r) => r.history,
      ),
  });
}

export function useRolloutMetricsQuery(ref: RolloutRef, range: string) {
  return useQuery({
    // Apart from the rollout's key: the rollout's stream does not invalidate Prometheus's numbers.
    queryKey: ["deployments", "metrics", ref.cluster, ref.namespace, ref.name, range],
    queryFn: () =>
      fetchJson<{ metrics: DeploymentMetrics }>(
        `${deploymentPaths.rolloutMetrics(ref)}?${new URLSearchParams({ range })}`,
      ).then((r) => r.metrics),
    refetchInterval: 30_000,
  });
}

/** Keeps the rollout's detail and history fresh while its page is open. */
export const useRolloutLive = (ref: RolloutRef): boolean =>
  useLiveInvalidation(deploymentPaths.rolloutEvents(ref), { queryKeys: [rolloutKey(ref)] });

/**
 * The rollout events of services within a time range, for markers on their charts. `from` and `to` are
 * the page's time expressions ("now-1h"), resolved when fetched so the key stays stable.
 */
export function useDeploymentMarkersQuery(
  services: string[],
  range: { from: string; to: string; refresh?: string },
) {
  return useQuery({
    queryKey: ["deployments", "markers", [...services].sort(), range.from, range.to],
    queryFn: () => {
      const now = new Date();
      const params = new URLSearchParams();
      for (const service of services) params.append("service", service);
      const from = parseTimeExpression(range.from, now);
      const to = parseTimeExpression(range.to, now);
      if (from) params.set("from", from.toISOString());
      if (to) params.set("to", to.toISOString());
      return fetchJson<{ markers: DeploymentMarker[] }>(`${deploymentPaths.markers}?${params}`).then(
        (r) => r.markers,
      );
    },
    enabled: services.length > 0,
    refetchInterval: 60_000,
  });
}

/**
 * Runs one action on a rollout. Whatever the answer (an outcome, a 409 because the rollout moved on, a
 * failure), the rollout and the lists are refetched: the page must show where the rollout stands now.
 */
export function useRolloutAction(ref: RolloutRef) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ActionInput) =>
      fetchJson<{ outcome: ActionOutcome }>(deploymentPaths.rolloutActions(ref), {
        method: "POST",
        json: input,
      }).then((r) => r.outcome),
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: rolloutKey(ref) }),
        client.invalidateQueries({ queryKey: ["deployments", "list"] }),
        client.invalidateQueries({ queryKey: ["deployments", "markers"] }),
      ]),
  });
}

/**
 * A version 4 UUID for an idempotency key. `crypto.randomUUID` exists only in secure contexts (HTTPS or
 * localhost), and Opsdeck may be served over plain HTTP inside a network; `getRandomValues` works in both.
 */
export function newIdempotencyKey(
  random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b),
) {
  const bytes = random(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
