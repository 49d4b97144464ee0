"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTimePreferences } from "@/components/shell/time-format";
import { Button } from "@/components/ui/button";
import { Badge, Banner, FormError, Skeleton } from "@/components/ui/feedback";
import { Field, Input, Select } from "@/components/ui/field";
import { PageFrame } from "@/components/ui/page-frame";
import { Panel } from "@/components/ui/panel";
import { ApiError } from "@/lib/client/fetch-json";
import { useAccountQuery, useChangePassword, useUpdateTimePreferences } from "@/lib/client/account";
import type { AccountView } from "@/lib/services/account";
import {
  timeFormatter,
  type ClockChoice,
  type TimePreferences,
  type TimeZoneChoice,
} from "@/lib/time/format";

/** The moment the preview writes: a fixed one, so the server's render and the browser's agree. */
const PREVIEW_AT = Date.UTC(2026, 0, 15, 14, 42, 7);

const SIGN_IN_METHODS: Record<string, string> = {
  credentials: "Email and password",
  oidc: "Single sign-on (your identity provider)",
};

export function AccountPage() {
  const account = useAccountQuery();
  return (
    <PageFrame
      title="Account"
      description="Who you are in Opsdeck, your password and how times are shown."
      failures={[
        account.isError && { title: "Your account could not be loaded.", message: account.error.message },
      ]}
    >
      <div className="grid max-w-5xl gap-4 lg:grid-cols-2">
        <Panel title="Profile">
          {account.data ? (
            <Profile account={account.data} />
          ) : (
            <Unloaded pending={account.isPending} height="h-28" />
          )}
        </Panel>
        <Panel title="Time">
          <TimePreferencesForm />
        </Panel>
        <Panel title="Password">
          {account.data ? (
            <PasswordSection account={account.data} />
          ) : (
            <Unloaded pending={account.isPending} height="h-40" />
          )}
        </Panel>
      </div>
    </PageFrame>
  );
}

function Unloaded({ pending, height }: { pending: boolean; height: string }) {
  return pending ? (
    <Skeleton className={`${height} w-full`} />
  ) : (
    <p className="text-sm text-zinc-500">Not available until your account loads.</p>
  );
}

function Profile({ account }: { account: AccountView }) {
  const rows: [string, React.ReactNode][] = [
    ["Name", account.name ?? <span className="text-zinc-500">not given</span>],
    ["Email", account.email],
    [
      "Role",
      <Badge key="role" tone="info">
        {account.role}
      </Badge>,
    ],
    ["Signed in with", SIGN_IN_METHODS[account.authMethod] ?? account.authMethod],
  ];
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm" data-testid="account-profile">
      {rows.map(([term, value]) => (
        <div key={term} className="contents">
          <dt className="text-zinc-500">{term}</dt>
          <dd className="min-w-0 break-words">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function PasswordSection({ account }: { account: AccountView }) {
  if (!account.hasPassword)
    return (
      <Banner tone="info" title="Your password lives with your identity provider.">
        You sign in to Opsdeck through single sign-on, so Opsdeck keeps no password of yours: change it where
        your organisation manages your account.
      </Banner>
    );
  return <PasswordForm />;
}

function PasswordForm() {
  const change = useChangePassword();
  const [form, setForm] = useState({ currentPassword: "", newPassword: "", repeat: "" });
  const [mismatch, setMismatch] = useState(false);
  const fields = change.error instanceof ApiError ? change.error.fields : {};
  const set = (key: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setForm({ ...form, [key]: e.target.value });
  return (
    <form
      className="space-y-3"
      aria-label="Change your password"
      onSubmit={(e) => {
        e.preventDefault();
        if (form.newPassword !== form.repeat) return setMismatch(true);
        setMismatch(false);
        change.mutate(
          { currentPassword: form.currentPassword, newPassword: form.newPassword },
          { onSuccess: () => setForm({ currentPassword: "", newPassword: "", repeat: "" }) },
        );
      }}
    >
      <Field label="Current password" errors={fields.currentPassword}>
        {(p) => (
          <Input
            type="password"
            autoComplete="current-password"
            required
            value={form.currentPassword}
            onChange={set("currentPassword")}
            {...p}
          />
        )}
      </Field>
      <Field label="New password" hint="At least 12 characters." errors={fields.newPassword}>
        {(p) => (
          <Input
            type="password"
            autoComplete="new-password"
            required
            minLength={12}
            value={form.newPassword}
            onChange={set("newPassword")}
            {...p}
          />
        )}
      </Field>
      <Field label="New password again" errors={mismatch ? ["The two new passwords differ."] : undefined}>
        {(p) => (
          <Input
            type="password"
            autoComplete="new-password"
            required
            value={form.repeat}
            onChange={set("repeat")}
            {...p}
          />
        )}
      </Field>
      {change.error && !(change.error instanceof ApiError && Object.keys(change.error.fields).length) && (
        <FormError error={change.error} />
      )}
      {change.isSuccess && (
        <Banner tone="ok" title="Your password is changed.">
          {change.data.otherSessionsEnded > 0
            ? `You were signed out everywhere else (${change.data.otherSessionsEnded} other session${change.data.otherSessionsEnded === 1 ? "" : "s"}).`
            : "You had no other session to sign out."}
        </Banner>
      )}
      <div className="flex justify-end">
        <Button type="submit" variant="primary" busy={change.isPending}>
          Change password
        </Button>
      </div>
    </form>
  );
}

function TimePreferencesForm() {
  const router = useRouter();
  const saved = useTimePreferences();
  const update = useUpdateTimePreferences();
  const [draft, setDraft] = useState<TimePreferences>(saved);
  // The browser's zone from the provider (it may learn it after the first render), the choice from here.
  const preview = timeFormatter({ ...draft, localZone: saved.localZone }, saved.locale);
  const unchanged = draft.timeZone === saved.timeZone && draft.clock === saved.clock;
  return (
    <form
      className="space-y-3"
      aria-label="How times are shown"
      onSubmit={(e) => {
        e.preventDefault();
        // The console layout hands the saved choice to every page: refresh it to apply the change.
        update.mutate(
          { timeZone: draft.timeZone, clock: draft.clock },
          { onSuccess: () => router.refresh() },
        );
      }}
    >
      <Field label="Time zone">
        {(p) => (
          <Select
            value={draft.timeZone}
            onChange={(e) => setDraft({ ...draft, timeZone: e.target.value as TimeZoneChoice })}
            {...p}
          >
            <option value="local">
              Your browser&apos;s (
              {timeFormatter(
                { ...draft, timeZone: "local", localZone: saved.localZone },
                saved.locale,
              ).zone()}
              )
            </option>
            <option value="utc">UTC</option>
          </Select>
        )}
      </Field>
      <Field label="Clock">
        {(p) => (
          <Select
            value={draft.clock}
            onChange={(e) => setDraft({ ...draft, clock: e.target.value as ClockChoice })}
            {...p}
          >
            <option value="h24">24-hour (14:42)</option>
            <option value="h12">12-hour (2:42 PM)</option>
          </Select>
        )}
      </Field>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Times will look like{" "}
        <span className="font-medium tabular-nums" data-testid="time-preview">
          {preview.time(PREVIEW_AT)}
        </span>
        .
      </p>
      <FormError error={update.error} />
      {update.isSuccess && unchanged && <Banner tone="ok" title="Saved: every time now shows this way." />}
      <div className="flex justify-end">
        <Button type="submit" variant="primary" busy={update.isPending} disabled={unchanged}>
          Save
        </Button>
      </div>
    </form>
  );
}
