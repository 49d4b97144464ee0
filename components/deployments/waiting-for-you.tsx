"use client";

import { Hand } from "lucide-react";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import type { DeliverySummary } from "@/lib/services/deployments/model";
import { DeliveryStatusBadge } from "./badges";
import { deliveryHref, formatElapsed } from "./format";
import { useNow } from "./use-now";

/**
 * Rollouts a person must act on (paused for a manual promotion, an inconclusive analysis, a closed gate),
 * oldest first across clusters and namespaces, with how long each has waited.
 */
export function WaitingForYou({ waiting }: { waiting: DeliverySummary[] }) {
  const now = useNow(15_000);
  return (
    <section aria-labelledby="waiting-heading" className="mb-6" data-testid="waiting-for-you">
      <h2 id="waiting-heading" className="mb-2 flex items-center gap-2 text-sm font-semibold">
        <Hand className="size-4 text-amber-600 dark:text-amber-400" aria-hidden />
        Waiting for you
        <span className="rounded-full bg-zinc-200 px-1.5 text-xs tabular-nums dark:bg-zinc-800">
          {waiting.length}
        </span>
      </h2>
      {waiting.length === 0 ? (
        <p className="text-sm text-zinc-500">
          No rollout waits for a person: none is paused for a manual promotion or an inconclusive analysis.
        </p>
      ) : (
        <Card className="border-amber-300 dark:border-amber-900">
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {waiting.map((delivery) => (
              <li
                key={delivery.key}
                className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 text-sm"
                data-testid={`waiting-${delivery.namespace}-${delivery.name}`}
              >
                <Link href={deliveryHref(delivery)} className="font-medium hover:underline">
                  {delivery.name}
                </Link>
                <span className="text-xs text-zinc-500">
                  {delivery.cluster} / {delivery.namespace}
                </span>
                <DeliveryStatusBadge status={delivery.status} />
                <span className="min-w-0 flex-1 text-zinc-700 dark:text-zinc-300">
                  {delivery.waiting?.message ?? delivery.message}
                </span>
                {delivery.waiting?.since && (
                  <span
                    className="text-xs whitespace-nowrap text-amber-700 tabular-nums dark:text-amber-400"
                    title={delivery.waiting.since}
                  >
                    waiting {formatElapsed(delivery.waiting.since, now)}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </Card>
      )}
    </section>
  );
}
