import type { Metadata } from "next";
import { AccessDenied } from "@/components/access-denied";
import { AuditLog } from "@/components/audit/audit-log";
import { pageContext } from "@/lib/auth/page-context";

export const metadata: Metadata = { title: "Audit" };

export default async function AuditPage() {
  const { forbidden } = await pageContext("audit:read");
  if (forbidden) return <AccessDenied permission={forbidden.permission} />;
  return <AuditLog />;
}
