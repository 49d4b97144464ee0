import { describe, expect, it } from "vitest";
import { roleFromClaims } from "./oidc-roles";

const mapping = [
  { claimValue: "sre", role: "operator" as const },
  { claimValue: "oncall", role: "responder" as const },
  { claimValue: "platform-admins", role: "admin" as const },
];

describe("roleFromClaims", () => {
  it("takes the highest mapped role", () => {
    expect(
      roleFromClaims({ groups: ["oncall", "sre"] }, { claim: "groups", mapping, defaultRole: "none" }),
    ).toBe("operator");
  });

  it("reads nested claims and space-separated strings", () => {
    expect(
      roleFromClaims(
        { realm_access: { roles: ["platform-admins"] } },
        { claim: "realm_access.roles", mapping, defaultRole: "none" },
      ),
    ).toBe("admin");
    expect(roleFromClaims({ roles: "x oncall" }, { claim: "roles", mapping, defaultRole: "none" })).toBe(
      "responder",
    );
  });

  it("falls back to the default, or refuses with none", () => {
    expect(
      roleFromClaims({ groups: ["marketing"] }, { claim: "groups", mapping, defaultRole: "viewer" }),
    ).toBe("viewer");
    expect(roleFromClaims({}, { claim: "groups", mapping, defaultRole: "none" })).toBeNull();
  });
});
