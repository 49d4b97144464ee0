"use client";

import { KeyRound } from "lucide-react";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Banner } from "@/components/ui/feedback";
import { Field, Input } from "@/components/ui/field";

export function SignInForm({
  callbackPath,
  initialError,
  notice,
  sso,
}: {
  callbackPath: string;
  initialError?: string;
  notice?: string;
  sso: { name: string } | null;
}) {
  const [error, setError] = useState(initialError);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(undefined);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
      callbackUrl: callbackPath,
    });
    if (result?.ok && !result.error) {
      // A full navigation, so every server component renders with the new session.
      window.location.assign(callbackPath);
      return;
    }
    setBusy(false);
    setError(
      result?.error && result.error !== "CredentialsSignin" ? result.error : "Wrong email or password.",
    );
  }

  return (
    <Card className="p-6">
      <h1 className="text-lg font-semibold">Sign in</h1>
      <div className="mt-4 space-y-3">
        {notice && !error && <Banner tone="info" title={notice} />}
        {error && <Banner title={error} />}
      </div>
      <form className="mt-4 space-y-4" onSubmit={onSubmit} noValidate>
        <Field label="Email">
          {(p) => <Input name="email" type="email" autoComplete="username" required autoFocus {...p} />}
        </Field>
        <Field label="Password">
          {(p) => <Input name="password" type="password" autoComplete="current-password" required {...p} />}
        </Field>
        <Button type="submit" variant="primary" className="w-full" busy={busy}>
          Sign in
        </Button>
      </form>
      {sso && (
        <>
          <div className="my-4 flex items-center gap-3 text-xs text-zinc-500">
            <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
            or
            <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
          </div>
          <Button className="w-full" onClick={() => void signIn("oidc", { callbackUrl: callbackPath })}>
            <KeyRound className="size-4" aria-hidden />
            Continue with {sso.name}
          </Button>
        </>
      )}
      <p className="mt-5 text-xs text-zinc-500">
        No account? Ask an Opsdeck administrator for an invitation.
      </p>
    </Card>
  );
}
