"use client";
// Query hooks for /api/account: the signed-in person's own account, password and time preferences.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { AccountView } from "@/lib/services/account";
import type { ChangePasswordInput, TimePreferencesInput } from "@/lib/services/account/schemas";
import type { TimePreferences } from "@/lib/time/format";
import { fetchJson } from "./fetch-json";

const accountKey = ["account"] as const;

export function useAccountQuery() {
  return useQuery({
    queryKey: accountKey,
    queryFn: () => fetchJson<{ account: AccountView }>("/api/account").then((r) => r.account),
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (input: ChangePasswordInput) =>
      fetchJson<{ passwordChange: { otherSessionsEnded: number } }>("/api/account/password", {
        method: "POST",
        json: input,
      }).then((r) => r.passwordChange),
  });
}

export function useUpdateTimePreferences() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: TimePreferencesInput) =>
      fetchJson<{ preferences: TimePreferences }>("/api/account/preferences", {
        method: "PUT",
        json: input,
      }).then((r) => r.preferences),
    onSuccess: () => client.invalidateQueries({ queryKey: accountKey }),
  });
}
