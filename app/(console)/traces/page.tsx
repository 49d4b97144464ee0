import type { Metadata } from "next";
import { AccessDenied } from "@/components/access-denied";
import { TraceSearchPage } from "@/components/traces/search-page";
import { pageContext } from "@/lib/auth/page-context";
import { missingUpstream } from "@/lib/services/connections";

export const metadata: Metadata = { title: "Traces" };

export default async function TracesPage() {
  const { forbidden } = await pageContext("traces:read");
  if (forbidden) return <AccessDenied permission={forbidden.permission} />;
  return <TraceSearchPage notConfigured={missingUpstream("jaeger")} />;
}
