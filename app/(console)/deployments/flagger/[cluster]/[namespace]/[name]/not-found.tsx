import { RolloutNotFound } from "@/components/deployments/delivery-not-found";

export default function NotFound() {
  return <RolloutNotFound />;
}
