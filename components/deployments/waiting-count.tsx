"use client";

import { useDeploymentsQuery } from "@/lib/client/deployments";
import { useHydrated } from "@/lib/client/hydration";
import { IN_PROGRESS_STATUSES } from "./format";

/**
 * How many rollouts wait for a person, as a badge for the navigation; nothing when none does. It reads
 * the rollouts in progress (a few, and the same query as the Overview's badges), not the whole list.
 */
export function WaitingCount() {
  const rollouts = useDeploymentsQuery({ status: IN_PROGRESS_STATUSES }, { refetchInterval: 30_000 });
  // The Overview reads the same query: should the sidebar hydrate after it (as it did inside a Suspense
  // boundary), the count must still render as the server did; see useHydrated.
  const hydrated = useHydrated();
  const count = rollouts.data?.waiting.length ?? 0;
  if (!hydrated || count === 0) return null;
  return (
    <span
      className="ml-auto rounded-full bg-amber-500 px-1.5 text-xs font-semibold text-white tabular-nums dark:bg-amber-600"
      data-testid="waiting-count"
    >
      {count}
      <span className="sr-only"> {count === 1 ? "rollout waits" : "rollouts wait"} for you</span>
    </span>
  );
}
