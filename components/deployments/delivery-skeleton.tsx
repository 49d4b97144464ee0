import { Skeleton } from "@/components/ui/feedback";

/** Placeholders of a rollout's or canary's page under its header (facts, actions, panels) while it loads. */
export function RolloutSkeleton() {
  return (
    <div className="space-y-4" aria-busy="true" aria-label="Loading the rollout">
      <div className="flex gap-6">
        {Array.from({ length: 6 }, (_, i) => (
          <Skeleton key={i} className="h-9 w-24" />
        ))}
      </div>
      <Skeleton className="h-12 w-full" />
      <Skeleton className="h-64 w-full" />
      <Skeleton className="h-40 w-full" />
    </div>
  );
}

/** The whole page's placeholders (crumbs, title, then the rest), while its route loads. */
export function DeliveryPageSkeleton({ label }: { label: string }) {
  return (
    <div aria-busy="true" aria-label={label}>
      <Skeleton className="mb-2 h-3 w-56" />
      <Skeleton className="mb-5 h-7 w-48" />
      <RolloutSkeleton />
    </div>
  );
}
