"use client";

import { Banner } from "@/components/ui/feedback";
import { formatAge } from "@/lib/format";
import type { ClusterStatus } from "@/lib/services/deployments/model";
import { useNow } from "./use-now";

/**
 * Names each cluster whose API server stopped answering, with the age of the data shown instead (the
 * informers keep the last good objects and resume by themselves). Nothing when every cluster is in sync.
 */
export function ClusterBanners({ clusters }: { clusters: ClusterStatus[] }) {
  const now = useNow(5_000);
  const troubled = clusters.filter((cluster) => cluster.source.state !== "ok");
  if (troubled.length === 0) return null;
  return (
    <div className="mb-4 space-y-2" data-testid="cluster-banners">
      {troubled.map(({ name, source }) => {
        switch (source.state) {
          case "stale":
            return (
              <Banner
                key={name}
                tone="warn"
                title={`Cluster ${name} is not answering. Showing its data from ${formatAge(source.asOf, now)}.`}
              >
                {source.message} Opsdeck keeps watching and updates this page by itself when it is back.
              </Banner>
            );
          case "unavailable":
            return (
              <Banner key={name} title={`Cluster ${name} cannot be reached, and there is no earlier data.`}>
                {source.message} Opsdeck keeps trying.
              </Banner>
            );
          case "not_configured":
            return (
              <Banner key={name} tone="info" title={`Cluster ${name} is not set up.`}>
                {source.message}
              </Banner>
            );
        }
      })}
    </div>
  );
}
