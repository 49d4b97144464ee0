import type { Metadata } from "next";
import { AccessDenied } from "@/components/access-denied";
import { NotBuilt } from "@/components/not-built";
import { pageContext } from "@/lib/auth/page-context";

export const metadata: Metadata = { title: "Deployments" };

export default async function DeploymentsPage() {
  const { forbidden } = await pageContext("deployments:read");
  if (forbidden) return <AccessDenied permission={forbidden.permission} />;
  return (
    <NotBuilt title="Deployments" summary="Canary and blue-green progress from Argo Rollouts and Flagger.">
      Rollout progress with promote, abort, retry and rollback for operators arrives with the Kubernetes
      integration.
    </NotBuilt>
  );
}
