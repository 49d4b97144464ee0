import { RolloutPage } from "@/components/deployments/rollout/rollout-page";
import { deliveryPageMetadata, renderDeliveryPage, type DeliveryPageProps } from "../../../../delivery-page";

export const generateMetadata = deliveryPageMetadata;

export default async function Page(props: DeliveryPageProps) {
  return renderDeliveryPage(props, (ref, canAct) => <RolloutPage rolloutRef={ref} canAct={canAct} />);
}
