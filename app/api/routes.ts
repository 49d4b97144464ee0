// Every route module under app/api, by the path its folder gives it. The API description
// (/api/openapi.json, lib/http/openapi.ts) is built from the declarations their handlers carry, and the
// type below makes each exported handler carry one. app/api/routes.test.ts fails for a route file on disk
// that is missing here: a new route adds one import and one line.
import type { RouteModule } from "@/lib/http/operation";
import * as unknownPath from "./[...path]/route";
import * as account from "./account/route";
import * as accountPassword from "./account/password/route";
import * as accountPreferences from "./account/preferences/route";
import * as alerts from "./alerts/route";
import * as alertsAck from "./alerts/ack/route";
import * as alertsRules from "./alerts/rules/route";
import * as audit from "./audit/route";
import * as auditActions from "./audit/actions/route";
import * as auditExport from "./audit/export/route";
import * as auditVerify from "./audit/verify/route";
import * as nextAuth from "./auth/[...nextauth]/route";
import * as connections from "./connections/route";
import * as connectionsIdTest from "./connections/[id]/test/route";
import * as deliveries from "./deliveries/route";
import * as deployments from "./deployments/route";
import * as deploymentsRollout from "./deployments/argo-rollouts/[cluster]/[namespace]/[name]/route";
import * as deploymentsRolloutActions from "./deployments/argo-rollouts/[cluster]/[namespace]/[name]/actions/route";
import * as deploymentsRolloutEvents from "./deployments/argo-rollouts/[cluster]/[namespace]/[name]/events/route";
import * as deploymentsRolloutHistory from "./deployments/argo-rollouts/[cluster]/[namespace]/[name]/history/route";
import * as deploymentsRolloutMetrics from "./deployments/argo-rollouts/[cluster]/[namespace]/[name]/metrics/route";
import * as deploymentsCanary from "./deployments/flagger/[cluster]/[namespace]/[name]/route";
import * as deploymentsCanaryEvents from "./deployments/flagger/[cluster]/[namespace]/[name]/events/route";
import * as deploymentsCanaryGates from "./deployments/flagger/[cluster]/[namespace]/[name]/gates/route";
import * as deploymentsEvents from "./deployments/events/route";
import * as deploymentsMarkers from "./deployments/markers/route";
import * as healthz from "./healthz/route";
import * as incidents from "./incidents/route";
import * as incidentsRef from "./incidents/[ref]/route";
import * as incidentsRefAttachments from "./incidents/[ref]/attachments/route";
import * as incidentsRefChecklistSteps from "./incidents/[ref]/checklist-steps/route";
import * as incidentsRefChecklists from "./incidents/[ref]/checklists/route";
import * as incidentsRefEvents from "./incidents/[ref]/events/route";
import * as incidentsRefKeyEvents from "./incidents/[ref]/key-events/route";
import * as incidentsRefMerge from "./incidents/[ref]/merge/route";
import * as incidentsRefNotes from "./incidents/[ref]/notes/route";
import * as incidentsRefSplit from "./incidents/[ref]/split/route";
import * as incidentsRefPostmortem from "./incidents/[ref]/postmortem/route";
import * as incidentsRefRoles from "./incidents/[ref]/roles/route";
import * as incidentsMetrics from "./incidents/metrics/route";
import * as incidentsPrefill from "./incidents/prefill/route";
import * as invitationsAccept from "./invitations/accept/route";
import * as me from "./me/route";
import * as metrics from "./metrics/route";
import * as openapiJson from "./openapi.json/route";
import * as overview from "./overview/route";
import * as overviewSparklines from "./overview/sparklines/route";
import * as promql from "./promql/route";
import * as readyz from "./readyz/route";
import * as runbooks from "./runbooks/route";
import * as runbooksId from "./runbooks/[id]/route";
import * as runbooksIdDiff from "./runbooks/[id]/diff/route";
import * as runbooksIdRestore from "./runbooks/[id]/restore/route";
import * as search from "./search/route";
import * as services from "./services/route";
import * as servicesName from "./services/[name]/route";
import * as silences from "./silences/route";
import * as silencesId from "./silences/[id]/route";
import * as traces from "./traces/route";
import * as tracesTraceId from "./traces/[traceId]/route";
import * as tracesTraceIdDetails from "./traces/[traceId]/details/route";
import * as tracesCompare from "./traces/compare/route";
import * as tracesDependencies from "./traces/dependencies/route";
import * as tracesOperations from "./traces/operations/route";
import * as tracesServices from "./traces/services/route";
import * as users from "./users/route";
import * as usersId from "./users/[id]/route";
import * as usersIdPasswordLink from "./users/[id]/password-link/route";
import * as webhooksAlertmanager from "./webhooks/alertmanager/route";
import * as webhooksFlagger from "./webhooks/flagger/[token]/[gate]/route";

