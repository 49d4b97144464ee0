import { Skeleton } from "@/components/ui/feedback";
import { RolloutSkeleton } from "@/components/deployments/rollout/rollout-page";

export default function Loading() {
  return (
    <div aria-busy="true" aria-label="Loading the rollout">
      <Skeleton className="mb-2 h-3 w-56" />
      <Skeleton className="mb-5 h-7 w-48" />
      <RolloutSkeleton />
    </div>
  );
}
