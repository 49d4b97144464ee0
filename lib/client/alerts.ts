"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { AlertGroupList, SilenceView } from "@/lib/services/alerts";
import type { RulesData } from "@/lib/prometheus/schemas";
import { refreshMs } from "@/lib/time/range";
import { fetchJson } from "./fetch-json";

export type AlertListParams = { filter: string[]; silenced: boolean; inhibited: boolean; refresh: string };

/** `enabled: false` where the page knows Alertmanager is not configured. */
export function useAlertGroupsQuery(params: AlertListParams, enabled = true) {
  const search = new URLSearchParams({
    silenced: String(params.silenced),
    inhibited: String(params.inhibited),
  });
  for (const f of params.filter) search.append("filter", f);
  return useQuery({
    queryKey: ["alerts", params.filter, params.silenced, params.inhibited],
    // The groups with their source: how fresh they are, for the banner when Alertmanager fails.
    queryFn: () => fetchJson<AlertGroupList>(`/api/alerts?${search}`),
    refetchInterval: refreshMs(params.refresh) || false,
    enabled,
  });
}

export function useSilencesQuery(enabled = true) {
  return useQuery({
    queryKey: ["silences"],
    enabled,
    queryFn: () => fetchJson<{ silences: SilenceView[] }>("/api/silences").then((r) => r.silences),
  });
}

export function useRulesQuery(enabled = true) {
  return useQuery({ queryKey: ["rules"], queryFn: () => fetchJson<RulesData>("/api/alerts/rules"), enabled });
}

function useInvalidateAlerts() {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: ["alerts"] }),
      client.invalidateQueries({ queryKey: ["silences"] }),
    ]);
}

export type NewSilence = {
  matchers: { name: string; value: string; isRegex: boolean; isEqual: boolean }[];
  durationMinutes: number;
  comment: string;
  confirmBroad?: boolean;
};

/** A new silence, or the identical active one that was reused instead; an acknowledgement is one too. */
type CreatedSilence = { id: string; reused: boolean };

export function useCreateSilence() {
  const invalidate = useInvalidateAlerts();
  return useMutation({
    mutationFn: (input: NewSilence) =>
      fetchJson<{ silence: CreatedSilence }>("/api/silences", { method: "POST", json: input }).then(
        (r) => r.silence,
      ),
    onSuccess: invalidate,
  });
}

export function useAcknowledge() {
  const invalidate = useInvalidateAlerts();
  return useMutation({
    mutationFn: (input: { fingerprint: string; durationMinutes?: number; note?: string }) =>
      fetchJson<{ silence: CreatedSilence }>("/api/alerts/ack", { method: "POST", json: input }).then(
        (r) => r.silence,
      ),
    onSuccess: invalidate,
  });
}

export function useExpireSilence() {
  const invalidate = useInvalidateAlerts();
  return useMutation({
    mutationFn: (id: string) =>
      fetchJson<{ silence: { id: string } }>(`/api/silences/${encodeURIComponent(id)}`, {
        method: "DELETE",
      }).then((r) => r.silence),
    onSuccess: invalidate,
  });
}
