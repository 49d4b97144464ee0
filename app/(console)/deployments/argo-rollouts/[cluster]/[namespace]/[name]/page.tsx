import type { Metadata } from "next";
import { AccessDenied } from "@/components/access-denied";
import { RolloutPage } from "@/components/deployments/rollout/rollout-page";
import { pageContext } from "@/lib/auth/page-context";
import { can } from "@/lib/auth/permissions";
import { deliveryPageRef, validDeliveryPageRef, type DeliveryPageParams } from "../../../../page-ref";

type Props = { params: DeliveryPageParams };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const ref = await deliveryPageRef(params);
  return { title: `${ref.name} (${ref.namespace})` };
}

export default async function Page({ params }: Props) {
  const { ctx, forbidden } = await pageContext("deployments:read");
  if (forbidden) return <AccessDenied permission={forbidden.permission} />;
  const ref = await validDeliveryPageRef(params);
  return <RolloutPage rolloutRef={ref} canAct={can(ctx.actor!.role, "deployments:act")} />;
}
