import { RolloutNotFound } from "@/components/deployments/rollout-not-found";

export default function NotFound() {
  return <RolloutNotFound />;
}
