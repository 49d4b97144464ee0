import type { Metadata } from "next";
import { AccessDenied } from "@/components/access-denied";
import { IncidentRoom } from "@/components/incidents/room/incident-room";
import { pageContext } from "@/lib/auth/page-context";
import { can } from "@/lib/auth/permissions";
import { env } from "@/lib/config/env";

type Props = { params: Promise<{ ref: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Incident #${(await params).ref}` };
}

export default async function Page({ params }: Props) {
  const { ctx, forbidden } = await pageContext("incidents:read");
  if (forbidden) return <AccessDenied permission={forbidden.permission} />;
  const { ref } = await params;
  return (
    <IncidentRoom
      incidentRef={ref}
      canWrite={can(ctx.actor!.role, "incidents:write")}
      canActOnDeployments={can(ctx.actor!.role, "deployments:act")}
      myEmail={ctx.actor!.email}
      serviceLabel={env().SERVICE_LABEL}
    />
  );
}
