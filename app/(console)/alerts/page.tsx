import type { Metadata } from "next";
import { AccessDenied } from "@/components/access-denied";
import { NotBuilt } from "@/components/not-built";
import { pageContext } from "@/lib/auth/page-context";

export const metadata: Metadata = { title: "Alerts" };

export default async function AlertsPage() {
  const { forbidden } = await pageContext("alerts:read");
  if (forbidden) return <AccessDenied permission={forbidden.permission} />;
  return (
    <NotBuilt title="Alerts" summary="Firing alerts from Alertmanager, silences and acknowledgements.">
      Grouped alerts, silences and acknowledgements arrive with the Alertmanager integration. Responders will
      be able to silence and acknowledge from here.
    </NotBuilt>
  );
}
