import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AccessDenied } from "@/components/access-denied";
import { ServicePage } from "@/components/health/service-page";
import { pageContext } from "@/lib/auth/page-context";
import { can } from "@/lib/auth/permissions";
import { serviceExists } from "@/lib/services/health/catalog";

type Props = { params: Promise<{ name: string }> };

/** The service's name from its path segment; null for a mistyped escape ("%E0"), which names nothing. */
function decodedName(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: decodedName((await params).name) ?? "No such service" };
}

export default async function ServiceDetailPage({ params }: Props) {
  const { ctx, forbidden } = await pageContext("services:read");
  if (forbidden) return <AccessDenied permission={forbidden.permission} />;
  const name = decodedName((await params).name);
  if (name === null || !(await serviceExists(ctx, name))) notFound();
  return <ServicePage name={name} canEdit={can(ctx.actor!.role, "services:write")} />;
}
