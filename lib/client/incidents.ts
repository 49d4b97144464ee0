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
import type { EditableField, FieldConflict, IncidentRole } from "@/lib/services/incidents/schemas";
import { ApiError, fetchJson } from "./fetch-json";
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

/** Ticks and field changes: mutations shown before the server answers, so no refetch may overwrite them. */
const optimisticKey = (ref: string, what: "check-step" | "update") => ["incident", ref, "optimistic", what];
const anyOptimistic = (ref: string) => ["incident", ref, "optimistic"];

/** Keeps the incident fresh while the page is open; returns whether the live stream is connected. */
export const useIncidentLive = (ref: string): boolean =>
  useLiveInvalidation(`${base(ref)}/events`, {
    queryKeys: [["incident", ref]],
    unlessMutating: anyOptimistic(ref), // they refetch when the last one settles
  });

/** The last optimistic mutation of the incident to settle fetches the truth. */
function refetchWhenLastSettles(client: ReturnType<typeof useQueryClient>, ref: string) {
  if (client.isMutating({ mutationKey: anyOptimistic(ref) }) === 1)
    void client.invalidateQueries({ queryKey: ["incident", ref] });
}

function useIncidentMutation<TInput, TResult = { incident: IncidentDetail }>(ref: string, path: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: TInput) => fetchJson<TResult>(`${base(ref)}${path}`, { method: "POST", json: input }),
    onSuccess: (result) => {
      void client.invalidateQueries({ queryKey: ["incidents"] });
      // Not over changes still shown before their answer: the last of those refetches when it settles.
      if (client.isMutating({ mutationKey: anyOptimistic(ref) }) > 0) return;
      const incident = (result as { incident?: IncidentDetail }).incident;
      if (incident) client.setQueryData(["incident", ref], incident);
      else void client.invalidateQueries({ queryKey: ["incident", ref] });
    },
  });
}

export type IncidentChanges = Partial<Pick<IncidentDetail, EditableField>>;
type UpdateVariables = { changes: IncidentChanges; base: IncidentChanges };

/** The fields someone else changed first, from a refused change (409); empty for any other error. */
export function conflictsOf(error: unknown): FieldConflict[] {
  if (!(error instanceof ApiError) || error.status !== 409) return [];
  const conflicts = error.body.conflicts;
  return Array.isArray(conflicts) ? (conflicts as FieldConflict[]) : [];
}

/** The values of the changed fields in `seen`: what the change is based on. */
export function baseOf(changes: IncidentChanges, seen: IncidentChanges): IncidentChanges {
  return Object.fromEntries(
    Object.keys(changes).map((field) => [field, seen[field as EditableField]]),
  ) as IncidentChanges;
}

/** The fields of a form that differ from what it was opened with: an untouched one must not overwrite. */
export function editedFields(opened: IncidentChanges, form: IncidentChanges): IncidentChanges {
  return Object.fromEntries(
    Object.entries(form).filter(
      ([field, value]) => JSON.stringify(value) !== JSON.stringify(opened[field as EditableField]),
    ),
  );
}

/**
 * Changes fields of the incident. Each change is based on the values the person saw (`base`, by default
 * the page's current ones), so only a field someone else changed meanwhile is refused (409, with both
 * values: `conflictsOf`). Changes are shown at once and sent one after the other, in the order made, so
 * a person's quick successive changes all land. `keepMine` sends a refused change again over theirs.
 */
export function useUpdateIncident(ref: string) {
  const client = useQueryClient();
  const mutation = useMutation({
    mutationKey: optimisticKey(ref, "update"),
    scope: { id: `incident:${ref}:update` },
    mutationFn: ({ changes, base: seen }: UpdateVariables) =>
      fetchJson<{ incident: IncidentDetail }>(base(ref), {
        method: "PATCH",
        json: { ...changes, base: seen },
      }),
    onMutate: async ({ changes }) => {
      await client.cancelQueries({ queryKey: ["incident", ref] });
      client.setQueryData<IncidentDetail>(
        ["incident", ref],
        (current) => current && { ...current, ...changes },
      );
    },
    onSuccess: ({ incident }) => {
      if (client.isMutating({ mutationKey: anyOptimistic(ref) }) === 1)
        client.setQueryData(["incident", ref], incident);
      void client.invalidateQueries({ queryKey: ["incidents"] });
    },
    onSettled: () => refetchWhenLastSettles(client, ref),
  });
  type Settled = { onSuccess?: (saved: IncidentChanges) => void; onSettled?: () => void };
  const send = (variables: UpdateVariables, { onSuccess, onSettled }: Settled) =>
    mutation.mutate(variables, { onSuccess: (_result, { changes }) => onSuccess?.(changes), onSettled });
  const save = (
    changes: IncidentChanges,
    { base: seenBase, ...options }: Settled & { base?: IncidentChanges } = {},
  ) => {
    const seen = seenBase ?? client.getQueryData<IncidentDetail>(["incident", ref]) ?? {};
    send({ changes, base: baseOf(changes, seen) }, options);
  };
  const keepMine = (options: Settled = {}) => {
    const refused = mutation.variables;
    if (!refused) return;
    const theirs = Object.fromEntries(conflictsOf(mutation.error).map((c) => [c.field, c.theirs]));
    send({ changes: refused.changes, base: { ...refused.base, ...theirs } }, options);
  };
  return {
    save,
    keepMine,
    reset: mutation.reset,
    error: mutation.error,
    isPending: mutation.isPending,
    isSuccess: mutation.isSuccess,
  };
}

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
/** Merges this incident into `into`; answers (and caches) the incident merged into. */
export function useMergeIncident(ref: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { into: string }) =>
      fetchJson<{ incident: IncidentDetail }>(`${base(ref)}/merge`, { method: "POST", json: input }).then(
        (r) => r.incident,
      ),
    onSuccess: (into) => {
      client.setQueryData(["incident", String(into.number)], into);
      void client.invalidateQueries({ queryKey: ["incident", ref] });
      void client.invalidateQueries({ queryKey: ["incidents"] });
    },
  });
}

/** Splits an alert group out into a new incident; answers the new incident. */
export function useSplitAlertGroup(ref: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { groupKey: string }) =>
      fetchJson<{ incident: IncidentDetail }>(`${base(ref)}/split`, { method: "POST", json: input }).then(
        (r) => r.incident,
      ),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ["incident", ref] });
      void client.invalidateQueries({ queryKey: ["incidents"] });
    },
  });
}

export const useStartChecklist = (ref: string) =>
  useIncidentMutation<{ runbookId: string }>(ref, "/checklists");
/**
 * Ticks a checklist step at once (the box must answer the click). While ticks are in flight, neither
 * their answers nor live refetches overwrite the guesses (an older state would untick a box); the
 * last one to settle fetches the truth.
 */
export function useCheckStep(ref: string) {
  const client = useQueryClient();
  return useMutation({
    mutationKey: optimisticKey(ref, "check-step"),
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
    onSettled: () => refetchWhenLastSettles(client, ref),
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
