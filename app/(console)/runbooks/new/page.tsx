import type { Metadata } from "next";
import { AccessDenied } from "@/components/access-denied";
import { RunbookEditor } from "@/components/runbooks/runbook-editor";
import { pageContext } from "@/lib/auth/page-context";

export const metadata: Metadata = { title: "New runbook" };

type Props = { searchParams: Promise<{ service?: string | string[]; alert?: string | string[] }> };

export default async function Page({ searchParams }: Props) {
  const { forbidden } = await pageContext("runbooks:write");
  if (forbidden) return <AccessDenied permission={forbidden.permission} />;
  const { service, alert } = await searchParams;
  return (
    <RunbookEditor
      prefill={{
        service: typeof service === "string" ? service : undefined,
        alert: typeof alert === "string" ? alert : undefined,
      }}
    />
  );
}
