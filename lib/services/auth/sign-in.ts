// Signing in and out. Called by next-auth's callbacks (lib/auth/next-auth.ts); every attempt is audited.
import { z } from "zod";
import { assertLoginAllowed, clearLoginFailures, recordLoginFailure } from "@/lib/auth/login-limiter";
import { roleFromClaims } from "@/lib/auth/oidc-roles";
import { can, type Permission } from "@/lib/auth/permissions";
import { verifyAgainstDummy, verifyPassword } from "@/lib/auth/password";
import { env } from "@/lib/config/env";
import { db, type Tx } from "@/lib/db/client";
import type { AuthMethod } from "@/lib/db/generated/enums";
import { AppError, BadRequestError, ForbiddenError, UnauthenticatedError } from "@/lib/errors";
import { recordEvent, type Actor, type ServiceContext } from "@/lib/services/context";

export type SignedIn = { userId: string; sessionId: string; email: string; name: string | null };

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  password: z.string().min(1).max(1024),
});

/** Thrown for a wrong email or password; deliberately the same message for both. */
export class InvalidCredentialsError extends UnauthenticatedError {
  constructor() {
    super("Wrong email or password.");
  }
}

export class AccountDisabledError extends ForbiddenError {
  constructor() {
    super("account:active", "This account is disabled. Ask an administrator to enable it.");
  }
}

async function createSession(tx: Tx, userId: string, authMethod: AuthMethod, ctx: ServiceContext) {
  const expiresAt = new Date(Date.now() + env().SESSION_MAX_AGE_HOURS * 3_600_000);
  const session = await tx.authSession.create({
    data: { userId, authMethod, expiresAt, ip: ctx.ip, userAgent: ctx.userAgent?.slice(0, 512) ?? null },
  });
  await tx.user.update({ where: { id: userId }, data: { lastLoginAt: new Date() } });
  return session;
}

function actorOf(
  user: { id: string; email: string; name: string | null; role: Actor["role"] },
  authMethod: AuthMethod,
  sessionId: string | null,
): Actor {
  return { userId: user.id, email: user.email, name: user.name, role: user.role, authMethod, sessionId };
}

export async function signInWithPassword(ctx: ServiceContext, raw: unknown): Promise<SignedIn> {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) throw new BadRequestError("Enter your email and password.");
  const { email, password } = parsed.data;

  await assertLoginAllowed(email, ctx.ip).catch(async (error: unknown) => {
    await recordEvent(ctx, {
      action: "auth.sign_in",
      result: "denied",
      actor: null,
      params: { email },
      reason: (error as Error).message,
    });
    throw error;
  });

  const user = await db().user.findUnique({ where: { email } });
  const ok = user?.passwordHash
    ? await verifyPassword(user.passwordHash, password)
    : (await verifyAgainstDummy(password), false);
  if (!user || !ok) {
    await recordLoginFailure(email, ctx.ip);
    await recordEvent(ctx, {
      action: "auth.sign_in",
      result: "failed",
      actor: user ? actorOf(user, "credentials", null) : null,
      params: { email },
      reason: "wrong email or password",
    });
    throw new InvalidCredentialsError();
  }
  if (user.status !== "active") {
    await recordEvent(ctx, {
      action: "auth.sign_in",
      result: "denied",
      actor: actorOf(user, "credentials", null),
      params: { email },
      reason: `account ${user.status}`,
    });
    throw new AccountDisabledError();
  }

  await clearLoginFailures(email, ctx.ip);
  const session = await db().$transaction(async (tx) => {
    const created = await createSession(tx, user.id, "credentials", ctx);
    await recordEvent(
      ctx,
      {
        action: "auth.sign_in",
        result: "success",
        actor: actorOf(user, "credentials", created.id),
        targetType: "session",
        targetId: created.id,
      },
      tx,
    );
    return created;
  });
  return { userId: user.id, sessionId: session.id, email: user.email, name: user.name };
}

export type SsoRefusal = "no_role" | "no_email" | "unverified_email" | "account_exists" | "disabled";

export class SsoRefusedError extends AppError {
  readonly code = "sso_refused";
  readonly status = 403;
  constructor(
    readonly reason: SsoRefusal,
    message: string,
  ) {
    super(message);
  }
}

const ACCOUNT_EXISTS = {
  reason: "this email already has an account that signs in otherwise; SSO does not take it over",
  message: "An Opsdeck account with this email exists and signs in with a password. Sign in with it instead.",
};

/**
 * Signs in an SSO user: finds them by (issuer, subject), else provisions an account by email, or links
 * the account an administrator invited with that email (and that was never used). An account that exists
 * otherwise (it signs in with a password, or with another identity) is never linked: whoever controls an
 * identity with that email must not become its owner (docs/adr/0002). Provisioning and linking by email
 * need the identity provider to have verified the email. The role comes from the claims on every
 * sign-in, so group changes at the identity provider take effect at next sign-in.
 */
