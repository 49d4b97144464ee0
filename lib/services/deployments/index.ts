// Deployments: progressive deliveries (Argo Rollouts; Flagger next) read from this instance's informer
// caches, and the actions on them. The design both halves share is in DEPLOYMENTS.md; the decisions in
// docs/adr/0014-deployments-live-from-informers.md.
export { runRolloutAction } from "./actions";
export { deliveries } from "./deliveries";
export { getDeploymentMarkers, getRolloutHistory } from "./history";
export { deploymentChanges, rolloutChanges } from "./live";
export { getRolloutMetrics } from "./metrics";
export { getRolloutDetail, listDeployments, type RolloutRef } from "./reads";
export type * from "./model";
