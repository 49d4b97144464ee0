import type { Metadata } from "next";
import { AccessDenied } from "@/components/access-denied";
import { CatalogTable } from "@/components/health/catalog-table";
import { pageContext } from "@/lib/auth/page-context";

export const metadata: Metadata = { title: "Services" };

export default async function ServicesPage() {
  const { forbidden } = await pageContext("services:read");
  if (forbidden) return <AccessDenied permission={forbidden.permission} />;
  return <CatalogTable />;
}
