import type { Metadata } from "next";
import { AccessDenied } from "@/components/access-denied";
import { OverviewTable } from "@/components/health/overview-table";
import { pageContext } from "@/lib/auth/page-context";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  const { forbidden } = await pageContext("overview:read");
  if (forbidden) return <AccessDenied permission={forbidden.permission} />;
  return <OverviewTable />;
}
