// What every API route and method requires. The role-matrix test discovers routes from app/api on disk
// and fails for any route or method missing here, so a new route cannot ship unclassified.
import type { Permission } from "@/lib/auth/permissions";

export type Requirement = Permission | "public" | "authenticated";

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
  "POST /api/alerts/ack": "silences:write",
  "GET /api/alerts/rules": "alerts:read",
  "GET /api/silences": "alerts:read",
  "POST /api/silences": "silences:write",
  "DELETE /api/silences/[id]": "silences:write",
};
