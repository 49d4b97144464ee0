import type { Metadata } from "next";
import { AccessDenied } from "@/components/access-denied";
import { SilencesPage } from "@/components/alerts/silences-page";
import { pageContext } from "@/lib/auth/page-context";
import { can } from "@/lib/auth/permissions";
import { missingUpstream } from "@/lib/services/connections";

export const metadata: Metadata = { title: "Silences" };

export default async function Page() {
  const { ctx, forbidden } = await pageContext("alerts:read");
  if (forbidden) return <AccessDenied permission={forbidden.permission} />;
  return (
    <SilencesPage
      canSilence={can(ctx.actor!.role, "silences:write")}
      notConfigured={missingUpstream("alertmanager")}
    />
  );
}
