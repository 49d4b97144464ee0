// Reads of one Flagger canary for its page, from this instance's caches (the list shares the index with
// the Argo rollouts): the view, the gates' state from PostgreSQL, Flagger's events, who changed the gates.
import { env } from "@/lib/config/env";
import { NotFoundError } from "@/lib/errors";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { cachedCanary, canarySummary, describeCachedCanary } from "./flagger-objects";
import { gateHistory, gateStates, rollbackUnavailable, type CanaryRef } from "./gates";
import type { CanaryDetail } from "./model";
import { clusterStatuses, isProduction, requireDeliveries } from "./reads";
import { deliveryKey } from "./schemas";

/** `GET /api/deployments/flagger/:cluster/:namespace/:name`: everything the canary's page shows. */
export async function getCanaryDetail(ctx: ServiceContext, ref: CanaryRef): Promise<CanaryDetail> {
  authorize(ctx, "deployments:read");
  const index = requireDeliveries();
  const cluster = index.kube.cluster(ref.cluster);
  const canary = cachedCanary(cluster, ref.namespace, ref.name);
  if (!canary) {
    throw new NotFoundError(
      `No Flagger canary "${ref.name}" in namespace "${ref.namespace}" of Kubernetes cluster "${ref.cluster}".`,
    );
  }
  const { view, events } = describeCachedCanary(cluster, canary);
  const [gates, history] = await Promise.all([gateStates(ref, view), gateHistory(ref)]);
  return {
    summary:
      index.get(deliveryKey({ source: "flagger", ...ref })) ??
      canarySummary(ref.cluster, canary, view, env().DEPLOYMENTS_SERVICE_LABEL),
    view,
    gates,
    events,
    history,
    rollbackUnavailable: rollbackUnavailable(ref, view, canary.spec.targetRef.name),
    production: isProduction(ref.namespace),
    cluster: clusterStatuses(index).find((c) => c.name === ref.cluster)!,
    resourceVersion: canary.metadata.resourceVersion ?? "",
  };
}
