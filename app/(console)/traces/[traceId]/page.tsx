import type { Metadata } from "next";
import { preload } from "react-dom";
import { AccessDenied } from "@/components/access-denied";
import { TracePage } from "@/components/traces/trace-page";
import { pageContext } from "@/lib/auth/page-context";
import { can } from "@/lib/auth/permissions";

type Props = { params: Promise<{ traceId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Trace ${(await params).traceId.slice(0, 12)}` };
}

export default async function Page({ params }: Props) {
  const { ctx, forbidden } = await pageContext("traces:read");
  if (forbidden) return <AccessDenied permission={forbidden.permission} />;
  const { traceId } = await params;
  // Start fetching the trace while the page's scripts load and hydrate; the client's fetch picks up the
  // preloaded response (same URL, mode and credentials). Big traces open hundreds of milliseconds sooner.
  if (/^[0-9a-fA-F]{1,32}$/.test(traceId))
    preload(`/api/traces/${traceId}`, { as: "fetch", crossOrigin: "anonymous" });
  return <TracePage traceId={traceId.slice(0, 64)} canAttach={can(ctx.actor!.role, "incidents:write")} />;
}
