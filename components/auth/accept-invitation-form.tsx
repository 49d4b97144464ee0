"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Banner } from "@/components/ui/feedback";
import { Field, Input } from "@/components/ui/field";
import { ApiError, fetchJson } from "@/lib/client/fetch-json";

export function AcceptInvitationForm({
  token,
  email,
  name,
}: {
  token: string;
  email: string;
  name: string | null;
}) {
  const router = useRouter();
  const [confirmError, setConfirmError] = useState<string>();
  const accept = useMutation({
    mutationFn: (body: { token: string; name?: string; password: string }) =>
      fetchJson<{ user: { email: string } }>("/api/invitations/accept", { method: "POST", json: body }),
    onSuccess: () => router.push("/signin?passwordSet=1"),
  });
  const fields = accept.error instanceof ApiError ? accept.error.fields : {};

  return (
    <Card className="p-6">
      <h1 className="text-lg font-semibold">Choose your password</h1>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        For <strong>{email}</strong>
      </p>
      {accept.error && !Object.keys(fields).length && (
        <div className="mt-4">
          <Banner title={accept.error.message} />
        </div>
      )}
      <form
        className="mt-4 space-y-4"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          const password = String(form.get("password") ?? "");
          if (password !== String(form.get("confirm") ?? "")) {
            setConfirmError("The two passwords differ.");
            return;
          }
          setConfirmError(undefined);
          accept.mutate({ token, name: String(form.get("name") ?? "") || undefined, password });
        }}
      >
        <Field label="Name" hint="Shown to your colleagues in incidents and the audit log.">
          {(p) => <Input name="name" defaultValue={name ?? ""} autoComplete="name" {...p} />}
        </Field>
        <Field label="Password" hint="At least 12 characters." errors={fields.password}>
          {(p) => <Input name="password" type="password" autoComplete="new-password" required {...p} />}
        </Field>
        <Field label="Repeat the password" errors={confirmError ? [confirmError] : undefined}>
          {(p) => <Input name="confirm" type="password" autoComplete="new-password" required {...p} />}
        </Field>
        <Button type="submit" variant="primary" className="w-full" busy={accept.isPending}>
          Set password
        </Button>
      </form>
    </Card>
  );
}
