"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Banner } from "@/components/ui/feedback";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Select } from "@/components/ui/field";
import { ROLE_DESCRIPTIONS, ROLES, type Role } from "@/lib/auth/roles";
import { ApiError } from "@/lib/client/fetch-json";
import { useInviteUser, type InvitedUser } from "@/lib/client/users";
import { inviteUserInput } from "@/lib/services/users/schemas";

export function InviteUserDialog({
  open,
  onOpenChange,
  onInvited,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onInvited: (r: InvitedUser) => void;
}) {
  const invite = useInviteUser();
  const [role, setRole] = useState<Role>("viewer");
  const [clientErrors, setClientErrors] = useState<Record<string, string[]>>({});
  const serverErrors = invite.error instanceof ApiError ? invite.error.fields : {};
  const errors = { ...serverErrors, ...clientErrors };

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) {
          invite.reset();
          setClientErrors({});
        }
        onOpenChange(next);
      }}
      title="Invite a user"
      description="They get a one-time link to choose a password. Users of your SSO can also sign in with it."
    >
      <form
        className="space-y-4"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          // The same schema as the server, for instant feedback; the server checks again.
          const parsed = inviteUserInput.safeParse({
            email: form.get("email"),
            name: form.get("name") || undefined,
            role,
          });
          if (!parsed.success) {
            setClientErrors(
              Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), [i.message]])),
            );
            return;
          }
          setClientErrors({});
          invite.mutate(parsed.data, {
            onSuccess: (r) => {
              onOpenChange(false);
              invite.reset();
              onInvited(r);
            },
          });
        }}
      >
        {invite.error && !Object.keys(serverErrors).length && <Banner title={invite.error.message} />}
        <Field label="Email" errors={errors.email}>
          {(p) => <Input name="email" type="email" autoComplete="off" autoFocus {...p} />}
        </Field>
        <Field label="Name (optional)" errors={errors.name}>
          {(p) => <Input name="name" autoComplete="off" {...p} />}
        </Field>
        <Field label="Role" hint={ROLE_DESCRIPTIONS[role]} errors={errors.role}>
          {(p) => (
            <Select name="role" value={role} onChange={(e) => setRole(e.target.value as Role)} {...p}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <div className="flex justify-end gap-2 pt-1">
          <Button onClick={() => onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant="primary" busy={invite.isPending}>
            Invite
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
