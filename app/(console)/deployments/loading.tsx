import { Skeleton } from "@/components/ui/feedback";

export default function Loading() {
  return (
    <div className="space-y-4" aria-busy="true" aria-label="Loading deployments">
      <Skeleton className="h-7 w-48" />
      <Skeleton className="h-4 w-96 max-w-full" />
      <Skeleton className="h-24 w-full" />
      <Skeleton className="h-8 w-full max-w-2xl" />
      <Skeleton className="h-72 w-full" />
    </div>
  );
}
