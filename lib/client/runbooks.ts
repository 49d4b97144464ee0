"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { DiffPart, RunbookDetail, RunbookSummary } from "@/lib/services/runbooks";
import { fetchJson } from "./fetch-json";

export type RunbookFields = {
  title: string;
  body: string;
  services: string[];
  alertNames: string[];
  tags: string[];
  ownerTeam: string | null;
  note?: string;
};

export function useRunbooksQuery(params: { q?: string; alert?: string; service?: string }) {
  const search = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1]));
  return useQuery({
    queryKey: ["runbooks", params],
    queryFn: () =>
      fetchJson<{ runbooks: RunbookSummary[] }>(`/api/runbooks?${search}`).then((r) => r.runbooks),
  });
}

export function useRunbookQuery(id: string) {
  return useQuery({
    queryKey: ["runbook", id],
    queryFn: () =>
      fetchJson<{ runbook: RunbookDetail }>(`/api/runbooks/${encodeURIComponent(id)}`).then((r) => r.runbook),
  });
}

export function useSaveRunbook(id: string | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: RunbookFields & { expectedVersion?: number }) =>
      fetchJson<{ runbook: RunbookDetail }>(
        id ? `/api/runbooks/${encodeURIComponent(id)}` : "/api/runbooks",
        { method: id ? "PUT" : "POST", json: input },
      ).then((r) => r.runbook),
    onSuccess: (runbook) => {
      client.setQueryData(["runbook", runbook.id], runbook);
      void client.invalidateQueries({ queryKey: ["runbooks"] });
    },
  });
}

export function useRestoreRunbook(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { version: number; expectedVersion: number }) =>
      fetchJson<{ runbook: RunbookDetail }>(`/api/runbooks/${encodeURIComponent(id)}/restore`, {
        method: "POST",
        json: input,
      }).then((r) => r.runbook),
    onSuccess: (runbook) => client.setQueryData(["runbook", id], runbook),
  });
}

export function useRunbookDiffQuery(id: string, from: number, to: number) {
  return useQuery({
    queryKey: ["runbook-diff", id, from, to],
    enabled: from > 0 && to > 0,
    queryFn: () =>
      fetchJson<{ diff: { from: number; to: number; titleChanged: boolean; parts: DiffPart[] } }>(
        `/api/runbooks/${encodeURIComponent(id)}/diff?from=${from}&to=${to}`,
      ).then((r) => r.diff),
  });
}
