import { ChevronRight } from "lucide-react";
import { Link } from "@/components/ui/link";
import { Badge } from "@/components/ui/feedback";
import type { DeliverySummary } from "@/lib/services/deployments/model";
import { DeliveryStatusBadge } from "./badges";

export type Fact = [label: string, value: React.ReactNode];

// The top of a rollout's or canary's page, the same for both sources.

/**
 * The facts line at the top of a rollout's or canary's page: its status (and "production"), the facts
 * its source knows, then the service it delivers, linked.
 */
export function DeliveryFacts({
  summary,
  production,
  facts,
  testId,
}: {
  summary: DeliverySummary;
  production: boolean;
  facts: Fact[];
  testId: string;
}) {
  const all: Fact[] = [
    ...facts,
    [
      "Service",
      <Link key="s" href={`/services/${encodeURIComponent(summary.service)}`} className="hover:underline">
        {summary.service}
      </Link>,
    ],
  ];
  return (
    <dl className="mb-4 flex flex-wrap gap-x-6 gap-y-2 text-sm" data-testid={testId}>
      <div>
        <dt className="text-xs text-zinc-500">Status</dt>
        <dd>
          <DeliveryStatusBadge status={summary.status} phase={summary.phase} />
          {production && (
            <span className="ml-1.5">
              <Badge tone="crit">production</Badge>
            </span>
          )}
        </dd>
      </div>
      {all.map(([label, value]) => (
        <div key={label}>
          <dt className="text-xs text-zinc-500">{label}</dt>
          <dd className="tabular-nums">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Deployments › cluster › namespace, each a filtered list, above a rollout's or canary's page. */
export function DeliveryCrumbs({ cluster, namespace }: { cluster: string; namespace: string }) {
  return (
    <nav aria-label="Breadcrumb" className="mb-2 flex items-center gap-1 text-xs text-zinc-500">
      <Link href="/deployments" className="hover:underline">
        Deployments
      </Link>
      <ChevronRight className="size-3" aria-hidden />
      <Link href={`/deployments?cluster=${encodeURIComponent(cluster)}`} className="hover:underline">
        {cluster}
      </Link>
      <ChevronRight className="size-3" aria-hidden />
      <Link
        href={`/deployments?cluster=${encodeURIComponent(cluster)}&namespace=${encodeURIComponent(namespace)}`}
        className="hover:underline"
      >
        {namespace}
      </Link>
    </nav>
  );
}
