import type { Metadata } from "next";
import { Suspense } from "react";
import { AccessDenied } from "@/components/access-denied";
import { TraceSearchPage } from "@/components/traces/search-page";
import { TraceSearchSkeleton } from "@/components/traces/trace-status";
import { pageContext } from "@/lib/auth/page-context";
import { missingUpstream } from "@/lib/services/connections";
import type { ServiceContext } from "@/lib/services/context";
import { openTraceSearch } from "@/lib/services/traces";
import { loadTraceSearch, traceSearchQueryString } from "@/lib/traces/search-params";

export const metadata: Metadata = { title: "Traces" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function TracesPage({ searchParams }: Props) {
  const { ctx, forbidden } = await pageContext("traces:read");
  if (forbidden) return <AccessDenied permission={forbidden.permission} />;
  const notConfigured = missingUpstream("jaeger");
  if (notConfigured) return <TraceSearchPage notConfigured={notConfigured} />;
  const { attr, ...search } = loadTraceSearch(await searchParams);
  return (
    <Suspense fallback={<TraceSearchSkeleton />}>
      <OpenSearch ctx={ctx} query={traceSearchQueryString({ ...search, attrs: attr })} />
    </Suspense>
  );
}

/** The services and the URL's search in the first response: the results are HTML before any script runs. */
async function OpenSearch({ ctx, query }: { ctx: ServiceContext; query: string }) {
  const { services, search } = await openTraceSearch(ctx, query);
  return (
    <TraceSearchPage
      notConfigured={null}
      initial={{ services: services ?? undefined, search: search ? { query, result: search } : undefined }}
    />
  );
}
