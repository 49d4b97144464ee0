"use client";
// Query hooks for service health: every input in the query key; refreshing on the chosen interval while
// showing the previous data, so the page does not flicker.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { CatalogEntry, ServiceMetaView } from "@/lib/services/health/catalog";
import type { ExploreResult } from "@/lib/services/health/explore";
import type { Overview, OverviewSparklines } from "@/lib/services/health/overview";
import type { ServiceDetail } from "@/lib/services/health/service-detail";
import { refreshMs } from "@/lib/time/range";
import type { SourceState } from "@/lib/upstream/sources";
import { fetchJson } from "./fetch-json";

type Range = { from: string; to: string; refresh: string };

function rangeParams({ from, to, refresh }: Range) {
  return new URLSearchParams({ from, to, refresh: String(Math.round(refreshMs(refresh) / 1000)) });
}

export function useOverviewQuery(range: Range) {
  return useQuery({
    queryKey: ["overview", range.from, range.to, range.refresh],
    queryFn: () => fetchJson<Overview>(`/api/overview?${rangeParams(range)}`),
    refetchInterval: refreshMs(range.refresh) || false,
  });
}

export function useOverviewSparklinesQuery(range: Range) {
  return useQuery({
    queryKey: ["overview-sparklines", range.from, range.to, range.refresh],
    queryFn: () => fetchJson<OverviewSparklines>(`/api/overview/sparklines?${rangeParams(range)}`),
    refetchInterval: refreshMs(range.refresh) || false,
  });
}

export function useServiceDetailQuery(name: string, range: Range) {
  return useQuery({
    queryKey: ["service", name, range.from, range.to, range.refresh],
    // The page takes the service and where its data came from as one object.
    queryFn: () =>
      fetchJson<{ service: Omit<ServiceDetail, "sources">; sources: ServiceDetail["sources"] }>(
        `/api/services/${encodeURIComponent(name)}?${rangeParams(range)}`,
      ).then(({ service, sources }): ServiceDetail => ({ ...service, sources })),
    refetchInterval: refreshMs(range.refresh) || false,
  });
}

export function useCatalogQuery() {
  return useQuery({
    queryKey: ["catalog"],
    queryFn: () => fetchJson<{ services: CatalogEntry[]; source: SourceState }>("/api/services"),
  });
}

export function useUpdateServiceMeta(name: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (
      input: Partial<Omit<ServiceMetaView, "name" | "version" | "updatedAt">> & { expectedVersion: number },
    ) =>
      fetchJson<{ meta: ServiceMetaView }>(`/api/services/${encodeURIComponent(name)}`, {
        method: "PATCH",
        json: input,
      }),
    // The answer is the saved details: shown at once (the dialog closes on it), while the lists that
    // show them refetch in the background rather than hold the dialog open until Prometheus answers.
    onSuccess: ({ meta }) => {
      client.setQueriesData<ServiceDetail>({ queryKey: ["service", name] }, (detail) =>
        detail ? { ...detail, meta } : detail,
      );
      void client.invalidateQueries({ queryKey: ["catalog"] });
      void client.invalidateQueries({ queryKey: ["overview"] });
    },
  });
}

export type ExploreParams = {
  query: string;
  mode: "instant" | "range";
  from: string;
  to: string;
  step: string;
};

export function useExploreQuery(params: ExploreParams, enabled: boolean) {
  return useQuery({
    queryKey: ["explore", params],
    enabled: enabled && params.query.trim().length > 0,
    queryFn: () => {
      const search =
        params.mode === "instant"
          ? new URLSearchParams({ mode: "instant", query: params.query, time: params.to })
          : new URLSearchParams({
              mode: "range",
              query: params.query,
              start: params.from,
              end: params.to,
              step: params.step,
            });
      return fetchJson<ExploreResult>(`/api/promql?${search}`);
    },
    retry: false,
  });
}
