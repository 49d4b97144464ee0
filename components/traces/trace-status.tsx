// What the trace page shows before its trace, or instead of it: drawn by the server while Jaeger answers
// or when it failed, and by the browser when its own fetch of the trace fails.
import { Search } from "lucide-react";
import { Link } from "@/components/ui/link";
import { Banner, EmptyState, Skeleton } from "@/components/ui/feedback";
import { PageHeader } from "@/components/ui/page-header";

export function TraceSkeleton() {
  return (
    <div aria-label="Loading the trace" className="space-y-3">
      <Skeleton className="h-8 w-96" />
      <Skeleton className="h-16 w-full" />
      {Array.from({ length: 12 }, (_, i) => (
        <Skeleton key={i} className="h-6 w-full" />
      ))}
    </div>
  );
}

export function TraceSearchSkeleton() {
  return (
    <div aria-label="Loading the search" className="space-y-3">
      <Skeleton className="h-8 w-64" />
      <Skeleton className="h-20 w-full" />
      <Skeleton className="h-48 w-full" />
      {Array.from({ length: 6 }, (_, i) => (
        <Skeleton key={i} className="h-10 w-full" />
      ))}
    </div>
  );
}

/** `status` is the HTTP status of the failure: 404 and 422 are the caller's to fix, the rest the upstream's. */
export function TraceLoadError({
  traceId,
  status,
  message,
}: {
  traceId: string;
  status: number;
  message: string;
}) {
  const invalid = status === 422;
  return (
    <>
      <PageHeader title="Trace" description={traceId.slice(0, 64)} />
      {status === 404 || invalid ? (
        <EmptyState
          icon={<Search className="size-8" />}
          title={invalid ? "That is not a trace id" : "Jaeger has no such trace"}
        >
          {invalid
            ? "A trace id is up to 32 hexadecimal digits."
            : "It may have expired from Jaeger's storage, or not have arrived yet. Search for recent traces instead."}{" "}
          <Link href="/traces" className="text-sky-700 underline dark:text-sky-400">
            Search traces
          </Link>
        </EmptyState>
      ) : (
        <Banner title="The trace could not be loaded.">{message}</Banner>
      )}
    </>
  );
}
