import { CanaryPage } from "@/components/deployments/canary/canary-page";
import { deliveryPageMetadata, renderDeliveryPage, type DeliveryPageProps } from "../../../../delivery-page";

export const generateMetadata = deliveryPageMetadata;

export default async function Page(props: DeliveryPageProps) {
  return renderDeliveryPage(props, (ref, canAct) => <CanaryPage canaryRef={ref} canAct={canAct} />);
}
