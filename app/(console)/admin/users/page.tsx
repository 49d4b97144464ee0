import type { Metadata } from "next";
import { AccessDenied } from "@/components/access-denied";
import { UsersAdmin } from "@/components/admin/users-admin";
import { pageContext } from "@/lib/auth/page-context";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const { ctx, forbidden } = await pageContext("users:manage");
  if (forbidden) return <AccessDenied permission={forbidden.permission} />;
  return <UsersAdmin currentUserId={ctx.actor!.userId} />;
}
