import type { Metadata } from "next";
import { Suspense } from "react";
import { preload } from "react-dom";
import { AccessDenied } from "@/components/access-denied";
import { TracePage } from "@/components/traces/trace-page";
import { TraceLoadError, TraceSkeleton } from "@/components/traces/trace-status";
import { NotConfigured } from "@/components/ui/not-configured";
import { PageHeader } from "@/components/ui/page-header";
import { pageContext } from "@/lib/auth/page-context";
import { can } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { missingUpstream } from "@/lib/services/connections";
import type { ServiceContext } from "@/lib/services/context";
import { getTrace } from "@/lib/services/traces";
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
  return (
    <Suspense fallback={<TraceSkeleton />}>
      <OpenTrace ctx={ctx} traceId={traceId} canAttach={can(ctx.actor!.role, "incidents:write")} />
    </Suspense>
  );
}

/** The trace in the first response (ADR 0017): its header and first rows are HTML before any script runs. */
async function OpenTrace({
  ctx,
  traceId,
  canAttach,
}: {
  ctx: ServiceContext;
  traceId: string;
  canAttach: boolean;
}) {
  let opened;
  try {
    opened = await getTrace(ctx, traceId);
  } catch (error) {
    if (error instanceof AppError)
      return <TraceLoadError traceId={traceId} status={error.status} message={error.message} />;
    throw error;
  }
  const paint = firstPaint(opened.trace);
  // A big view comes with its first rows only: the browser fetches the rest (built and cached by now)
  // while the page's scripts load and hydrate.
  if (!paint.complete)
    preload(`/api/traces/${opened.trace.traceId}`, { as: "fetch", crossOrigin: "anonymous" });
  return (
    <TracePage traceId={opened.trace.traceId} canAttach={canAttach} paint={paint} source={opened.source} />
  );
}
