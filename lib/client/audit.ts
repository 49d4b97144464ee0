"use client";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { AuditPage } from "@/lib/services/audit";
import { fetchJson } from "./fetch-json";

export type AuditFilterParams = Partial<
  Record<"actor" | "action" | "targetType" | "targetId" | "result" | "from" | "to", string>
>;

export function auditQueryString(filter: AuditFilterParams, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filter, ...extra })) if (value) params.set(key, value);
  return params.toString();
}

export function useAuditEntriesQuery(filter: AuditFilterParams) {
  return useInfiniteQuery({
    queryKey: ["audit", "entries", filter],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      fetchJson<AuditPage>(`/api/audit?${auditQueryString(filter, pageParam ? { before: pageParam } : {})}`),
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: undefined,
  });
}

export function useAuditActionsQuery() {
  return useQuery({
    queryKey: ["audit", "actions"],
    queryFn: () => fetchJson<{ actions: string[] }>("/api/audit/actions").then((r) => r.actions),
  });
}

export type AuditVerification = {
  intact: boolean;
  checked: number;
  breaks: { seq: string | null; kind: string; message: string }[];
  /** The newest signed checkpoint the log was checked against. */
  checkpoint: { seq: string; count: string; at: string; source: "given" | "instance" | "database" } | null;
};

export function useAuditVerifyQuery(enabled: boolean) {
  return useQuery({
    queryKey: ["audit", "verify"],
    enabled,
    staleTime: 0,
    queryFn: () =>
      fetchJson<{ verification: AuditVerification }>("/api/audit/verify").then((r) => r.verification),
  });
}
