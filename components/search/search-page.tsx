"use client";

import { Search } from "lucide-react";
import { parseAsString, useQueryState } from "nuqs";
import { Card } from "@/components/ui/card";
import { Banner, EmptyState, Skeleton } from "@/components/ui/feedback";
import { Input } from "@/components/ui/field";
import { Link } from "@/components/ui/link";
import { PageHeader } from "@/components/ui/page-header";
import type { Permission } from "@/lib/auth/permissions";
import { ResultSummary, TroubledSources } from "./result-parts";
import { useSearchResults } from "./use-search-results";

/** `/search?q=`: what the palette finds, with more per kind and the matching words of texts; shareable. */
export function SearchPage({ permissions }: { permissions: readonly Permission[] }) {
  const [q, setQ] = useQueryState("q", parseAsString.withDefault("").withOptions({ history: "replace" }));
  const { groups, troubled, searching, error, answered } = useSearchResults(q, { limit: 20, permissions });
  const query = q.trim();
  return (
    <>
      <PageHeader
        title="Search"
        description="Services, firing alerts, deployments, incidents and runbooks you may see, a trace by its id, and the pages."
      />
      <div className="relative mb-2 max-w-xl">
        <Search className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-zinc-400" aria-hidden />
        <Input
          type="search"
          aria-label="Search"
          autoFocus
          className="pl-8"
          placeholder={'e.g. payments, connection pool, "cache flush", -staging, a trace id'}
          value={q}
          onChange={(e) => void setQ(e.target.value || null)}
        />
      </div>
      <div className="mb-4 min-h-4">
        <TroubledSources sources={troubled} />
      </div>
      {query.length < 2 && (
        <p className="text-sm text-zinc-500">
          Type at least two characters. Names match as you type; in texts, quotes match a phrase, a minus
          excludes a word, “or” widens.
        </p>
      )}
      {error && <Banner title="The search failed.">{error.message}</Banner>}
      {searching && groups.length === 0 && <Skeleton className="h-40 w-full" />}
      {answered && query.length >= 2 && groups.length === 0 && (
        <EmptyState icon={<Search className="size-8" />} title={`Nothing matches “${query}”`}>
          Try fewer or different words; texts match whole words and their forms (“timeouts” finds “timeout”).
        </EmptyState>
      )}
      {query.length >= 2 && (
        <div className="space-y-5" aria-busy={searching}>
          {groups.map((group) => (
            <section key={group.kind} aria-labelledby={`search-${group.kind}`}>
              <h2
                id={`search-${group.kind}`}
                className="mb-2 text-sm font-semibold text-zinc-600 dark:text-zinc-300"
              >
                {group.label}
              </h2>
              <Card>
                <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
                  {group.items.map((r) => (
                    <li key={`${r.kind}-${r.id}`} data-testid="search-hit">
                      <Link
                        href={r.href}
                        className="block px-4 py-3 hover:bg-zinc-50 focus-visible:bg-zinc-50 dark:hover:bg-zinc-800/50 dark:focus-visible:bg-zinc-800/50"
                      >
                        <ResultSummary result={r} withSnippet />
                      </Link>
                    </li>
                  ))}
                </ul>
              </Card>
            </section>
          ))}
        </div>
      )}
    </>
  );
}
