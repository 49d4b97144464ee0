import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SearchPage } from "@/components/search/search-page";
import { requestContext } from "@/lib/auth/request-context";
import { describeMe } from "@/lib/services/me";

export const metadata: Metadata = { title: "Search" };

/** Open to everyone signed in: the search service leaves out the kinds a role may not read. */
export default async function Page() {
  const ctx = await requestContext();
  if (!ctx.actor) redirect("/signin");
  return <SearchPage permissions={describeMe(ctx).permissions} />;
}
