import type { Metadata } from "next";
import { AccessDenied } from "@/components/access-denied";
import { NotBuilt } from "@/components/not-built";
import { pageContext } from "@/lib/auth/page-context";

export const metadata: Metadata = { title: "Runbooks" };

export default async function RunbooksPage() {
  const { forbidden } = await pageContext("runbooks:read");
  if (forbidden) return <AccessDenied permission={forbidden.permission} />;
  return (
    <NotBuilt title="Runbooks" summary="Versioned Markdown runbooks linked to services and alerts.">
      Runbooks with version history, linked to alerts and services, arrive with the incidents capability.
    </NotBuilt>
  );
}
