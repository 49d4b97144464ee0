import type { Metadata } from "next";
import { AccessDenied } from "@/components/access-denied";
import { ConnectionsPage } from "@/components/admin/connections-page";
import { pageContext } from "@/lib/auth/page-context";

export const metadata: Metadata = { title: "Connections" };

export default async function Page() {
  const { forbidden } = await pageContext("settings:manage");
  if (forbidden) return <AccessDenied permission={forbidden.permission} />;
  return <ConnectionsPage />;
}
