import type { Metadata } from "next";
import { AccessDenied } from "@/components/access-denied";
import { DeliveriesPage } from "@/components/admin/deliveries-page";
import { pageContext } from "@/lib/auth/page-context";
import { env } from "@/lib/config/env";

export const metadata: Metadata = { title: "Webhook deliveries" };

export default async function Page() {
  const { forbidden } = await pageContext("settings:manage");
  if (forbidden) return <AccessDenied permission={forbidden.permission} />;
  return <DeliveriesPage configured={env().INCIDENT_WEBHOOKS.length} />;
}
