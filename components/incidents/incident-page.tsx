"use client";

import { BellRing, Download, Link2, ListChecks, Star, UserCheck } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Markdown } from "@/components/markdown";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Badge, Banner, EmptyState, FormError, Panel, Skeleton } from "@/components/ui/feedback";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { Field, Input, Select } from "@/components/ui/field";
import { ApiError } from "@/lib/client/fetch-json";
import {
  useAddNote,
  useAssignRole,
  useAttach,
  useCheckStep,
  useIncidentLive,
  useIncidentQuery,
  useSetKeyEvent,
  useStartChecklist,
  useUpdateIncident,
  type IncidentPatch,
} from "@/lib/client/incidents";
import { useRunbooksQuery } from "@/lib/client/runbooks";
import { matcher, regexLiteral } from "@/lib/prometheus/promql";
import type { IncidentDetail, TimelineEntryView } from "@/lib/services/incidents";
import { INCIDENT_ROLES, SEVERITIES, STATUSES } from "@/lib/services/incidents/schemas";
import { SeverityBadge, StatusBadge } from "./badges";
import { PostmortemEditor } from "./postmortem-editor";

const ROLE_NAMES: Record<string, string> = {
  commander: "Incident commander",
  scribe: "Scribe",
  communications: "Communications lead",
};
const textarea =
  "block w-full rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900";

