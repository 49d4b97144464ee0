import type { Metadata } from "next";
import { AccessDenied } from "@/components/access-denied";
import { DeploymentsPage } from "@/components/deployments/deployments-page";
import { pageContext } from "@/lib/auth/page-context";

export const metadata: Metadata = { title: "Deployments" };

export default async function Page() {
  const { forbidden } = await pageContext("deployments:read");
  if (forbidden) return <AccessDenied permission={forbidden.permission} />;
  return <DeploymentsPage />;
}
