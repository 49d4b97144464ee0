"use client";

import { Link2, UserPlus } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Badge, Banner, EmptyState } from "@/components/ui/feedback";
import { Select } from "@/components/ui/field";
import { PageFrame } from "@/components/ui/page-frame";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ROLE_DESCRIPTIONS, ROLES, type Role } from "@/lib/auth/roles";
import { useIssuePasswordLink, useUpdateUser, useUsersQuery } from "@/lib/client/users";
import type { UserView } from "@/lib/services/users";
import { InviteUserDialog } from "./invite-user-dialog";
import { LinkDialog } from "./link-dialog";
import { Time } from "@/components/shell/time-format";

type Pending =
  | { kind: "role"; user: UserView; role: Role }
  | { kind: "disable"; user: UserView }
  | { kind: "enable"; user: UserView }
  | { kind: "link"; user: UserView };

const STATUS_TONE = { active: "ok", invited: "info", disabled: "neutral" } as const;

export function UsersAdmin({ currentUserId }: { currentUserId: string | null }) {
  const users = useUsersQuery();
  const update = useUpdateUser();
  const issueLink = useIssuePasswordLink();
  const [inviteOpen, setInviteOpen] = useState(false);
  const [pending, setPending] = useState<Pending | null>(null);
  const [link, setLink] = useState<{ email: string; url: string; expiresAt: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  function confirm() {
    if (!pending) return;
    setError(null);
    const done = { onSettled: () => setPending(null), onError: (e: Error) => setError(e.message) };
    if (pending.kind === "role") update.mutate({ id: pending.user.id, role: pending.role }, done);
    if (pending.kind === "disable") update.mutate({ id: pending.user.id, status: "disabled" }, done);
    if (pending.kind === "enable") update.mutate({ id: pending.user.id, status: "active" }, done);
    if (pending.kind === "link") {
      issueLink.mutate(pending.user.id, {
        ...done,
        onSuccess: (r) => setLink({ email: pending.user.email, ...r }),
      });
    }
  }

  return (
    <PageFrame
      title="Users"
      description="Invite people, choose their role, and disable accounts that should no longer sign in."
      actions={
        <Button variant="primary" onClick={() => setInviteOpen(true)}>
          <UserPlus className="size-4" aria-hidden />
          Invite user
        </Button>
      }
      failures={[error ? { title: error } : null]}
    >
      <Table
        loading={users.isPending}
        empty={
          users.isError ? (
            <Banner title="Users could not be loaded.">{users.error.message}</Banner>
          ) : (
            users.data?.length === 0 && (
              <EmptyState title="No users yet">Invite the first colleague with “Invite user”.</EmptyState>
            )
          )
        }
      >
        <TableHeader>
          <TableHead>User</TableHead>
          <TableHead>Role</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Last sign-in</TableHead>
          <TableHead>
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableHeader>
        <TableBody>
          {users.data?.map((user) => {
            const self = user.id === currentUserId;
            return (
              <TableRow key={user.id} data-testid={`user-row-${user.email}`}>
                <TableCell>
                  <div className="font-medium">{user.name ?? user.email}</div>
                  {user.name && <div className="text-xs text-zinc-500">{user.email}</div>}
                </TableCell>
                <TableCell>
                  <label className="sr-only" htmlFor={`role-${user.id}`}>
                    Role of {user.email}
                  </label>
                  <Select
                    id={`role-${user.id}`}
                    className="w-36"
                    value={user.role}
                    disabled={self}
                    title={self ? "You cannot change your own role" : ROLE_DESCRIPTIONS[user.role]}
                    onChange={(e) => setPending({ kind: "role", user, role: e.target.value as Role })}
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </Select>
                </TableCell>
                <TableCell>
                  <Badge tone={STATUS_TONE[user.status]}>{user.status}</Badge>
                  {user.sso && (
                    <span className="ml-1.5">
                      <Badge>SSO</Badge>
                    </span>
                  )}
                </TableCell>
                <TableCell className="text-zinc-600 dark:text-zinc-400">
                  {user.lastLoginAt ? <Time at={user.lastLoginAt} dateTime /> : "never"}
                </TableCell>
                <TableCell>
                  <div className="flex justify-end gap-1.5">
                    {user.status !== "disabled" && (
                      <Button size="sm" onClick={() => setPending({ kind: "link", user })}>
                        <Link2 className="size-3.5" aria-hidden />
                        {user.status === "invited" ? "New invite link" : "Password reset link"}
                      </Button>
                    )}
                    {user.status === "active" && !self && (
                      <Button size="sm" variant="ghost" onClick={() => setPending({ kind: "disable", user })}>
                        Disable
                      </Button>
                    )}
                    {user.status === "disabled" && (
                      <Button size="sm" variant="ghost" onClick={() => setPending({ kind: "enable", user })}>
                        Enable
                      </Button>
                    )}
                  </div>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>

      <InviteUserDialog
        open={inviteOpen}
        onOpenChange={setInviteOpen}
        onInvited={(r) => setLink({ email: r.user.email, ...r.passwordLink })}
      />
      <LinkDialog link={link} onClose={() => setLink(null)} />
      <ConfirmDialog
        open={pending !== null}
        onOpenChange={(open) => !open && setPending(null)}
        busy={update.isPending || issueLink.isPending}
        onConfirm={confirm}
        tone={pending?.kind === "disable" ? "danger" : "primary"}
        {...describe(pending)}
      />
    </PageFrame>
  );
}

function describe(p: Pending | null): { title: string; description: React.ReactNode; confirmLabel: string } {
  if (!p) return { title: "", description: "", confirmLabel: "" };
  const who = p.user.email;
  switch (p.kind) {
    case "role":
      return {
        title: `Make ${who} ${p.role}?`,
        description: (
          <>
            They change from <strong>{p.user.role}</strong> to <strong>{p.role}</strong> on their next
            request. {ROLE_DESCRIPTIONS[p.role]}
          </>
        ),
        confirmLabel: `Make ${p.role}`,
      };
    case "disable":
      return {
        title: `Disable ${who}?`,
        description: "They are signed out everywhere at once and cannot sign in until enabled again.",
        confirmLabel: `Disable ${who}`,
      };
    case "enable":
      return {
        title: `Enable ${who}?`,
        description: `They can sign in again with their ${p.user.role} role.`,
        confirmLabel: `Enable ${who}`,
      };
    case "link":
      return {
        title:
          p.user.status === "invited" ? `New invitation link for ${who}?` : `Password reset link for ${who}?`,
        description: "Earlier links for this user stop working. The new link works once, for 7 days.",
        confirmLabel: "Create link",
      };
  }
}
