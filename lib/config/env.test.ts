import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "./env";

describe("parseEnv", () => {
  it("applies defaults to an empty environment", () => {
    const env = parseEnv({});
    expect(env.SESSION_MAX_AGE_HOURS).toBe(12);
    expect(env.OPSDECK_DATA_DIR).toBe(".data");
    expect(env.OIDC_ROLE_MAP).toEqual([]);
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
  });

  it("reports one line per bad variable", () => {
    try {
      parseEnv({ DATABASE_URL: "mysql://x", SESSION_MAX_AGE_HOURS: "-1", OIDC_ROLE_MAP: "ops=boss" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems;
      expect(problems).toHaveLength(3);
      expect(problems.find((p) => p.startsWith("DATABASE_URL"))).toMatch(/postgresql/);
      expect(problems.find((p) => p.startsWith("OIDC_ROLE_MAP"))).toMatch(/ops=boss/);
    }
  });

  it("takes Jaeger's gRPC address as host:port only", () => {
    expect(parseEnv({ JAEGER_GRPC_ADDRESS: "jaeger:16685" })).toMatchObject({
      JAEGER_GRPC_ADDRESS: "jaeger:16685",
      JAEGER_GRPC_TLS: false,
    });
    expect(parseEnv({ JAEGER_GRPC_ADDRESS: "[::1]:16685", JAEGER_GRPC_TLS: "true" })).toMatchObject({
      JAEGER_GRPC_TLS: true,
    });
    for (const wrong of ["http://jaeger:16685", "jaeger", "jaeger:port"])
      expect(() => parseEnv({ JAEGER_GRPC_ADDRESS: wrong })).toThrow(/JAEGER_GRPC_ADDRESS.*host:port/);
  });

  it("requires all three SSO variables together", () => {
    expect(() => parseEnv({ OIDC_ISSUER: "https://sso.example.com" })).toThrow(/OIDC_CLIENT_ID is required/);
  });

  it("requires a session secret and the audit chain key in production", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/NEXTAUTH_SECRET is required in production/);
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/AUDIT_CHAIN_KEY is required in production/);
    expect(() => parseEnv({ AUDIT_CHAIN_KEY: "short" })).toThrow(/AUDIT_CHAIN_KEY must be at least 32/);
  });

  it("takes a migration URL only beside the app's own", () => {
    const owner = "postgresql://opsdeck_owner:pw@db/opsdeck";
    expect(() => parseEnv({ DATABASE_MIGRATION_URL: owner })).toThrow(
      /DATABASE_MIGRATION_URL needs DATABASE_URL/,
    );
    expect(
      parseEnv({ DATABASE_URL: "postgresql://opsdeck_app:pw@db/opsdeck", DATABASE_MIGRATION_URL: owner })
        .DATABASE_MIGRATION_URL,
    ).toBe(owner);
  });

  it("takes trusted origins as origins only", () => {
    expect(
      parseEnv({ TRUSTED_ORIGINS: "https://ops.example.com, http://10.0.0.5:3000/" }).TRUSTED_ORIGINS,
    ).toEqual(["https://ops.example.com", "http://10.0.0.5:3000"]);
    expect(() => parseEnv({ TRUSTED_ORIGINS: "https://ops.example.com/console" })).toThrow(
      /is not an origin/,
    );
    expect(() => parseEnv({ TRUSTED_ORIGINS: "*" })).toThrow(/is not an origin/);
  });

  it("parses the SSO role map", () => {
    expect(parseEnv({ OIDC_ROLE_MAP: "sre=operator, ops-admins=admin" }).OIDC_ROLE_MAP).toEqual([
      { claimValue: "sre", role: "operator" },
      { claimValue: "ops-admins", role: "admin" },
    ]);
  });
});
