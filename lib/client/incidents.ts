"use client";
// Query hooks for incidents. The detail query stays live: the incident's event stream (lib/client/live.ts)
// invalidates it whenever anyone, on any app instance, changes the incident.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  IncidentDetail,
  IncidentMetrics,
  IncidentSummary,
  TimelineEntryView,
} from "@/lib/services/incidents";
import type { IncidentRole } from "@/lib/services/incidents/schemas";
import { fetchJson } from "./fetch-json";
import { useLiveInvalidation } from "./live";

const base = (ref: string) => `/api/incidents/${encodeURIComponent(ref)}`;

export function useIncidentsQuery(status: "open" | "resolved" | "all", service?: string) {
  const search = new URLSearchParams({ status, ...(service && { service }) });
  return useQuery({
    queryKey: ["incidents", status, service ?? null],
    queryFn: () =>
      fetchJson<{ incidents: IncidentSummary[] }>(`/api/incidents?${search}`).then((r) => r.incidents),
    refetchInterval: 30_000,
  });
}

export function useIncidentQuery(ref: string) {
  return useQuery({
    queryKey: ["incident", ref],
    queryFn: () => fetchJson<{ incident: IncidentDetail }>(base(ref)).then((r) => r.incident),
  });
}

const checkStepKey = (ref: string) => ["incident", ref, "check-step"];

/** Keeps the incident fresh while the page is open; returns whether the live stream is connected. */
export const useIncidentLive = (ref: string): boolean =>
  useLiveInvalidation(`${base(ref)}/events`, {
    queryKeys: [["incident", ref]],
    unlessMutating: checkStepKey(ref), // ticks in flight refetch when they settle
  });

function useIncidentMutation<TInput, TResult = { incident: IncidentDetail }>(
  ref: string,
  path: string,
  method: "POST" | "PATCH" = "POST",
) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: TInput) => fetchJson<TResult>(`${base(ref)}${path}`, { method, json: input }),
    onSuccess: (result) => {
      const incident = (result as { incident?: IncidentDetail }).incident;
      if (incident) client.setQueryData(["incident", ref], incident);
      else void client.invalidateQueries({ queryKey: ["incident", ref] });
      void client.invalidateQueries({ queryKey: ["incidents"] });
    },
  });
}

export type IncidentPatch = Partial<
  Pick<
    IncidentDetail,
    | "title"
    | "severity"
    | "status"
    | "services"
    | "summary"
    | "customerImpact"
    | "rootCause"
    | "wentWell"
    | "actionItems"
  >
> & {
  expectedVersion: number;
};

export const useUpdateIncident = (ref: string) => useIncidentMutation<IncidentPatch>(ref, "", "PATCH");
export const useAssignRole = (ref: string) =>
  useIncidentMutation<{ role: IncidentRole; userEmail?: string }>(ref, "/roles");
export const useAddNote = (ref: string) =>
  useIncidentMutation<{ body: string; keyEvent?: boolean }, { entry: TimelineEntryView }>(ref, "/notes");
export const useSetKeyEvent = (ref: string) =>
  useIncidentMutation<
    { entryId: string; keyEvent: boolean },
    { entry: Pick<TimelineEntryView, "id" | "keyEvent"> }
  >(ref, "/key-events");
export const useAttach = (ref: string) =>
  useIncidentMutation<
    { kind: "trace"; traceId: string; note?: string } | { kind: "link"; url: string; title: string }
  >(ref, "/attachments");
export const useStartChecklist = (ref: string) =>
  useIncidentMutation<{ runbookId: string }>(ref, "/checklists");
/**
 * Ticks a checklist step at once (the box must answer the click). While ticks are in flight, neither
 * their answers nor live refetches overwrite the guesses (an older state would untick a box); the
 * last one to settle fetches the truth.
 */
export function useCheckStep(ref: string) {
  const client = useQueryClient();
  const mutationKey = checkStepKey(ref);
  return useMutation({
    mutationKey,
    mutationFn: (input: { stepId: string; checked: boolean }) =>
      fetchJson<{ incident: IncidentDetail }>(`${base(ref)}/checklist-steps`, {
        method: "POST",
        json: input,
      }),
    onMutate: async ({ stepId, checked }) => {
      await client.cancelQueries({ queryKey: ["incident", ref] });
      const previous = client.getQueryData<IncidentDetail>(["incident", ref]);
      if (previous)
        client.setQueryData<IncidentDetail>(["incident", ref], {
          ...previous,
          checklists: previous.checklists.map((c) => ({
            ...c,
            steps: c.steps.map((s) =>
              s.id === stepId ? { ...s, checkedAt: checked ? new Date().toISOString() : null } : s,
            ),
          })),
        });
      return { previous };
    },
    onError: (_error, _input, context) =>
      context?.previous && client.setQueryData(["incident", ref], context.previous),
    onSettled: () => {
      if (client.isMutating({ mutationKey }) === 1)
        void client.invalidateQueries({ queryKey: ["incident", ref] });
    },
  });
}

export function useDeclareIncident() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: {
      title: string;
      severity: string;
      services: string[];
      summary?: string;
      fromAlert?: string;
    }) =>
      fetchJson<{ incident: IncidentDetail }>("/api/incidents", { method: "POST", json: input }).then(
        (r) => r.incident,
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ["incidents"] }),
  });
}

export function useAlertPrefillQuery(fingerprint: string | null) {
  return useQuery({
    queryKey: ["incident-prefill", fingerprint],
    enabled: !!fingerprint,
    retry: false,
    queryFn: () =>
      fetchJson<{ prefill: { title: string; severity: string; services: string[]; summary: string } }>(
        `/api/incidents/prefill?fingerprint=${encodeURIComponent(fingerprint!)}`,
      ).then((r) => r.prefill),
  });
}

export function useIncidentMetricsQuery() {
  return useQuery({
    queryKey: ["incident-metrics"],
    queryFn: () => fetchJson<{ metrics: IncidentMetrics }>("/api/incidents/metrics").then((r) => r.metrics),
  });
}
