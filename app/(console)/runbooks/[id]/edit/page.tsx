import type { Metadata } from "next";
import { AccessDenied } from "@/components/access-denied";
import { EditRunbook } from "@/components/runbooks/runbook-editor";
import { pageContext } from "@/lib/auth/page-context";

export const metadata: Metadata = { title: "Edit runbook" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { forbidden } = await pageContext("runbooks:write");
  if (forbidden) return <AccessDenied permission={forbidden.permission} />;
  return <EditRunbook id={(await params).id} />;
}
