"use client";

import { BookOpen, Plus, Search } from "lucide-react";
import { Link } from "@/components/ui/link";
import { parseAsString, useQueryStates } from "nuqs";
import { useDeferredValue } from "react";
import { Card } from "@/components/ui/card";
import { Badge, Banner, EmptyState, Skeleton } from "@/components/ui/feedback";
import { Input } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { useRunbooksQuery } from "@/lib/client/runbooks";
import { formatAge } from "@/lib/format";

/** Runbooks, the ones naming the alert or service in the URL first: that is how alerts and incidents link here. */
export function RunbooksPage({ canWrite }: { canWrite: boolean }) {
  const [params, setParams] = useQueryStates(
    { q: parseAsString.withDefault(""), alert: parseAsString, service: parseAsString },
    { history: "replace" },
  );
  const q = useDeferredValue(params.q);
  const runbooks = useRunbooksQuery({
    q: q || undefined,
    alert: params.alert ?? undefined,
    service: params.service ?? undefined,
  });
  const context = [params.alert && `alert ${params.alert}`, params.service && `service ${params.service}`]
    .filter(Boolean)
    .join(" or ");

  return (
    <>
      <PageHeader
        title="Runbooks"
        description="Versioned Markdown procedures, linked to the services and alerts they are for."
        actions={
          canWrite && (
            <Link
              href="/runbooks/new"
              className="inline-flex h-9 items-center gap-1.5 rounded-md bg-sky-600 px-3 text-sm font-medium text-white hover:bg-sky-700"
            >
              <Plus className="size-4" aria-hidden /> New runbook
            </Link>
          )
        }
      />
      <div className="mb-4 flex flex-wrap items-center gap-3">
        <div className="relative w-full max-w-md">
          <Search
            className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-zinc-400"
            aria-hidden
          />
          <Input
            aria-label="Filter runbooks"
            placeholder="Filter by title, service, alert or tag"
            className="pl-8"
            value={params.q}
            onChange={(e) => void setParams({ q: e.target.value || null })}
          />
        </div>
        {context && (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Runbooks for {context} first.{" "}
            <button
              type="button"
              className="text-sky-700 hover:underline dark:text-sky-400"
              onClick={() => void setParams({ alert: null, service: null })}
            >
              Show all in order
            </button>
          </p>
        )}
      </div>
      {runbooks.isError && <Banner title="Runbooks could not be loaded.">{runbooks.error.message}</Banner>}
      {runbooks.isPending && <Skeleton className="h-40 w-full" />}
      {runbooks.data?.length === 0 && (
        <EmptyState
          icon={<BookOpen className="size-8" />}
          title={params.q ? `No runbook matches “${params.q}”` : "No runbooks yet"}
        >
          {canWrite
            ? "Write down what to do when an alert fires; checklists (“- [ ] step”) become tickable steps in an incident."
            : "Responders write runbooks; they appear here."}
        </EmptyState>
      )}
      {runbooks.data && runbooks.data.length > 0 && (
        <Card className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {runbooks.data.map((r) => (
            <div
              key={r.id}
              className="flex flex-wrap items-center justify-between gap-2 px-4 py-3"
              data-testid="runbook-row"
            >
              <div className="min-w-0">
                <Link href={`/runbooks/${r.id}`} className="font-medium hover:underline">
                  {r.title}
                </Link>
                <div className="mt-0.5 flex flex-wrap gap-1.5 text-xs text-zinc-500">
                  {r.matches.includes("alert") && <Badge tone="warn">for this alert</Badge>}
                  {r.matches.includes("service") && <Badge tone="info">for this service</Badge>}
                  {r.services.map((s) => (
                    <span key={s}>{s}</span>
                  ))}
                  {r.alertNames.map((a) => (
                    <span key={a} className="font-mono">
                      {a}
                    </span>
                  ))}
                  {r.tags.map((t) => (
                    <span key={t}>#{t}</span>
                  ))}
                </div>
              </div>
              <div className="text-right text-xs text-zinc-500">
                {r.steps > 0 && <div>{r.steps} checklist steps</div>}
                <div title={r.updatedAt}>
                  v{r.version} · {formatAge(r.updatedAt)}
                  {r.ownerTeam && ` · ${r.ownerTeam}`}
                </div>
              </div>
            </div>
          ))}
        </Card>
      )}
    </>
  );
}