function Time({ iso }: { iso: string }) {
  const d = new Date(iso);
  return (
    <span className="whitespace-nowrap tabular-nums" title={d.toString()}>
      {d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" })}
      <span className="ml-1 text-[11px] text-zinc-500">{iso.slice(11, 19)} UTC</span>
    </span>
  );
}

export function IncidentPage({
  incidentRef,
  canWrite,
  myEmail,
  serviceLabel,
}: {
  incidentRef: string;
  canWrite: boolean;
  myEmail: string;
  /** The alert label naming the service (SERVICE_LABEL), for the link to the services' alerts. */
  serviceLabel: string;
}) {
  const incident = useIncidentQuery(incidentRef);
  const live = useIncidentLive(incidentRef);
  const [tab, setTab] = useState<"timeline" | "postmortem">("timeline");

  if (incident.isPending) return <Skeleton className="h-96 w-full" />;
  if (incident.isError)
    return <Banner title="This incident could not be loaded.">{incident.error.message}</Banner>;
  const data = incident.data;
  return (
    <>
      <Header
        incident={data}
        incidentRef={incidentRef}
        canWrite={canWrite}
        myEmail={myEmail}
        live={live}
        serviceLabel={serviceLabel}
      />
      <div className="grid gap-4 lg:grid-cols-[1fr_22rem]">
        <div className="min-w-0">
          <div
            role="tablist"
            aria-label="Incident"
            className="mb-3 flex gap-1 border-b border-zinc-200 dark:border-zinc-800"
          >
            {(["timeline", "postmortem"] as const).map((t) => (
              <button
                key={t}
                role="tab"
                aria-selected={tab === t}
                onClick={() => setTab(t)}
                className={cn(
                  "-mb-px border-b-2 px-3 py-2 text-sm font-medium capitalize",
                  tab === t ? "border-sky-600" : "border-transparent text-zinc-500",
                )}
              >
                {t}
              </button>
            ))}
          </div>
          {tab === "timeline" ? (
            <Timeline incident={data} incidentRef={incidentRef} canWrite={canWrite} />
          ) : (
            <PostmortemEditor incident={data} incidentRef={incidentRef} canWrite={canWrite} />
          )}
        </div>
        <div className="space-y-4">
          <Roles incident={data} incidentRef={incidentRef} canWrite={canWrite} />
          <Details incident={data} incidentRef={incidentRef} canWrite={canWrite} />
          <Checklists incident={data} incidentRef={incidentRef} canWrite={canWrite} />
          <Runbooks incident={data} incidentRef={incidentRef} canWrite={canWrite} />
          {canWrite && <Attach incidentRef={incidentRef} />}
        </div>
      </div>
    </>
  );
}

function Header({
  incident,
  incidentRef,
  canWrite,
  myEmail,
  live,
  serviceLabel,
}: {
  incident: IncidentDetail;
  incidentRef: string;
  canWrite: boolean;
  myEmail: string;
  live: boolean;
  serviceLabel: string;
}) {
  const update = useUpdateIncident(incidentRef);
  const assign = useAssignRole(incidentRef);
  const [confirmResolve, setConfirmResolve] = useState(false);
  const commander = incident.roles.find((r) => r.role === "commander")?.userEmail;
  const patch = (p: Omit<IncidentPatch, "expectedVersion">) =>
    update.mutate({ ...p, expectedVersion: incident.version });
  const error = update.error ?? assign.error;

  return (
    <div className="mb-5 space-y-3">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold tracking-tight">
            <span className="text-zinc-500">#{incident.number}</span> {incident.title}
          </h1>
          <div className="mt-1 flex flex-wrap items-center gap-2 text-sm">
            <SeverityBadge severity={incident.severity} />
            <StatusBadge status={incident.status} />
            {incident.services.map((s) => (
              <Link
                key={s}
                href={`/services/${encodeURIComponent(s)}`}
                className="text-sky-700 hover:underline dark:text-sky-400"
              >
                {s}
              </Link>
            ))}
            {incident.services.length > 0 && (
              <Link
                href={`/alerts?filter=${encodeURIComponent(matcher(serviceLabel, "=~", incident.services.map(regexLiteral).join("|")))}`}
                className="inline-flex items-center gap-1 text-xs text-sky-700 hover:underline dark:text-sky-400"
              >
                <BellRing className="size-3" aria-hidden /> Alerts of these services
              </Link>
            )}
            <span className="text-xs text-zinc-500">
              declared by {incident.declaredByEmail ?? incident.source}
            </span>
            <span
              className={cn(
                "inline-flex items-center gap-1 text-xs",
                live ? "text-green-700 dark:text-green-400" : "text-zinc-500",
              )}
              data-testid="live-indicator"
            >
              <span
                className={cn("size-2 rounded-full", live ? "bg-green-500" : "bg-zinc-400")}
                aria-hidden
              />{" "}
              {live ? "Live" : "Reconnecting…"}
            </span>
          </div>
        </div>
        <div className="flex flex-wrap items-end gap-2">
          {canWrite && commander !== myEmail && (
            <Button onClick={() => assign.mutate({ role: "commander" })} busy={assign.isPending}>
              <UserCheck className="size-4" aria-hidden /> Take command
            </Button>
          )}
          {canWrite && (
            <>
              <label className="sr-only" htmlFor="incident-severity">
                Severity
              </label>
              <Select
                id="incident-severity"
                className="w-24"
                value={incident.severity}
                onChange={(e) => patch({ severity: e.target.value as IncidentDetail["severity"] })}
              >
                {SEVERITIES.map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </Select>
              <label className="sr-only" htmlFor="incident-status">
                Status
              </label>
              <Select
                id="incident-status"
                className="w-36"
                value={incident.status}
                onChange={(e) => {
                  const status = e.target.value as IncidentDetail["status"];
                  if (status === "resolved") setConfirmResolve(true);
                  else patch({ status });
                }}
              >
                {STATUSES.map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </Select>
            </>
          )}
          <a
            href={`/api/incidents/${encodeURIComponent(incidentRef)}/postmortem`}
            className="inline-flex h-9 items-center gap-1.5 rounded-md border border-zinc-300 px-3 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
            download
          >
            <Download className="size-4" aria-hidden /> Export postmortem
          </a>
        </div>
      </div>
      {error && (
        <Banner
          title={
            error instanceof ApiError && error.status === 409
              ? "Someone else changed this incident."
              : error.message
          }
        >
          {error instanceof ApiError && error.status === 409
            ? "The page now shows their change; make yours again if it still applies."
            : null}
        </Banner>
      )}
      <ConfirmDialog
        open={confirmResolve}
        onOpenChange={setConfirmResolve}
        title={`Resolve incident #${incident.number}?`}
        description={
          <>
            “{incident.title}” is marked resolved; the postmortem can be written afterwards. It can be
            reopened.
          </>
        }
        confirmLabel={`Resolve #${incident.number}`}
        tone="primary"
        busy={update.isPending}
        onConfirm={() =>
          update.mutate(
            { status: "resolved", expectedVersion: incident.version },
            { onSettled: () => setConfirmResolve(false) },
          )
        }
      />
    </div>
  );
}

function Timeline({
  incident,
  incidentRef,
  canWrite,
}: {
  incident: IncidentDetail;
  incidentRef: string;
  canWrite: boolean;
}) {
  const note = useAddNote(incidentRef);
  const keyEvent = useSetKeyEvent(incidentRef);
  const [body, setBody] = useState("");
  const [onlyKey, setOnlyKey] = useState(false);
  const entries = [...incident.timeline].reverse().filter((e) => !onlyKey || e.keyEvent);
  return (
    <div className="space-y-3">
      {canWrite && (
        <form
          className="space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            note.mutate({ body }, { onSuccess: () => setBody("") });
          }}
        >
          <label htmlFor="note" className="sr-only">
            Add to the timeline
          </label>
          <textarea
            id="note"
            className={cn(textarea, "h-16")}
            placeholder="What did you see, try or decide?"
            value={body}
            onChange={(e) => setBody(e.target.value)}
          />
          <div className="flex items-center justify-between">
            <label className="flex items-center gap-1.5 text-xs text-zinc-500">
              <input type="checkbox" checked={onlyKey} onChange={(e) => setOnlyKey(e.target.checked)} /> Key
              events only
            </label>
            <Button type="submit" size="sm" variant="primary" busy={note.isPending} disabled={!body.trim()}>
              Add note
            </Button>
          </div>
          {note.error && (
            <p role="alert" className="text-xs text-red-600">
              {note.error.message}
            </p>
          )}
        </form>
      )}
      <ol className="space-y-2" aria-label="Timeline" data-testid="timeline">
        {entries.map((e: TimelineEntryView) => (
          <li
            key={e.id}
            className={cn(
              "flex gap-3 rounded-md border px-3 py-2 text-sm",
              e.keyEvent
                ? "border-amber-300 bg-amber-50/60 dark:border-amber-800 dark:bg-amber-950/30"
                : "border-zinc-200 dark:border-zinc-800",
            )}
          >
            <div className="w-36 shrink-0 text-xs text-zinc-600 dark:text-zinc-400">
              <Time iso={e.at} />
            </div>
            <div className="min-w-0 flex-1">
              <p className="break-words">{e.body}</p>
              <p className="text-xs text-zinc-500">
                {e.kind.replace(/_/g, " ")}
                {e.actorEmail && ` · ${e.actorEmail}`}
                {e.kind === "trace" && typeof (e.data as { traceId?: string }).traceId === "string" && (
                  <>
                    {" "}
                    ·{" "}
                    <Link
                      className="text-sky-700 hover:underline dark:text-sky-400"
                      href={`/traces/${(e.data as { traceId: string }).traceId}`}
                    >
                      open trace
                    </Link>
                  </>
                )}
                {e.kind === "link" && typeof (e.data as { url?: string }).url === "string" && (
                  <>
                    {" "}
                    ·{" "}
                    <a
                      className="text-sky-700 hover:underline dark:text-sky-400"
                      href={(e.data as { url: string }).url}
                      target="_blank"
                      rel="noopener noreferrer"
                    >
                      open link
                    </a>
                  </>
                )}
              </p>
            </div>
            {canWrite && (
              <button
                type="button"
                className={cn(
                  "self-start",
                  e.keyEvent ? "text-amber-500" : "text-zinc-300 hover:text-zinc-500 dark:text-zinc-600",
                )}
                aria-pressed={e.keyEvent}
                aria-label={e.keyEvent ? "Unmark key event" : "Mark as key event"}
                title="Key events go into the postmortem"
                onClick={() => keyEvent.mutate({ entryId: e.id, keyEvent: !e.keyEvent })}
              >
                <Star className="size-4" fill={e.keyEvent ? "currentColor" : "none"} aria-hidden />
              </button>
            )}
          </li>
        ))}
      </ol>
      {entries.length === 0 && (
        <EmptyState title="Nothing here yet">
          Notes, status changes and alerts appear as they happen.
        </EmptyState>
      )}
    </div>
  );
}

function Roles({
  incident,
  incidentRef,
  canWrite,
}: {
  incident: IncidentDetail;
  incidentRef: string;
  canWrite: boolean;
}) {
  const assign = useAssignRole(incidentRef);
  const [editing, setEditing] = useState<string | null>(null);
  const [email, setEmail] = useState("");
  return (
    <Panel title="Roles">
      <ul className="space-y-2 text-sm">
        {INCIDENT_ROLES.map((role) => {
          const holder = incident.roles.find((r) => r.role === role);
          return (
            <li key={role} data-testid={`role-${role}`}>
              <div className="flex items-center justify-between gap-2">
                <span className="text-zinc-500">{ROLE_NAMES[role]}</span>
                {canWrite && editing !== role && (
                  <button
                    type="button"
                    className="text-xs text-sky-700 hover:underline dark:text-sky-400"
                    onClick={() => setEditing(role)}
                  >
                    {holder ? "Hand over" : "Assign"}
                  </button>
                )}
              </div>
              <div className="font-medium">
                {holder?.userEmail ?? <span className="text-amber-700 dark:text-amber-400">nobody</span>}
              </div>
              {editing === role && (
                <form
                  className="mt-1 flex gap-1"
                  onSubmit={(e) => {
                    e.preventDefault();
                    assign.mutate(
                      { role, userEmail: email || undefined },
                      {
                        onSuccess: () => {
                          setEditing(null);
                          setEmail("");
                        },
                      },
                    );
                  }}
                >
                  <Input
                    aria-label={`${ROLE_NAMES[role]} email`}
                    className="h-8"
                    placeholder="email (empty: me)"
                    value={email}
                    onChange={(e) => setEmail(e.target.value)}
                  />
                  <Button type="submit" size="sm" busy={assign.isPending}>
                    Save
                  </Button>
                </form>
              )}
            </li>
          );
        })}
      </ul>
      <FormError error={assign.error} className="mt-2" />
    </Panel>
  );
}

function Details({
  incident,
  incidentRef,
  canWrite,
}: {
  incident: IncidentDetail;
  incidentRef: string;
  canWrite: boolean;
}) {
  const update = useUpdateIncident(incidentRef);
  const [open, setOpen] = useState(false);
  return (
    <Panel
      title="Summary"
      action={
        canWrite && (
          <button
            type="button"
            className="text-xs text-sky-700 hover:underline dark:text-sky-400"
            onClick={() => setOpen(true)}
          >
            Edit
          </button>
        )
      }
    >
      <div className="space-y-2 text-sm">
        <div>
          {incident.summary ? (
            <Markdown>{incident.summary}</Markdown>
          ) : (
            <span className="text-zinc-500">No summary yet.</span>
          )}
        </div>
        <div>
          <p className="text-xs font-medium text-zinc-500">Customer impact</p>
          {incident.customerImpact ? (
            <Markdown>{incident.customerImpact}</Markdown>
          ) : (
            <span className="text-zinc-500">Not described yet.</span>
          )}
        </div>
      </div>
      <Dialog open={open} onOpenChange={setOpen} title={`Summary of #${incident.number}`}>
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            const form = new FormData(e.currentTarget);
            update.mutate(
              {
                expectedVersion: incident.version,
                title: String(form.get("title")),
                services: String(form.get("services") ?? "")
                  .split(",")
                  .map((s) => s.trim())
                  .filter(Boolean),
                summary: String(form.get("summary") ?? ""),
                customerImpact: String(form.get("impact") ?? ""),
              },
              { onSuccess: () => setOpen(false) },
            );
          }}
        >
          {update.error && <Banner title={update.error.message} />}
          <Field label="Title">{(p) => <Input name="title" defaultValue={incident.title} {...p} />}</Field>
          <Field label="Affected services" hint="Comma-separated.">
            {(p) => <Input name="services" defaultValue={incident.services.join(", ")} {...p} />}
          </Field>
          <Field label="Summary" hint="Markdown.">
            {(p) => (
              <textarea
                name="summary"
                defaultValue={incident.summary}
                className={cn(textarea, "h-24")}
                {...p}
              />
            )}
          </Field>
          <Field label="Customer impact">
            {(p) => (
              <textarea
                name="impact"
                defaultValue={incident.customerImpact}
                className={cn(textarea, "h-20")}
                {...p}
              />
            )}
          </Field>
          <div className="flex justify-end gap-2">
            <Button onClick={() => setOpen(false)}>Cancel</Button>
            <Button type="submit" variant="primary" busy={update.isPending}>
              Save
            </Button>
          </div>
        </form>
      </Dialog>
    </Panel>
  );
}

