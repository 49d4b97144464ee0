import type { Metadata } from "next";
import { AccessDenied } from "@/components/access-denied";
import { ComparePage } from "@/components/traces/compare-page";
import { pageContext } from "@/lib/auth/page-context";

export const metadata: Metadata = { title: "Compare traces" };

export default async function Page() {
  const { forbidden } = await pageContext("traces:read");
  if (forbidden) return <AccessDenied permission={forbidden.permission} />;
  return <ComparePage />;
}
