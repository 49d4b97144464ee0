import type { Metadata } from "next";
import { AccessDenied } from "@/components/access-denied";
import { RulesPage } from "@/components/alerts/rules-page";
import { pageContext } from "@/lib/auth/page-context";
import { missingUpstream } from "@/lib/services/connections";

export const metadata: Metadata = { title: "Rules" };

export default async function Page() {
  const { forbidden } = await pageContext("alerts:read");
  if (forbidden) return <AccessDenied permission={forbidden.permission} />;
  return <RulesPage notConfigured={missingUpstream("prometheus")} />;
}
