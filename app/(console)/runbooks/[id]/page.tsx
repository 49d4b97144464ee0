import type { Metadata } from "next";
import { AccessDenied } from "@/components/access-denied";
import { RunbookPage } from "@/components/runbooks/runbook-page";
import { pageContext } from "@/lib/auth/page-context";
import { can } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Runbook" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { ctx, forbidden } = await pageContext("runbooks:read");
  if (forbidden) return <AccessDenied permission={forbidden.permission} />;
  const role = ctx.actor!.role;
  return (
    <RunbookPage
      id={(await params).id}
      canWrite={can(role, "runbooks:write")}
      canRunIncidents={can(role, "incidents:write")}
    />
  );
}
