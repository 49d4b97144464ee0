import type { Metadata } from "next";
import { AccessDenied } from "@/components/access-denied";
import { RunbookDiff } from "@/components/runbooks/runbook-diff";
import { pageContext } from "@/lib/auth/page-context";

export const metadata: Metadata = { title: "Runbook changes" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { forbidden } = await pageContext("runbooks:read");
  if (forbidden) return <AccessDenied permission={forbidden.permission} />;
  return <RunbookDiff id={(await params).id} />;
}
