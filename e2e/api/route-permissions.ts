// What every API route and method requires. The role-matrix test discovers routes from app/api on disk
// and fails for any route or method missing here, so a new route cannot ship unclassified.
import type { Permission } from "@/lib/auth/permissions";

/** "token": authenticated by a configured bearer token, not a session (webhooks): anonymous and sessions get 401. */
export type Requirement = Permission | "public" | "authenticated" | "token";

export const ROUTE_REQUIREMENTS: Record<string, Requirement> = {
  "GET /api/healthz": "public",
  "GET /api/readyz": "public",
  "GET /api/metrics": "public",
  "GET /api/auth/[...nextauth]": "public",
  "POST /api/auth/[...nextauth]": "public",
  // The JSON 404 for unknown API paths.
  "GET /api/[...path]": "public",
  "POST /api/[...path]": "public",
  "PUT /api/[...path]": "public",
  "PATCH /api/[...path]": "public",
  "DELETE /api/[...path]": "public",
  // The one-time token in the body is the credential.
  "POST /api/invitations/accept": "public",
  "GET /api/me": "authenticated",
  "GET /api/users": "users:read",
  "POST /api/users": "users:manage",
  "PATCH /api/users/[id]": "users:manage",
  "POST /api/users/[id]/password-link": "users:manage",
  "GET /api/audit": "audit:read",
  "GET /api/audit/actions": "audit:read",
  "GET /api/audit/export": "audit:read",
  "GET /api/audit/verify": "audit:read",
  "GET /api/overview": "overview:read",
  "GET /api/overview/sparklines": "overview:read",
  "GET /api/services": "services:read",
  "GET /api/services/[name]": "services:read",
  "PATCH /api/services/[name]": "services:write",
  "GET /api/promql": "promql:query",
  "GET /api/alerts": "alerts:read",
  "GET /api/traces": "traces:read",
  "GET /api/traces/services": "traces:read",
  "GET /api/traces/operations": "traces:read",
  "GET /api/traces/[traceId]": "traces:read",
  "GET /api/traces/[traceId]/details": "traces:read",
  "GET /api/traces/compare": "traces:read",
  "GET /api/traces/dependencies": "traces:read",
  "POST /api/alerts/ack": "silences:write",
  "GET /api/alerts/rules": "alerts:read",
  "GET /api/silences": "alerts:read",
  "POST /api/silences": "silences:write",
  "DELETE /api/silences/[id]": "silences:write",
  "GET /api/incidents": "incidents:read",
  "POST /api/incidents": "incidents:write",
  "GET /api/incidents/[ref]": "incidents:read",
  "PATCH /api/incidents/[ref]": "incidents:write",
  "POST /api/incidents/[ref]/roles": "incidents:write",
  "POST /api/incidents/[ref]/notes": "incidents:write",
  "POST /api/incidents/[ref]/key-events": "incidents:write",
  "POST /api/incidents/[ref]/attachments": "incidents:write",
  "POST /api/incidents/[ref]/checklists": "incidents:write",
  "POST /api/incidents/[ref]/checklist-steps": "incidents:write",
  "POST /api/incidents/[ref]/merge": "incidents:write",
  "POST /api/incidents/[ref]/split": "incidents:write",
  "GET /api/incidents/[ref]/postmortem": "incidents:read",
  "GET /api/incidents/[ref]/events": "incidents:read",
  "GET /api/incidents/metrics": "incidents:read",
  "GET /api/incidents/prefill": "incidents:read",
  "GET /api/runbooks": "runbooks:read",
  "POST /api/runbooks": "runbooks:write",
  "GET /api/runbooks/[id]": "runbooks:read",
  "PUT /api/runbooks/[id]": "runbooks:write",
  "POST /api/runbooks/[id]/restore": "runbooks:write",
  "GET /api/runbooks/[id]/diff": "runbooks:read",
  "GET /api/search": "incidents:read",
  "GET /api/deliveries": "settings:manage",
  "GET /api/deployments": "deployments:read",
  "GET /api/deployments/events": "deployments:read",
  "GET /api/deployments/markers": "deployments:read",
  "GET /api/deployments/argo-rollouts/[cluster]/[namespace]/[name]": "deployments:read",
  "GET /api/deployments/argo-rollouts/[cluster]/[namespace]/[name]/history": "deployments:read",
  "GET /api/deployments/argo-rollouts/[cluster]/[namespace]/[name]/metrics": "deployments:read",
  "GET /api/deployments/argo-rollouts/[cluster]/[namespace]/[name]/events": "deployments:read",
  "POST /api/deployments/argo-rollouts/[cluster]/[namespace]/[name]/actions": "deployments:act",
  "POST /api/webhooks/alertmanager": "token",
};

/**
 * Server-sent event streams: once let in, they stay open, so the matrix reads only their status line
 * (a refusal answers at once with its status).
 */
export const EVENT_STREAMS = new Set([
  "/api/incidents/[ref]/events",
  "/api/deployments/events",
  "/api/deployments/argo-rollouts/[cluster]/[namespace]/[name]/events",
]);
