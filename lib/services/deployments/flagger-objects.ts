// Flagger objects as the deployments service reads them from the informer caches: Canaries parsed with
// lib/flagger's schema, their events, the view (describeCanary) and the list's summary of one.
import { describeCanary, type CanaryEvent, type CanaryView } from "@/lib/flagger/describe";
import { canarySchema, type Canary } from "@/lib/flagger/schemas";
import type { Cluster } from "@/lib/kubernetes/cluster";
import { CANARIES, CANARY_EVENTS, type GenericObject } from "@/lib/kubernetes/kinds";
import { logger } from "@/lib/observability/logger";
import type { DeliveryRef, DeliverySummary, KubeEvent } from "./model";
import { cachedObjectEvents } from "./object-events";
import { deliveryKey } from "./schemas";
import { serviceFromLabels } from "./summary";

const reported = new Set<string>();

/** A cached Canary parsed with Flagger's schema; null (logged once per version) when it does not fit. */
export function parseCanary(object: GenericObject): Canary | null {
  const parsed = canarySchema.safeParse(object);
  if (parsed.success) return parsed.data;
  const key = `${object.metadata.namespace}/${object.metadata.name}@${object.metadata.resourceVersion}`;
  if (!reported.has(key)) {
    reported.add(key);
    if (reported.size > 10_000) reported.clear();
    logger.warn(
      { kind: "Canary", namespace: object.metadata.namespace, name: object.metadata.name },
      "deployments: a Canary does not fit Flagger's schema; left out",
    );
  }
  return null;
}

export function cachedCanary(cluster: Cluster, namespace: string, name: string): Canary | null {
  const object = cluster.get(CANARIES, namespace, name);
  return object ? parseCanary(object) : null;
}

export const cachedCanaries = (cluster: Cluster, namespace?: string): GenericObject[] =>
  cluster.list(CANARIES, namespace === undefined ? {} : { namespace });

/** Flagger's events about a canary, newest first. */
export function cachedCanaryEvents(cluster: Cluster, namespace: string, canary: Canary): KubeEvent[] {
  return cachedObjectEvents(
    cluster,
    CANARY_EVENTS,
    namespace,
    canary.metadata.name,
    canary.metadata.uid ?? null,
  );
}

export const asCanaryEvents = (events: KubeEvent[]): CanaryEvent[] =>
  events.map(({ type, message, firstAt, lastAt, count }) => ({ type, message, firstAt, lastAt, count }));

export function describeCachedCanary(
  cluster: Cluster,
  canary: Canary,
): { view: CanaryView; events: KubeEvent[] } {
  const events = cachedCanaryEvents(cluster, canary.metadata.namespace ?? "", canary);
  return { view: describeCanary(canary, asCanaryEvents(events)), events };
}

export function flaggerRef(cluster: string, canary: Pick<Canary, "metadata">): DeliveryRef {
  return {
    source: "flagger",
    cluster,
    namespace: canary.metadata.namespace ?? "",
    name: canary.metadata.name,
  };
}

/** The service: the configured label, then `app`, on the Canary; else the Deployment it targets. */
export const canaryService = (canary: Canary, serviceLabel: string): string =>
  serviceFromLabels([canary.metadata.labels], serviceLabel) ?? canary.spec.targetRef.name;

/** The list's row of a canary, from its view. */
export function canarySummary(
  cluster: string,
  canary: Canary,
  view: CanaryView,
  serviceLabel: string,
): DeliverySummary {
  const ref = flaggerRef(cluster, canary);
  const { primary, canary: candidate } = view.revisions;
  const underWay = !["Initializing", "Initialized", "Succeeded"].includes(view.phase);
  return {
    ...ref,
    key: deliveryKey(ref),
    service: canaryService(canary, serviceLabel),
    status: view.status,
    phase: view.phase,
    message: view.message,
    strategy: view.strategy,
    progress: view.iterations
      ? {
          current: view.iterations.current,
          total: view.iterations.total,
          label: `iteration ${view.iterations.current} of ${view.iterations.total}`,
        }
      : null,
    weight: view.weight ? { set: view.weight.current, actual: view.weight.current } : null,
    revisions: [
      ...(primary ? [{ role: "primary" as const, revision: primary, images: [] }] : []),
      ...(candidate && candidate !== primary && underWay
        ? [{ role: "canary" as const, revision: candidate, images: [] }]
        : []),
    ],
    // A Canary's status counts no replicas (they are its Deployments'): Opsdeck does not watch those.
    replicas: { ready: 0, desired: 0 },
    lastChangeAt: view.lastTransitionAt,
    waiting: view.waiting
      ? {
          reason: view.waiting.gate === "confirm-rollout" ? "ConfirmRollout" : "ConfirmPromotion",
          since: view.waiting.since,
          message: view.waiting.message,
        }
      : null,
    generationObserved: true,
  };
}
