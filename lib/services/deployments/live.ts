// Live Deployments pages (ADR 0014): the index's changes as sources for the event streams of
// /api/deployments/events (the list, with its filters) and of one rollout's page. A burst of changes (the
// controller writes a rollout, its ReplicaSets and runs together) becomes one `changed` per 200 ms; the
// browser then refetches through the normal API. A cluster back in sync after being stale says `resync`
// (lib/http/sse.ts): the page refetches everything it shows, whatever it read during the gap.
import { NotFoundError } from "@/lib/errors";
import type { ChangeSource } from "@/lib/http/sse";
import { stillAuthorized } from "@/lib/services/auth/sign-in";
import { authorize, parseInput, type ServiceContext } from "@/lib/services/context";
import { deliveries, type DeliveryChange } from "./deliveries";
import { compileFilters } from "./query";
import type { DeliverySource } from "./model";
import type { RolloutRef } from "./reads";
import { deliveryKey, listQuery, rolloutRef } from "./schemas";

export const COALESCE_MS = 200;

/** Calls `fire` once, `ms` after the first of a run of calls; `cancel` drops a pending call. */
export function coalesce(fire: () => void, ms = COALESCE_MS): { call: () => void; cancel: () => void } {
  let timer: NodeJS.Timeout | null = null;
  return {
    call() {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        fire();
      }, ms);
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}

function sourceOf(
  ctx: ServiceContext,
  id: string,
  concerns: (change: DeliveryChange) => boolean,
): ChangeSource {
  return {
    id,
    stillAllowed: () => stillAuthorized(ctx, "deployments:read"),
    async subscribe(onChange, onResync) {
      const index = deliveries();
      // Without Kubernetes nothing changes; the stream stays open and quiet (the page says what to set).
      if (!index) return () => undefined;
      const pending = coalesce(onChange);
      const unsubscribe = index.subscribe((change) => {
        if (!concerns(change)) return;
        if (change.kind === "cluster" && change.resumed) onResync();
        else pending.call();
      });
      return () => {
        unsubscribe();
        pending.cancel();
      };
    },
  };
}

/** The list's stream: summaries passing the filters changed (or stopped or started passing), or a cluster's state. */
export function deploymentChanges(ctx: ServiceContext, raw: unknown): ChangeSource {
  authorize(ctx, "deployments:read");
  const { sort: _sort, order: _order, ...filters } = parseInput(listQuery, raw);
  const passes = compileFilters(filters) ?? (() => true);
  return sourceOf(ctx, "deployments", (change) => {
    if (change.kind === "cluster") return true;
    if (!change.summaryChanged) return false;
    return [change.before, change.after].some((summary) => summary && passes(summary));
  });
}

/**
 * One delivery's stream: anything about it (a rollout's status, ReplicaSets, runs, events; a canary's
 * status and events) or its cluster's state. A canary's gates change in PostgreSQL: the page refetches
 * after its own changes, and Flagger's next call moves the canary, which this stream hears.
 */
export function rolloutChanges(
  ctx: ServiceContext,
  ref: RolloutRef,
  source: DeliverySource = "argo-rollouts",
): ChangeSource {
  authorize(ctx, "deployments:read");
  parseInput(rolloutRef, ref);
  const index = deliveries();
  if (index && !index.kube.names().includes(ref.cluster)) {
    throw new NotFoundError(`No Kubernetes cluster named "${ref.cluster}" is configured.`);
  }
  const key = deliveryKey({ source, ...ref });
  return sourceOf(ctx, key, (change) =>
    change.kind === "cluster" ? change.cluster === ref.cluster : change.key === key,
  );
}
