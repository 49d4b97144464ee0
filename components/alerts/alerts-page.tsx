"use client";

import { BellOff, BookOpen, Check, ExternalLink, Siren } from "lucide-react";
import { Link } from "@/components/ui/link";
import { parseAsArrayOf, parseAsBoolean, parseAsString, useQueryStates } from "nuqs";
import { useState } from "react";
import { SourceBanners } from "@/components/health/source-banner";
import { useTimeRange } from "@/components/shell/use-time-range";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Badge, Banner, EmptyState, Skeleton } from "@/components/ui/feedback";
import { Input } from "@/components/ui/field";
import { NotConfigured } from "@/components/ui/not-configured";
import { PageHeader } from "@/components/ui/page-header";
import { useAcknowledge, useAlertGroupsQuery } from "@/lib/client/alerts";
import { ApiError } from "@/lib/client/fetch-json";
import { formatDuration } from "@/lib/format";
import type { AlertView } from "@/lib/services/alerts";
import type { NotConfiguredView } from "@/lib/services/connections/schemas";
import { AlertTabs } from "./alert-tabs";
import { SilenceDialog } from "./silence-dialog";
import { Time } from "@/components/shell/time-format";

/** Splits `a="x", b=~"y"` into matchers, keeping commas inside quotes. */
function splitMatchers(text: string): string[] {
  return (text.match(/(?:[^,"]|"(?:[^"\\]|\\.)*")+/g) ?? []).map((s) => s.trim()).filter(Boolean);
}

const SEVERITY_TONE = { critical: "crit", warning: "warn", info: "info" } as const;

/** `notConfigured`: Alertmanager is not configured, so the page says so instead of asking. */
export function AlertsPage({
  canSilence,
  notConfigured,
}: {
  canSilence: boolean;
  notConfigured: NotConfiguredView | null;
}) {
  const [range] = useTimeRange();
  const [view, setView] = useQueryStates(
    {
      filter: parseAsArrayOf(parseAsString).withDefault([]),
      silenced: parseAsBoolean.withDefault(false),
      inhibited: parseAsBoolean.withDefault(false),
    },
    { history: "push" },
  );
  const [draft, setDraft] = useState(view.filter.join(", "));
  const groups = useAlertGroupsQuery(
    {
      filter: view.filter,
      silenced: view.silenced,
      inhibited: view.inhibited,
      refresh: range.refresh,
    },
    !notConfigured,
  );
  const [silencing, setSilencing] = useState<AlertView | null>(null);
  const ack = useAcknowledge();
  const filterError = groups.error instanceof ApiError ? groups.error.fields.filter : undefined;
  const total = groups.data?.groups.reduce((n, g) => n + g.alerts.length, 0) ?? 0;

  return (
    <>
      <PageHeader title="Alerts" description="Alerts firing in Alertmanager, grouped as it groups them." />
      <AlertTabs />
      {notConfigured && <NotConfigured {...notConfigured} />}
      {!notConfigured && (
        <form
          className="mb-4 flex flex-wrap items-center gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            void setView({ filter: splitMatchers(draft) });
          }}
        >
          <label htmlFor="alert-filter" className="sr-only">
            Filter with matchers
          </label>
          <Input
            id="alert-filter"
            className="w-96 font-mono"
            placeholder='service="payments", severity="critical"'
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            aria-invalid={Boolean(filterError)}
          />
          <Button type="submit">Filter</Button>
          <label className="flex items-center gap-1.5 text-sm">
            <input
              type="checkbox"
              checked={view.silenced}
              onChange={(e) => void setView({ silenced: e.target.checked })}
            />{" "}
            Show silenced
          </label>
          <label className="flex items-center gap-1.5 text-sm">
            <input
              type="checkbox"
              checked={view.inhibited}
              onChange={(e) => void setView({ inhibited: e.target.checked })}
            />{" "}
            Show inhibited
          </label>
          {filterError && (
            <p role="alert" className="w-full text-xs text-red-600 dark:text-red-400">
              {filterError.join(" ")}
            </p>
          )}
        </form>
      )}
      {groups.data && <SourceBanners sources={{ alertmanager: groups.data.source }} />}
      {groups.isError && !filterError && (
        <div className="mb-4">
          <Banner title="Alerts could not be loaded.">{groups.error.message}</Banner>
        </div>
      )}
      {ack.error && (
        <div className="mb-4">
          <Banner title={ack.error.message} />
        </div>
      )}
      {groups.isLoading && <Skeleton className="h-40 w-full" />}
      {groups.isSuccess && total === 0 && (
        <EmptyState
          icon={<Check className="size-8" />}
          title={view.filter.length ? "No alert matches" : "Nothing is firing"}
        >
          {view.filter.length
            ? "Clear the filter, or show silenced and inhibited alerts too."
            : "Alertmanager has no active alert. Enjoy it."}
        </EmptyState>
      )}
      <div className="space-y-4">
        {groups.data?.groups.map((group) => (
          <Card key={JSON.stringify(group.labels)}>
            <div className="flex flex-wrap items-center gap-1.5 border-b border-zinc-200 px-4 py-2 text-xs dark:border-zinc-800">
              {Object.entries(group.labels).map(([k, v]) => (
                <Badge key={k}>
                  {k}={v}
                </Badge>
              ))}
              <span className="ml-auto text-zinc-500">
                {group.alerts.length} alert{group.alerts.length > 1 ? "s" : ""} ·{" "}
                {group.receivers.length > 1 ? "receivers" : "receiver"} {group.receivers.join(", ")}
              </span>
            </div>
            <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {group.alerts.map((a) => (
                <li
                  key={a.fingerprint}
                  className="px-4 py-3"
                  data-testid={`alert-${a.name}-${a.service ?? ""}`}
                >
                  <div className="flex flex-wrap items-start justify-between gap-3">
                    <div className="min-w-0 space-y-1">
                      <div className="flex flex-wrap items-center gap-2">
                        <Badge
                          tone={SEVERITY_TONE[a.labels.severity as keyof typeof SEVERITY_TONE] ?? "neutral"}
                        >
                          {a.labels.severity ?? "alert"}
                        </Badge>
                        <span className="font-semibold">{a.name}</span>
                        {a.service && (
                          <Link
                            href={`/services/${encodeURIComponent(a.service)}`}
                            className="text-sm text-sky-700 hover:underline dark:text-sky-400"
                          >
                            {a.service}
                          </Link>
                        )}
                        {a.silenced && !a.ack && <Badge>silenced</Badge>}
                        {a.inhibited && <Badge>inhibited</Badge>}
                        {a.ack &&
                          (a.ack.incidentNumber ? (
                            <Link href={`/incidents/${a.ack.incidentNumber}`} data-testid="alert-holder">
                              <Badge tone="info">
                                {a.ack.by} has it · incident #{a.ack.incidentNumber}
                              </Badge>
                            </Link>
                          ) : (
                            <Badge tone="info">
                              acknowledged by {a.ack.by} until <Time at={a.ack.until} />
                            </Badge>
                          ))}
                      </div>
                      {a.annotations.summary && <p className="text-sm">{a.annotations.summary}</p>}
                      {a.annotations.description && (
                        <p className="text-xs text-zinc-500">{a.annotations.description}</p>
                      )}
                      <p className="text-xs text-zinc-500" title={a.startsAt}>
                        Firing for {formatDuration(a.startsAt)}, since <Time at={a.startsAt} dateTime />
                      </p>
                      <div className="flex flex-wrap gap-1">
                        {Object.entries(a.labels)
                          .filter(([k]) => !["alertname", "severity"].includes(k))
                          .map(([k, v]) => (
                            <span
                              key={k}
                              className="rounded bg-zinc-100 px-1 font-mono text-[11px] dark:bg-zinc-800"
                            >
                              {k}={v}
                            </span>
                          ))}
                      </div>
                    </div>
                    <div className="flex flex-wrap items-center gap-1.5">
                      {a.runbookUrl && (
                        <a
                          href={a.runbookUrl}
                          className="inline-flex h-8 items-center gap-1 rounded-md px-2 text-sm text-sky-700 hover:bg-zinc-100 dark:text-sky-400 dark:hover:bg-zinc-800"
                        >
                          <BookOpen className="size-3.5" aria-hidden /> Runbook
                        </a>
                      )}
                      {a.generatorURL && (
                        <a
                          href={a.generatorURL}
                          target="_blank"
                          rel="noreferrer noopener"
                          className="inline-flex h-8 items-center gap-1 rounded-md px-2 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800"
                        >
                          <ExternalLink className="size-3.5" aria-hidden /> Source
                        </a>
                      )}
                      <Link
                        href={`/incidents?declareFrom=${encodeURIComponent(a.fingerprint)}`}
                        className="inline-flex h-8 items-center gap-1 rounded-md px-2 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800"
                      >
                        <Siren className="size-3.5" aria-hidden /> Declare incident
                      </Link>
                      {canSilence && !a.silenced && (
                        <Button
                          size="sm"
                          busy={ack.isPending && ack.variables?.fingerprint === a.fingerprint}
                          onClick={() => ack.mutate({ fingerprint: a.fingerprint })}
                        >
                          <Check className="size-3.5" aria-hidden /> Acknowledge
                        </Button>
                      )}
                      {canSilence && (
                        <Button size="sm" onClick={() => setSilencing(a)}>
                          <BellOff className="size-3.5" aria-hidden /> Silence
                        </Button>
                      )}
                    </div>
                  </div>
                </li>
              ))}
            </ul>
          </Card>
        ))}
      </div>
      {silencing && (
        <SilenceDialog
          open
          onOpenChange={(o) => !o && setSilencing(null)}
          title={`Silence ${silencing.name}${silencing.service ? ` for ${silencing.service}` : ""}`}
          initialMatchers={Object.entries(silencing.labels)
            .filter(([k]) => ["alertname", "service", "instance", "severity"].includes(k))
            .map(([name, value]) => ({ name, value, isRegex: false, isEqual: true }))}
        />
      )}
    </>
  );
}
