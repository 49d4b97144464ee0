import type { Metadata } from "next";
import { AccessDenied } from "@/components/access-denied";
import { NotBuilt } from "@/components/not-built";
import { pageContext } from "@/lib/auth/page-context";

export const metadata: Metadata = { title: "Incidents" };

export default async function IncidentsPage() {
  const { forbidden } = await pageContext("incidents:read");
  if (forbidden) return <AccessDenied permission={forbidden.permission} />;
  return (
    <NotBuilt title="Incidents" summary="Declare, coordinate and review incidents.">
      Incidents with a timeline, roles, checklists and postmortems arrive with the incidents capability. Until
      then, every action taken in Opsdeck is on the Audit page.
    </NotBuilt>
  );
}
