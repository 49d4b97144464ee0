import type { Metadata } from "next";
import { AccessDenied } from "@/components/access-denied";
import { IncidentMetricsPage } from "@/components/incidents/metrics-page";
import { pageContext } from "@/lib/auth/page-context";

export const metadata: Metadata = { title: "Incident metrics" };

export default async function Page() {
  const { forbidden } = await pageContext("incidents:read");
  if (forbidden) return <AccessDenied permission={forbidden.permission} />;
  return <IncidentMetricsPage />;
}