function Checklists({
  incident,
  incidentRef,
  canWrite,
}: {
  incident: IncidentDetail;
  incidentRef: string;
  canWrite: boolean;
}) {
  const check = useCheckStep(incidentRef);
  if (!incident.checklists.length) return null;
  return (
    <>
      {incident.checklists.map((c) => {
        const done = c.steps.filter((s) => s.checkedAt).length;
        return (
          <Panel
            key={c.id}
            title={`Checklist: ${c.title}`}
            action={
              <span className="text-xs text-zinc-500">
                {done}/{c.steps.length}
              </span>
            }
          >
            <ul className="space-y-1.5 text-sm">
              {c.steps.map((s) => (
                <li key={s.id}>
                  <label className="flex items-start gap-2">
                    <input
                      type="checkbox"
                      className="mt-1"
                      checked={!!s.checkedAt}
                      disabled={!canWrite || (check.isPending && check.variables?.stepId === s.id)}
                      onChange={(e) => check.mutate({ stepId: s.id, checked: e.target.checked })}
                    />
                    <span>
                      <span className={cn(s.checkedAt && "text-zinc-500 line-through")}>{s.text}</span>
                      {s.checkedAt && (
                        <span className="block text-xs text-zinc-500">
                          {s.checkedByEmail} at {new Date(s.checkedAt).toLocaleTimeString()}
                        </span>
                      )}
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          </Panel>
        );
      })}
    </>
  );
}

function Runbooks({
  incident,
  incidentRef,
  canWrite,
}: {
  incident: IncidentDetail;
  incidentRef: string;
  canWrite: boolean;
}) {
  const alert = incident.timeline
    .map((e) => (e.data as { labels?: { alertname?: string } })?.labels?.alertname)
    .find(Boolean);
  const runbooks = useRunbooksQuery({ alert, service: incident.services[0] });
  const start = useStartChecklist(incidentRef);
  const matching = (runbooks.data ?? []).filter((r) => r.matches.length > 0).slice(0, 3);
  return (
    <Panel
      title="Runbooks"
      action={
        <Link
          href={`/runbooks${alert || incident.services[0] ? `?${new URLSearchParams({ ...(alert && { alert }), ...(incident.services[0] && { service: incident.services[0] }) })}` : ""}`}
          className="text-xs text-sky-700 hover:underline dark:text-sky-400"
        >
          All
        </Link>
      }
    >
      {runbooks.isPending && <Skeleton className="h-10 w-full" />}
      {runbooks.isSuccess && matching.length === 0 && (
        <p className="text-sm text-zinc-500">No runbook names this incident’s services or alerts.</p>
      )}
      <ul className="space-y-2 text-sm">
        {matching.map((r) => (
          <li key={r.id} className="flex items-center justify-between gap-2">
            <Link
              href={`/runbooks/${r.id}?incident=${incident.number}`}
              className="font-medium hover:underline"
            >
              {r.title}
            </Link>
            {canWrite && r.steps > 0 && !incident.checklists.some((c) => c.runbookId === r.id) && (
              <Button size="sm" onClick={() => start.mutate({ runbookId: r.id })} busy={start.isPending}>
                <ListChecks className="size-3.5" aria-hidden /> Start checklist
              </Button>
            )}
          </li>
        ))}
      </ul>
      {start.error && (
        <p role="alert" className="mt-2 text-xs text-red-600">
          {start.error.message}
        </p>
      )}
    </Panel>
  );
}

function Attach({ incidentRef }: { incidentRef: string }) {
  const attach = useAttach(incidentRef);
  const [value, setValue] = useState("");
  const [title, setTitle] = useState("");
  const isTrace = /^[0-9a-f]{16,32}$/.test(value.trim());
  return (
    <Panel title="Attach a trace or a link">
      <form
        className="space-y-2"
        onSubmit={(e) => {
          e.preventDefault();
          const input = isTrace
            ? { kind: "trace" as const, traceId: value.trim() }
            : { kind: "link" as const, url: value.trim(), title: title || value.trim() };
          attach.mutate(input, {
            onSuccess: () => {
              setValue("");
              setTitle("");
            },
          });
        }}
      >
        <Input
          aria-label="Trace id or URL"
          placeholder="trace id, or https://…"
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
        {!isTrace && value && (
          <Input
            aria-label="Link title"
            placeholder="What is it?"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
          />
        )}
        <div className="flex items-center justify-between">
          {isTrace ? <Badge tone="info">trace</Badge> : <span />}
          <Button type="submit" size="sm" busy={attach.isPending} disabled={!value.trim()}>
            <Link2 className="size-3.5" aria-hidden /> Attach
          </Button>
        </div>
        <FormError error={attach.error} />
      </form>
    </Panel>
  );
}
