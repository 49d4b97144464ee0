import type { Metadata } from "next";
import { AccessDenied } from "@/components/access-denied";
import { NotBuilt } from "@/components/not-built";
import { pageContext } from "@/lib/auth/page-context";

export const metadata: Metadata = { title: "Services" };

export default async function ServicesPage() {
  const { forbidden } = await pageContext("services:read");
  if (forbidden) return <AccessDenied permission={forbidden.permission} />;
  return (
    <NotBuilt title="Services" summary="The service catalog and each service's health.">
      Service pages with rate, error and latency charts, targets, exemplar links to traces, alerts, runbooks
      and open incidents arrive with the Prometheus integration.
    </NotBuilt>
  );
}
