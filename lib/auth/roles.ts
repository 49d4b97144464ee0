// Kept free of imports so that the browser bundle, the config parser and the permission table share it.

/** Least to most privileged. */
export const ROLES = ["viewer", "responder", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  viewer: "Reads services, alerts, traces, deployments, incidents and runbooks.",
  responder: "Also runs incidents, edits runbooks, silences and acknowledges alerts.",
  operator: "Also promotes, aborts, retries and rolls back deployments, and edits the service catalog.",
  admin: "Also manages users and settings, and reads the audit log.",
};
