import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db/client";
import { RateLimitedError } from "@/lib/errors";
import { anonymousContext } from "@/lib/services/context";
import { uniqueEmail } from "@/tests/support/db";
import {
  AccountDisabledError,
  InvalidCredentialsError,
  resolveSession,
  signInWithOidc,
  signInWithPassword,
  signOut,
  SsoRefusedError,
} from "./sign-in";

const PASSWORD = "correct horse battery staple";

async function userWithPassword(status: "active" | "disabled" = "active") {
  return db().user.create({
    data: {
      email: uniqueEmail("signin"),
      role: "responder",
      status,
      passwordHash: await hashPassword(PASSWORD),
    },
  });
}

function fromIp(ip: string) {
  return anonymousContext({ requestId: randomUUID(), ip, userAgent: "vitest" });
}

describe("password sign-in", () => {
  it("creates a revocable session and audits it", async () => {
    const user = await userWithPassword();
    const ctx = fromIp("10.0.0.1");
    const signedIn = await signInWithPassword(ctx, { email: user.email.toUpperCase(), password: PASSWORD });
    expect(signedIn.userId).toBe(user.id);
    const actor = await resolveSession(signedIn.sessionId);
    expect(actor).toMatchObject({ userId: user.id, role: "responder", authMethod: "credentials" });

    await signOut(fromIp("10.0.0.1"), signedIn.sessionId);
    expect(await resolveSession(signedIn.sessionId)).toBeNull();
    const actions = await db().auditEntry.findMany({ where: { actorId: user.id }, orderBy: { seq: "asc" } });
    expect(actions.map((a) => `${a.action}:${a.result}`)).toEqual([
      "auth.sign_in:success",
      "auth.sign_out:success",
    ]);
  });

  it("gives the same answer for a wrong password and an unknown email", async () => {
    const user = await userWithPassword();
    const wrong = await signInWithPassword(fromIp("10.0.0.2"), { email: user.email, password: "nope" }).catch(
      (e: Error) => e,
    );
    const unknown = await signInWithPassword(fromIp("10.0.0.2"), {
      email: uniqueEmail("ghost"),
      password: "nope",
    }).catch((e: Error) => e);
    expect(wrong).toBeInstanceOf(InvalidCredentialsError);
    expect(unknown).toBeInstanceOf(InvalidCredentialsError);
    expect((wrong as Error).message).toBe((unknown as Error).message);
  });

  it("slows down only the account and address that failed, so the owner still signs in from elsewhere", async () => {
    const user = await userWithPassword();
    const guesser = fromIp("10.1.0.1");
    for (let failure = 1; failure <= 3; failure++) {
      await expect(
        signInWithPassword(guesser, { email: user.email, password: "wrong" }),
      ).rejects.toBeInstanceOf(InvalidCredentialsError);
      // The next attempt from there waits 1 s, 2 s, 4 s …, the right password included.
      const waiting = (await signInWithPassword(guesser, { email: user.email, password: PASSWORD }).catch(
        (e: Error) => e,
      )) as RateLimitedError;
      expect(waiting).toBeInstanceOf(RateLimitedError);
      expect(waiting.retryAfterSeconds).toBe(2 ** (failure - 1));
      expect(waiting.message).toBe(
        `Too many failed sign-in attempts for this account from your address. Try again in ${2 ** (failure - 1)} second${failure === 1 ? "" : "s"}.`,
      );
      if (failure < 3) await new Promise((r) => setTimeout(r, waiting.retryAfterSeconds * 1000));
    }
    // Meanwhile the owner, who has not failed from their address, is let in at once.
    await expect(
      signInWithPassword(fromIp("10.1.0.2"), { email: user.email, password: PASSWORD }),
    ).resolves.toMatchObject({ userId: user.id });
    const denied = await db().auditEntry.findFirst({
      where: { action: "auth.sign_in", result: "denied", params: { path: ["email"], equals: user.email } },
    });
    expect(denied?.reason).toMatch(/Too many failed sign-in attempts for this account from your address/);
  });

  it("limits failures per IP across accounts (50 by default)", async () => {
    const ip = "10.2.0.1";
    for (let i = 0; i < 50; i++) {
      await signInWithPassword(fromIp(ip), { email: uniqueEmail("spray"), password: "x" }).catch(
        () => undefined,
      );
    }
    const user = await userWithPassword();
    await expect(signInWithPassword(fromIp(ip), { email: user.email, password: PASSWORD })).rejects.toThrow(
      /from your network/,
    );
    await expect(
      signInWithPassword(fromIp("10.2.0.2"), { email: user.email, password: PASSWORD }),
    ).resolves.toMatchObject({ userId: user.id });
  });

  it("refuses a disabled account with a clear message, after checking the password", async () => {
    const user = await userWithPassword("disabled");
    await expect(
      signInWithPassword(fromIp("10.3.0.1"), { email: user.email, password: "wrong" }),
    ).rejects.toBeInstanceOf(InvalidCredentialsError);
    await expect(
      signInWithPassword(fromIp("10.3.0.2"), { email: user.email, password: PASSWORD }),
    ).rejects.toBeInstanceOf(AccountDisabledError);
  });

  it("ends sessions when the user is disabled later", async () => {
    const user = await userWithPassword();
    const { sessionId } = await signInWithPassword(fromIp("10.4.0.1"), {
      email: user.email,
      password: PASSWORD,
    });
    await db().user.update({ where: { id: user.id }, data: { status: "disabled" } });
    expect(await resolveSession(sessionId)).toBeNull();
  });
});

