"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { TraceSearchResult } from "@/lib/services/traces";
import type { TraceDiff } from "@/lib/traces/compare";
import type { DependencyGraph } from "@/lib/traces/dependencies";
import type { TraceDetails, TraceView } from "@/lib/traces/model";
import { traceSearchQueryString, type TraceSearchParams } from "@/lib/traces/search-params";
import type { SourceState } from "@/lib/upstream/sources";
import { fetchJson } from "./fetch-json";
import { fetchJsonInWorker } from "./fetch-json-in-worker";

export type TraceServices = { services: string[]; source: SourceState };

/** `enabled: false` where the page knows Jaeger is not configured; `initial`: the list as the page's first response carried it. */
export function useTraceServicesQuery(enabled = true, initial?: TraceServices) {
  return useQuery({
    queryKey: ["traces", "services"],
    enabled,
    queryFn: () => fetchJson<TraceServices>("/api/traces/services"),
    initialData: initial,
    staleTime: 30_000,
  });
}

export function useOperationsQuery(service: string, enabled = true) {
  return useQuery({
    queryKey: ["traces", "operations", service],
    queryFn: () =>
      fetchJson<{ operations: { name: string; spanKind: string }[] }>(
        `/api/traces/operations?${new URLSearchParams({ service })}`,
      ).then((r) => r.operations),
    enabled: enabled && service !== "",
    staleTime: 30_000,
  });
}

/** `initial`: the results the page's first response carried, used while the search is the one they answer. */
export function useTraceSearchQuery(
  params: TraceSearchParams,
  enabled = true,
  initial?: { query: string; result: TraceSearchResult },
) {
  const query = traceSearchQueryString(params);
  return useQuery({
    queryKey: ["traces", "search", query],
    queryFn: () => fetchJson<TraceSearchResult>(`/api/traces?${query}`),
    enabled: enabled && params.service !== "",
    initialData: initial?.query === query ? initial.result : undefined,
    placeholderData: keepPreviousData,
  });
}

/** `initial`: the trace as the page's first response carried it, so that the browser does not ask again. */
export function useTraceQuery(traceId: string, initial?: { trace: TraceView; source: SourceState }) {
  return useQuery({
    queryKey: ["traces", "trace", traceId],
    queryFn: () =>
      fetchJson<{ trace: TraceView; source: SourceState }>(`/api/traces/${encodeURIComponent(traceId)}`),
    initialData: initial,
    staleTime: 60_000,
    retry: false,
  });
}

/**
 * The trace's span details: asked for once its waterfall is drawn (they are most of its bytes), and parsed
 * in a worker, so that the page stays responsive while tens of megabytes arrive.
 */
export function useTraceDetailsQuery(traceId: string) {
  return useQuery({
    queryKey: ["traces", "details", traceId],
    queryFn: ({ signal }) =>
      fetchJsonInWorker<{ details: TraceDetails }>(
        `/api/traces/${encodeURIComponent(traceId)}/details`,
        signal,
      ).then((r) => r.details),
    staleTime: 60_000,
    retry: 2,
  });
}

export function useTraceCompareQuery(a: string, b: string) {
  return useQuery({
    queryKey: ["traces", "compare", a, b],
    queryFn: () =>
      fetchJson<{ comparison: TraceDiff }>(`/api/traces/compare?${new URLSearchParams({ a, b })}`).then(
        (r) => r.comparison,
      ),
    enabled: a !== "" && b !== "",
    retry: false,
  });
}

export function useDependenciesQuery(lookbackMinutes: number, enabled = true) {
  return useQuery({
    queryKey: ["traces", "dependencies", lookbackMinutes],
    enabled,
    queryFn: () =>
      fetchJson<{ dependencies: DependencyGraph }>(
        `/api/traces/dependencies?lookbackMinutes=${lookbackMinutes}`,
      ).then((r) => r.dependencies),
  });
}
