import type { Metadata } from "next";
import { AccessDenied } from "@/components/access-denied";
import { NotBuilt } from "@/components/not-built";
import { pageContext } from "@/lib/auth/page-context";

export const metadata: Metadata = { title: "Trace" };

export default async function TracePage({ params }: { params: Promise<{ traceId: string }> }) {
  const { forbidden } = await pageContext("traces:read");
  if (forbidden) return <AccessDenied permission={forbidden.permission} />;
  const { traceId } = await params;
  return (
    <NotBuilt title="Traces" summary={`Trace ${traceId.slice(0, 64)}`}>
      The trace view arrives with the Jaeger integration. This link (from a latency exemplar) will then open
      trace <code>{traceId.slice(0, 64)}</code> in a waterfall.
    </NotBuilt>
  );
}
