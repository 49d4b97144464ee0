import type { Metadata } from "next";
import { AccessDenied } from "@/components/access-denied";
import { ServicePage } from "@/components/health/service-page";
import { pageContext } from "@/lib/auth/page-context";
import { can } from "@/lib/auth/permissions";

type Props = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: decodeURIComponent((await params).name) };
}

export default async function ServiceDetailPage({ params }: Props) {
  const { ctx, forbidden } = await pageContext("services:read");
  if (forbidden) return <AccessDenied permission={forbidden.permission} />;
  const { name } = await params;
  return <ServicePage name={decodeURIComponent(name)} canEdit={can(ctx.actor!.role, "services:write")} />;
}
