import type { Metadata } from "next";
import { AccessDenied } from "@/components/access-denied";
import { NotBuilt } from "@/components/not-built";
import { pageContext } from "@/lib/auth/page-context";

export const metadata: Metadata = { title: "Traces" };

export default async function TracesPage() {
  const { forbidden } = await pageContext("traces:read");
  if (forbidden) return <AccessDenied permission={forbidden.permission} />;
  return (
    <NotBuilt title="Traces" summary="Search Jaeger traces and open them in a fast waterfall.">
      Trace search, a waterfall that stays fast on traces of 100,000 spans, and trace comparison arrive with
      the Jaeger integration.
    </NotBuilt>
  );
}
