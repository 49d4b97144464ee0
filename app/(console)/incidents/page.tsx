import type { Metadata } from "next";
import { AccessDenied } from "@/components/access-denied";
import { IncidentList } from "@/components/incidents/incident-list";
import { pageContext } from "@/lib/auth/page-context";
import { can } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Incidents" };

export default async function Page() {
  const { ctx, forbidden } = await pageContext("incidents:read");
  if (forbidden) return <AccessDenied permission={forbidden.permission} />;
  return <IncidentList canDeclare={can(ctx.actor!.role, "incidents:write")} />;
}
