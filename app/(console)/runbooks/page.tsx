import type { Metadata } from "next";
import { AccessDenied } from "@/components/access-denied";
import { RunbooksPage } from "@/components/runbooks/runbooks-page";
import { pageContext } from "@/lib/auth/page-context";
import { can } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Runbooks" };

export default async function Page() {
  const { ctx, forbidden } = await pageContext("runbooks:read");
  if (forbidden) return <AccessDenied permission={forbidden.permission} />;
  return <RunbooksPage canWrite={can(ctx.actor!.role, "runbooks:write")} />;
}
