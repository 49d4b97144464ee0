import { DeliveryPageSkeleton } from "@/components/deployments/delivery-skeleton";

export default function Loading() {
  return <DeliveryPageSkeleton label="Loading the rollout" />;
}
