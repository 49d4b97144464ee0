import type { Metadata } from "next";
import { AccessDenied } from "@/components/access-denied";
import { NotBuilt } from "@/components/not-built";
import { pageContext } from "@/lib/auth/page-context";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  const { forbidden } = await pageContext("overview:read");
  if (forbidden) return <AccessDenied permission={forbidden.permission} />;
  return (
    <NotBuilt
      title="Overview"
      summary="Every service at a glance: rate, errors, latency, SLO burn and firing alerts."
    >
      This page will list every service discovered in Prometheus, worst first, with request rate, error ratio,
      p50/p95/p99 latency, error-budget burn and firing alerts. It arrives with the Prometheus integration.
    </NotBuilt>
  );
}
