"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { SearchAnswer } from "@/lib/services/search/schemas";
import { fetchJson } from "./fetch-json";

/** `GET /api/search`: the previous answer stays on screen while the next one loads, as one types. */
export function useSearchQuery(q: string, limit: number) {
  const query = q.trim();
  return useQuery({
    queryKey: ["search", query, limit],
    enabled: query.length >= 2,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
    queryFn: () =>
      fetchJson<SearchAnswer>(`/api/search?${new URLSearchParams({ q: query, limit: String(limit) })}`),
  });
}
