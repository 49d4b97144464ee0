// The one permission table. Services call `can`/`authorize` (lib/services/context.ts); the UI only uses
// it to hide controls a role cannot use, never as the gate.
import { ROLES, type Role } from "./roles";

export const PERMISSIONS = {
  "account:write": "Change one's own password and time preferences",
  "overview:read": "See the overview and service health",
  "services:read": "See services and their metrics",
  "services:write": "Edit the service catalog",
  "promql:query": "Run PromQL in the explorer",
  "alerts:read": "See alerts and silences",
  "silences:write": "Create and expire silences, acknowledge alerts",
  "traces:read": "Search and open traces",
  "deployments:read": "See rollouts and canaries",
  "deployments:act": "Promote, abort, retry and roll back deployments",
  "incidents:read": "See incidents",
  "incidents:write": "Declare and run incidents",
  "runbooks:read": "Read runbooks",
  "runbooks:write": "Write runbooks",
  "users:read": "See users",
  "users:manage": "Invite, disable and change the role of users",
  "settings:manage": "Change settings",
  "audit:read": "Read and export the audit log",
} as const;

export type Permission = keyof typeof PERMISSIONS;

/** What each role adds to the one below it. */
const GRANTS: Record<Role, readonly Permission[]> = {
  viewer: [
    "account:write",
    "overview:read",
    "services:read",
    "alerts:read",
    "traces:read",
    "deployments:read",
    "incidents:read",
    "runbooks:read",
  ],
  responder: ["incidents:write", "runbooks:write", "silences:write"],
  operator: ["deployments:act", "services:write", "promql:query"],
  admin: ["users:read", "users:manage", "settings:manage", "audit:read"],
};

function inherited(role: Role): ReadonlySet<Permission> {
  return new Set(ROLES.slice(0, ROLES.indexOf(role) + 1).flatMap((r) => GRANTS[r]));
}

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  viewer: inherited("viewer"),
  responder: inherited("responder"),
  operator: inherited("operator"),
  admin: inherited("admin"),
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}

/** The least privileged role that holds a permission. */
export function minimumRole(permission: Permission): Role {
  const role = ROLES.find((r) => can(r, permission));
  if (!role) throw new Error(`No role holds ${permission}`);
  return role;
}
