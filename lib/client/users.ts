"use client";
// Query hooks for /api/users: one hook per endpoint, every input in the query key.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { InviteUserInput, UpdateUserInput } from "@/lib/services/users/schemas";
import type { UserView } from "@/lib/services/users";
import { fetchJson } from "./fetch-json";

const usersKey = ["users"] as const;

/** A one-time link with which a user chooses a password: for an invitation or a reset. */
export type PasswordLink = { url: string; expiresAt: string };
export type InvitedUser = { user: UserView; passwordLink: PasswordLink };

export function useUsersQuery() {
  return useQuery({
    queryKey: usersKey,
    queryFn: () => fetchJson<{ users: UserView[] }>("/api/users").then((r) => r.users),
  });
}

export function useInviteUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: InviteUserInput) =>
      fetchJson<InvitedUser>("/api/users", { method: "POST", json: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: usersKey }),
  });
}

export function useUpdateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...input }: UpdateUserInput & { id: string }) =>
      fetchJson<{ user: UserView }>(`/api/users/${encodeURIComponent(id)}`, { method: "PATCH", json: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: usersKey }),
  });
}

export function useIssuePasswordLink() {
  return useMutation({
    mutationFn: (id: string) =>
      fetchJson<{ passwordLink: PasswordLink }>(`/api/users/${encodeURIComponent(id)}/password-link`, {
        method: "POST",
      }).then((r) => r.passwordLink),
  });
}
