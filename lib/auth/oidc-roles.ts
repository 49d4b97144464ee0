// Which role an SSO user gets, from a claim of the ID token (groups or roles, usually). The highest role
// any claim value maps to wins; with no match the configured default applies ("none" refuses sign-in).
import { ROLES, type Role } from "./roles";

export type RoleMapping = { claimValue: string; role: Role }[];

function claimValues(claims: Record<string, unknown>, claim: string): string[] {
  // Dotted paths reach nested claims, e.g. realm_access.roles (Keycloak).
  let value: unknown = claims;
  for (const key of claim.split(".")) {
    value = value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
  }
  if (typeof value === "string") return value.split(/[\s,]+/).filter(Boolean);
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  return [];
}

export function roleFromClaims(
  claims: Record<string, unknown>,
  options: { claim: string; mapping: RoleMapping; defaultRole: Role | "none" },
): Role | null {
  const values = new Set(claimValues(claims, options.claim));
  const matched = options.mapping.filter((m) => values.has(m.claimValue)).map((m) => ROLES.indexOf(m.role));
  if (matched.length) return ROLES[Math.max(...matched)]!;
  return options.defaultRole === "none" ? null : options.defaultRole;
}
