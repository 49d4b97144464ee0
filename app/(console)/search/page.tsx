import type { Metadata } from "next";
import { AccessDenied } from "@/components/access-denied";
import { SearchPage } from "@/components/search/search-page";
import { pageContext } from "@/lib/auth/page-context";

export const metadata: Metadata = { title: "Search" };

export default async function Page() {
  const { forbidden } = await pageContext("incidents:read");
  if (forbidden) return <AccessDenied permission={forbidden.permission} />;
  return <SearchPage />;
}
