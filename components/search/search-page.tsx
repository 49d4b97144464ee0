"use client";

import { BookOpen, Search, Siren } from "lucide-react";
import { Link } from "@/components/ui/link";
import { parseAsString, useQueryState } from "nuqs";
import { useDeferredValue } from "react";
import { Card } from "@/components/ui/card";
import { Banner, EmptyState, Skeleton } from "@/components/ui/feedback";
import { Input } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { useSearchQuery } from "@/lib/client/runbooks";
import { StatusBadge } from "@/components/incidents/badges";
import { Highlighted } from "./highlighted";

export function SearchPage() {
  const [q, setQ] = useQueryState("q", parseAsString.withDefault("").withOptions({ history: "replace" }));
  const deferred = useDeferredValue(q);
  const hits = useSearchQuery(deferred);
  const ready = deferred.trim().length >= 2;
  return (
    <>
      <PageHeader
        title="Search"
        description="Runbooks and incidents, past and present: titles, bodies, summaries, impact and root causes."
      />
      <div className="relative mb-4 max-w-xl">
        <Search className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-zinc-400" aria-hidden />
        <Input
          aria-label="Search runbooks and incidents"
          autoFocus
          className="pl-8"
          placeholder={'e.g. connection pool, "cache flush", -staging'}
          value={q}
          onChange={(e) => void setQ(e.target.value || null)}
        />
      </div>
      {!ready && (
        <p className="text-sm text-zinc-500">
          Type at least two characters. Quotes match a phrase, a minus excludes a word, “or” widens.
        </p>
      )}
      {hits.isError && <Banner title="The search failed.">{hits.error.message}</Banner>}
      {ready && hits.isPending && <Skeleton className="h-40 w-full" />}
      {hits.data?.length === 0 && (
        <EmptyState icon={<Search className="size-8" />} title={`Nothing matches “${deferred}”`}>
          Try fewer or different words; search matches whole words and their forms (“timeouts” finds
          “timeout”).
        </EmptyState>
      )}
      {hits.data && hits.data.length > 0 && (
        <Card>
          <ul aria-label="Results" className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {hits.data.map((h) => (
              <li key={`${h.kind}-${h.id}`} className="px-4 py-3" data-testid="search-hit">
                <div className="flex items-center gap-2">
                  {h.kind === "runbook" ? (
                    <BookOpen className="size-4 text-zinc-500" aria-label="Runbook" />
                  ) : (
                    <Siren className="size-4 text-zinc-500" aria-label="Incident" />
                  )}
                  <Link
                    href={h.kind === "runbook" ? `/runbooks/${h.id}` : `/incidents/${h.number}`}
                    className="font-medium hover:underline"
                  >
                    {h.kind === "incident" && `#${h.number} `}
                    {h.title}
                  </Link>
                  {h.status && (
                    <StatusBadge status={h.status as Parameters<typeof StatusBadge>[0]["status"]} />
                  )}
                </div>
                <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
                  <Highlighted text={h.snippet} />
                </p>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </>
  );
}
