// Kubernetes events about one object (a rollout, a canary) from the informer cache, as pages show them.
import type { Cluster } from "@/lib/kubernetes/cluster";
import type { KindDescriptor, KubeEvent as RawEvent } from "@/lib/kubernetes/kinds";
import type { KubeEvent } from "./model";

const timeOf = (iso: string | null) => (iso ? Date.parse(iso) || 0 : 0);

/**
 * The events of `kind` about the object `name` in `namespace`, newest first. With its `uid`, events of an
 * earlier object of the same name are left out.
 */
export function cachedObjectEvents(
  cluster: Cluster,
  kind: KindDescriptor<RawEvent>,
  namespace: string,
  name: string,
  uid: string | null,
): KubeEvent[] {
  return cluster
    .list(kind, { namespace })
    .filter(
      (event) =>
        event.involvedObject.name === name &&
        (!uid || !event.involvedObject.uid || event.involvedObject.uid === uid),
    )
    .map((event): KubeEvent => ({
      uid: event.metadata.uid,
      type: event.type === "Warning" ? "Warning" : "Normal",
      reason: event.reason ?? "",
      message: event.message ?? "",
      count: event.count ?? 1,
      firstAt: event.firstTimestamp ?? event.eventTime ?? event.metadata.creationTimestamp ?? null,
      lastAt: event.lastTimestamp ?? event.eventTime ?? event.metadata.creationTimestamp ?? null,
      component: event.reportingComponent || event.source?.component || null,
    }))
    .sort((a, b) => timeOf(b.lastAt) - timeOf(a.lastAt) || (a.uid < b.uid ? -1 : 1));
}