export async function signInWithOidc(
  ctx: ServiceContext,
  identity: {
    issuer: string;
    subject: string;
    email: string | null;
    name: string | null;
    claims: Record<string, unknown>;
  },
): Promise<SignedIn> {
  const config = env();
  const email = identity.email?.trim().toLowerCase() ?? null;
  const role = roleFromClaims(identity.claims, {
    claim: config.OIDC_ROLE_CLAIM,
    mapping: config.OIDC_ROLE_MAP,
    defaultRole: config.OIDC_DEFAULT_ROLE,
  });
  const refuse = async (refusal: SsoRefusal, reason: string, message: string): Promise<never> => {
    await recordEvent(ctx, {
      action: "auth.sign_in",
      result: "denied",
      actor: null,
      params: { email, issuer: identity.issuer, subject: identity.subject, method: "oidc" },
      reason,
    });
    throw new SsoRefusedError(refusal, message);
  };
  const disabled = () =>
    refuse("disabled", "account disabled", "This account is disabled. Ask an administrator to enable it.");
  if (!role) {
    return refuse(
      "no_role",
      `no role maps from claim ${config.OIDC_ROLE_CLAIM}`,
      "Your account has no Opsdeck role. Ask an administrator to grant one at your identity provider.",
    );
  }

  const linked = await db().oidcIdentity.findUnique({
    where: { issuer_subject: { issuer: identity.issuer, subject: identity.subject } },
    include: { user: true },
  });
  if (linked?.user.status === "disabled") return disabled();
  if (!linked) {
    if (!email)
      return refuse("no_email", "no email claim", "Your identity provider did not share an email address.");
    // Some providers send the claim as a string.
    const verified = identity.claims.email_verified === true || identity.claims.email_verified === "true";
    if (!verified)
      return refuse(
        "unverified_email",
        "email not verified by the identity provider",
        "Your identity provider has not verified your email address.",
      );
    const existing = await db().user.findUnique({
      where: { email },
      include: { _count: { select: { identities: true } } },
    });
    if (existing?.status === "disabled") return disabled();
    if (existing && !(existing.status === "invited" && !existing.passwordHash && !existing._count.identities))
      return refuse("account_exists", ACCOUNT_EXISTS.reason, ACCOUNT_EXISTS.message);
  }

  return db().$transaction(async (tx) => {
    let userId = linked?.userId;
    if (!userId) {
      // First SSO sign-in: the invited account with this email (checked above), or a new one.
      const invited = await tx.user.findUnique({ where: { email: email! } });
      // It may have been used since the check: then it is no longer the admin's open invitation.
      if (invited?.passwordHash) throw new SsoRefusedError("account_exists", ACCOUNT_EXISTS.message);
      userId =
        invited?.id ??
        (await tx.user.create({ data: { email: email!, name: identity.name, role, status: "active" } })).id;
      await tx.oidcIdentity.create({ data: { userId, issuer: identity.issuer, subject: identity.subject } });
    }
    const user = await tx.user.update({ where: { id: userId }, data: { role, status: "active" } });
    const session = await createSession(tx, user.id, "oidc", ctx);
    await recordEvent(
      ctx,
      {
        action: "auth.sign_in",
        result: "success",
        actor: actorOf(user, "oidc", session.id),
        targetType: "session",
        targetId: session.id,
        params: { issuer: identity.issuer },
      },
      tx,
    );
    return { userId: user.id, sessionId: session.id, email: user.email, name: user.name };
  });
}

export async function signOut(ctx: ServiceContext, sessionId: string): Promise<void> {
  const session = await db().authSession.findUnique({ where: { id: sessionId }, include: { user: true } });
  if (!session || session.revokedAt) return;
  await db().$transaction(async (tx) => {
    await tx.authSession.update({ where: { id: sessionId }, data: { revokedAt: new Date() } });
    await recordEvent(
      ctx,
      {
        action: "auth.sign_out",
        result: "success",
        actor: actorOf(session.user, session.authMethod, sessionId),
        targetType: "session",
        targetId: sessionId,
      },
      tx,
    );
  });
}

/** The actor behind a session id from the cookie, or null if it expired, was revoked or the user is not active. */
export async function resolveSession(sessionId: string): Promise<Actor | null> {
  return (await liveSession(sessionId))?.actor ?? null;
}

/** As resolveSession, with when the session expires (for a cache of sessions: lib/auth/session-cache.ts). */
export async function liveSession(sessionId: string): Promise<{ actor: Actor; expiresAt: Date } | null> {
  const session = await db().authSession.findUnique({ where: { id: sessionId }, include: { user: true } });
  if (!session || session.revokedAt || session.expiresAt <= new Date() || session.user.status !== "active")
    return null;
  return { actor: actorOf(session.user, session.authMethod, session.id), expiresAt: session.expiresAt };
}

/**
 * For what outlives one request (an event stream): whether the caller's session is still live, their user
 * still active and their role still has the permission. Callers without a session (the CLI) keep theirs.
 */
export async function stillAuthorized(ctx: ServiceContext, permission: Permission): Promise<boolean> {
  if (!ctx.actor) return false;
  if (!ctx.actor.sessionId) return can(ctx.actor.role, permission);
  const current = await resolveSession(ctx.actor.sessionId);
  return current !== null && can(current.role, permission);
}