describe("SSO sign-in", () => {
  const issuer = "https://sso.example.com";
  it("provisions a user with the role mapped from the claims, then follows claim changes", async () => {
    const { env } = await import("@/lib/config/env");
    Object.assign(env(), {
      OIDC_ROLE_CLAIM: "groups",
      OIDC_ROLE_MAP: [
        { claimValue: "sre", role: "operator" },
        { claimValue: "admins", role: "admin" },
      ],
      OIDC_DEFAULT_ROLE: "none",
    });
    const subject = randomUUID();
    const email = uniqueEmail("sso");
    const first = await signInWithOidc(fromIp("10.5.0.1"), {
      issuer,
      subject,
      email,
      name: "Sam",
      claims: { groups: ["sre"], email_verified: true },
    });
    expect((await resolveSession(first.sessionId))?.role).toBe("operator");
    const second = await signInWithOidc(fromIp("10.5.0.1"), {
      issuer,
      subject,
      email,
      name: "Sam",
      claims: { groups: ["sre", "admins"], email_verified: true },
    });
    expect(second.userId).toBe(first.userId);
    expect((await resolveSession(second.sessionId))?.role).toBe("admin");
    expect(await db().oidcIdentity.count({ where: { userId: first.userId } })).toBe(1);
  });

  it("links an invited user by email and refuses users without a role", async () => {
    const { env } = await import("@/lib/config/env");
    Object.assign(env(), {
      OIDC_ROLE_MAP: [{ claimValue: "oncall", role: "responder" }],
      OIDC_DEFAULT_ROLE: "none",
    });
    const invited = await db().user.create({
      data: { email: uniqueEmail("invited"), role: "viewer", status: "invited" },
    });
    const linked = await signInWithOidc(fromIp("10.6.0.1"), {
      issuer,
      subject: randomUUID(),
      email: invited.email,
      name: null,
      claims: { groups: ["oncall"], email_verified: true },
    });
    expect(linked.userId).toBe(invited.id);
    expect((await db().user.findUniqueOrThrow({ where: { id: invited.id } })).status).toBe("active");

    const refused = await signInWithOidc(fromIp("10.6.0.1"), {
      issuer,
      subject: randomUUID(),
      email: uniqueEmail("norole"),
      name: null,
      claims: { groups: ["marketing"], email_verified: true },
    }).catch((e: Error) => e);
    expect(refused).toBeInstanceOf(SsoRefusedError);
    expect((refused as SsoRefusedError).reason).toBe("no_role");
  });

  it("never takes over an account that signs in with a password, an administrator's included", async () => {
    const { env } = await import("@/lib/config/env");
    Object.assign(env(), {
      OIDC_ROLE_MAP: [{ claimValue: "sre", role: "operator" }],
      OIDC_DEFAULT_ROLE: "none",
    });
    const admin = await db().user.create({
      data: {
        email: uniqueEmail("local-admin"),
        role: "admin",
        status: "active",
        passwordHash: await hashPassword(PASSWORD),
      },
    });
    const refused = await signInWithOidc(fromIp("10.7.0.1"), {
      issuer,
      subject: randomUUID(),
      email: admin.email.toUpperCase(),
      name: "Someone at the IdP",
      claims: { groups: ["sre"], email_verified: true },
    }).catch((e: Error) => e);
    expect(refused).toBeInstanceOf(SsoRefusedError);
    expect((refused as SsoRefusedError).reason).toBe("account_exists");
    // The account is as it was: its role, no SSO identity, no session.
    expect(await db().user.findUniqueOrThrow({ where: { id: admin.id } })).toMatchObject({ role: "admin" });
    expect(await db().oidcIdentity.count({ where: { userId: admin.id } })).toBe(0);
    expect(await db().authSession.count({ where: { userId: admin.id } })).toBe(0);
    const audit = await db().auditEntry.findFirst({
      where: { action: "auth.sign_in", result: "denied", params: { path: ["email"], equals: admin.email } },
    });
    expect(audit?.reason).toMatch(/already has an account/);
  });

  it("requires the identity provider to have verified the email before provisioning or linking by it", async () => {
    const { env } = await import("@/lib/config/env");
    Object.assign(env(), {
      OIDC_ROLE_MAP: [{ claimValue: "sre", role: "operator" }],
      OIDC_DEFAULT_ROLE: "none",
    });
    const invited = await db().user.create({
      data: { email: uniqueEmail("invited-unverified"), role: "admin", status: "invited" },
    });
    for (const claims of [{ groups: ["sre"] }, { groups: ["sre"], email_verified: false }]) {
      for (const email of [invited.email, uniqueEmail("new-unverified")]) {
        const refused = await signInWithOidc(fromIp("10.8.0.1"), {
          issuer,
          subject: randomUUID(),
          email,
          name: null,
          claims,
        }).catch((e: Error) => e);
        expect(refused).toBeInstanceOf(SsoRefusedError);
        expect((refused as SsoRefusedError).reason).toBe("unverified_email");
      }
    }
    expect(await db().oidcIdentity.count({ where: { userId: invited.id } })).toBe(0);
  });
});
