import type { Metadata } from "next";
import { AccessDenied } from "@/components/access-denied";
import { DependenciesPage } from "@/components/traces/dependencies-page";
import { pageContext } from "@/lib/auth/page-context";
import { missingUpstream } from "@/lib/services/connections";

export const metadata: Metadata = { title: "Service dependencies" };

export default async function Page() {
  const { forbidden } = await pageContext("traces:read");
  if (forbidden) return <AccessDenied permission={forbidden.permission} />;
  return <DependenciesPage notConfigured={missingUpstream("jaeger")} />;
}