export const API_ROUTES = {
  "/api/[...path]": unknownPath,
  "/api/account": account,
  "/api/account/password": accountPassword,
  "/api/account/preferences": accountPreferences,
  "/api/alerts": alerts,
  "/api/alerts/ack": alertsAck,
  "/api/alerts/rules": alertsRules,
  "/api/audit": audit,
  "/api/audit/actions": auditActions,
  "/api/audit/export": auditExport,
  "/api/audit/verify": auditVerify,
  "/api/auth/[...nextauth]": nextAuth,
  "/api/connections": connections,
  "/api/connections/[id]/test": connectionsIdTest,
  "/api/deliveries": deliveries,
  "/api/deployments": deployments,
  "/api/deployments/argo-rollouts/[cluster]/[namespace]/[name]": deploymentsRollout,
  "/api/deployments/argo-rollouts/[cluster]/[namespace]/[name]/actions": deploymentsRolloutActions,
  "/api/deployments/argo-rollouts/[cluster]/[namespace]/[name]/events": deploymentsRolloutEvents,
  "/api/deployments/argo-rollouts/[cluster]/[namespace]/[name]/history": deploymentsRolloutHistory,
  "/api/deployments/argo-rollouts/[cluster]/[namespace]/[name]/metrics": deploymentsRolloutMetrics,
  "/api/deployments/flagger/[cluster]/[namespace]/[name]": deploymentsCanary,
  "/api/deployments/flagger/[cluster]/[namespace]/[name]/events": deploymentsCanaryEvents,
  "/api/deployments/flagger/[cluster]/[namespace]/[name]/gates": deploymentsCanaryGates,
  "/api/deployments/events": deploymentsEvents,
  "/api/deployments/markers": deploymentsMarkers,
  "/api/healthz": healthz,
  "/api/incidents": incidents,
  "/api/incidents/[ref]": incidentsRef,
  "/api/incidents/[ref]/attachments": incidentsRefAttachments,
  "/api/incidents/[ref]/checklist-steps": incidentsRefChecklistSteps,
  "/api/incidents/[ref]/checklists": incidentsRefChecklists,
  "/api/incidents/[ref]/events": incidentsRefEvents,
  "/api/incidents/[ref]/key-events": incidentsRefKeyEvents,
  "/api/incidents/[ref]/merge": incidentsRefMerge,
  "/api/incidents/[ref]/notes": incidentsRefNotes,
  "/api/incidents/[ref]/split": incidentsRefSplit,
  "/api/incidents/[ref]/postmortem": incidentsRefPostmortem,
  "/api/incidents/[ref]/roles": incidentsRefRoles,
  "/api/incidents/metrics": incidentsMetrics,
  "/api/incidents/prefill": incidentsPrefill,
  "/api/invitations/accept": invitationsAccept,
  "/api/me": me,
  "/api/metrics": metrics,
  "/api/openapi.json": openapiJson,
  "/api/overview": overview,
  "/api/overview/sparklines": overviewSparklines,
  "/api/promql": promql,
  "/api/readyz": readyz,
  "/api/runbooks": runbooks,
  "/api/runbooks/[id]": runbooksId,
  "/api/runbooks/[id]/diff": runbooksIdDiff,
  "/api/runbooks/[id]/restore": runbooksIdRestore,
  "/api/search": search,
  "/api/services": services,
  "/api/services/[name]": servicesName,
  "/api/silences": silences,
  "/api/silences/[id]": silencesId,
  "/api/traces": traces,
  "/api/traces/[traceId]": tracesTraceId,
  "/api/traces/[traceId]/details": tracesTraceIdDetails,
  "/api/traces/compare": tracesCompare,
  "/api/traces/dependencies": tracesDependencies,
  "/api/traces/operations": tracesOperations,
  "/api/traces/services": tracesServices,
  "/api/users": users,
  "/api/users/[id]": usersId,
  "/api/users/[id]/password-link": usersIdPasswordLink,
  "/api/webhooks/alertmanager": webhooksAlertmanager,
  "/api/webhooks/flagger/[token]/[gate]": webhooksFlagger,
} satisfies Record<string, RouteModule>;
