"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ConnectionView } from "@/lib/services/connections/schemas";
import { fetchJson } from "./fetch-json";

const KEY = ["connections"];

export function useConnectionsQuery() {
  return useQuery({
    queryKey: KEY,
    queryFn: () =>
      fetchJson<{ connections: ConnectionView[] }>("/api/connections").then((r) => r.connections),
    refetchInterval: 30_000,
  });
}

/** Tests one connection now; its row takes the answer. */
export function useTestConnection() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      fetchJson<{ connection: ConnectionView }>(`/api/connections/${encodeURIComponent(id)}/test`, {
        method: "POST",
      }).then((r) => r.connection),
    onSuccess: (tested) =>
      client.setQueryData<ConnectionView[]>(KEY, (rows) =>
        rows?.map((row) => (row.id === tested.id ? tested : row)),
      ),
  });
}
