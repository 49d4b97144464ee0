import type { Metadata } from "next";
import { Suspense } from "react";
import { AccessDenied } from "@/components/access-denied";
import { TracePage } from "@/components/traces/trace-page";
import { TraceLoadError, TraceSkeleton } from "@/components/traces/trace-status";
import { NotConfigured } from "@/components/ui/not-configured";
import { PageHeader } from "@/components/ui/page-header";
import { pageContext } from "@/lib/auth/page-context";
import { can } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { missingUpstream } from "@/lib/services/connections";
import { openTrace, type TraceOutcome } from "@/lib/services/traces";
import { firstPaint } from "@/lib/traces/first-rows";

type Props = { params: Promise<{ traceId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Trace ${(await params).traceId.slice(0, 12)}` };
}

export default async function Page({ params }: Props) {
  const { ctx, forbidden } = await pageContext("traces:read");
  if (forbidden) return <AccessDenied permission={forbidden.permission} />;
  const { traceId } = await params;
  // Links to traces stay in incidents and charts when Jaeger is not configured; say so at once.
  const jaegerMissing = missingUpstream("jaeger");
  if (jaegerMissing)
    return (
      <>
        <PageHeader title="Trace" description={traceId.slice(0, 64)} />
        <NotConfigured {...jaegerMissing} />
      </>
    );
  const canAttach = can(ctx.actor!.role, "incidents:write");
  // A trace that is quick to open (most are small) is drawn in the page's first paint: streamed behind a
  // boundary instead, React would reveal it 300 ms after the skeleton's paint at the earliest (ADR 0017).
  const opening = await openTrace(ctx, traceId);
  if ("now" in opening) return <OpenedTrace outcome={opening.now} traceId={traceId} canAttach={canAttach} />;
  return (
    <Suspense fallback={<TraceSkeleton />}>
      <LaterTrace outcome={opening.later} traceId={traceId} canAttach={canAttach} />
    </Suspense>
  );
}

type OpenProps = { traceId: string; canAttach: boolean };

async function LaterTrace({ outcome, ...props }: OpenProps & { outcome: Promise<TraceOutcome> }) {
  return <OpenedTrace outcome={await outcome} {...props} />;
}

/** The trace in the page's HTML (ADR 0017): its header and first rows are there before any script runs. */
function OpenedTrace({ outcome, traceId, canAttach }: OpenProps & { outcome: TraceOutcome }) {
  if ("error" in outcome) {
    const { error } = outcome;
    if (error instanceof AppError)
      return <TraceLoadError traceId={traceId} status={error.status} message={error.message} />;
    throw error;
  }
  const opened = outcome.value;
  const paint = firstPaint(opened.trace);
  // What the page will ask for next is fetched while its scripts load and hydrate, built and cached by now:
  // the rest of a big view (it comes with its first rows only), or a whole view's span details. A big
  // trace's details (tens of megabytes) wait for hydration, so as not to slow the rest of its view. A link
  // element, not react-dom's preload(): that reaches the browser only in the RSC payload, once scripts run.
  const api = `/api/traces/${encodeURIComponent(opened.trace.traceId)}`;
  return (
    <>
      <link rel="preload" href={paint.complete ? `${api}/details` : api} as="fetch" crossOrigin="anonymous" />
      <TracePage traceId={opened.trace.traceId} canAttach={canAttach} paint={paint} source={opened.source} />
    </>
  );
}
