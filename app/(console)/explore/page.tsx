import type { Metadata } from "next";
import { AccessDenied } from "@/components/access-denied";
import { ExplorePage } from "@/components/explore/explore-page";
import { pageContext } from "@/lib/auth/page-context";
import { missingUpstream } from "@/lib/services/connections";

export const metadata: Metadata = { title: "Explore" };

export default async function Page() {
  const { forbidden } = await pageContext("promql:query");
  if (forbidden) return <AccessDenied permission={forbidden.permission} />;
  return <ExplorePage notConfigured={missingUpstream("prometheus")} />;
}
