import { Skeleton } from "@/components/ui/feedback";

/**
 * What a console page shows while it loads (each segment's `loading.tsx`). There is no such boundary
 * around the whole console: an open trace renders in the page's first paint when it is quick, and a
 * boundary above it would hold its rows back (ADR 0017).
 */
export function PageSkeleton() {
  return (
    <div className="space-y-4" aria-busy="true" aria-label="Loading">
      <Skeleton className="h-7 w-48" />
      <Skeleton className="h-4 w-96 max-w-full" />
      <Skeleton className="h-64 w-full" />
    </div>
  );
}
