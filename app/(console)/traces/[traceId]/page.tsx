import type { Metadata } from "next";
import { preload } from "react-dom";
import { AccessDenied } from "@/components/access-denied";
import { TracePage } from "@/components/traces/trace-page";
import { NotConfigured } from "@/components/ui/not-configured";
import { PageHeader } from "@/components/ui/page-header";
import { pageContext } from "@/lib/auth/page-context";
import { can } from "@/lib/auth/permissions";
import { missingUpstream } from "@/lib/services/connections";

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
  // Start fetching the trace while the page's scripts load and hydrate; the client's fetch picks up the
  // preloaded response (same URL, mode and credentials). Big traces open hundreds of milliseconds sooner.
  if (/^[0-9a-fA-F]{1,32}$/.test(traceId))
    preload(`/api/traces/${traceId}`, { as: "fetch", crossOrigin: "anonymous" });
  return <TracePage traceId={traceId.slice(0, 64)} canAttach={can(ctx.actor!.role, "incidents:write")} />;
}
