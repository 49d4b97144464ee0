import { describe, expect, it } from "vitest";
import { can, minimumRole, PERMISSIONS, ROLE_PERMISSIONS, type Permission } from "./permissions";
import { ROLES } from "./roles";

describe("permission table", () => {
  it("gives each role everything the role below it has", () => {
    for (let i = 1; i < ROLES.length; i++) {
      const lower = ROLE_PERMISSIONS[ROLES[i - 1]!];
      const higher = ROLE_PERMISSIONS[ROLES[i]!];
      for (const permission of lower)
        expect(higher.has(permission), `${ROLES[i]} lacks ${permission}`).toBe(true);
      expect(higher.size).toBeGreaterThan(lower.size);
    }
  });

  it("grants every permission to some role", () => {
    for (const permission of Object.keys(PERMISSIONS) as Permission[])
      expect(() => minimumRole(permission)).not.toThrow();
  });

  it("matches the roles of the product brief", () => {
    // viewer: reads everything but the audit log and admin
    expect(can("viewer", "incidents:read")).toBe(true);
    expect(can("viewer", "audit:read")).toBe(false);
    expect(can("viewer", "users:read")).toBe(false);
    expect(can("viewer", "silences:write")).toBe(false);
    // responder: incidents, runbooks, silences and acks
    expect(can("responder", "incidents:write")).toBe(true);
    expect(can("responder", "silences:write")).toBe(true);
    expect(can("responder", "deployments:act")).toBe(false);
    // operator: also deployment actions
    expect(can("operator", "deployments:act")).toBe(true);
    expect(can("operator", "users:manage")).toBe(false);
    // admin: users, settings, audit log
    expect(can("admin", "users:manage")).toBe(true);
    expect(can("admin", "audit:read")).toBe(true);
    expect(minimumRole("audit:read")).toBe("admin");
    expect(minimumRole("deployments:act")).toBe("operator");
  });
});
