// The signed-in person's own account: what it is, its password and its time preferences. Any role may
// change its own (`account:write`); nobody changes another's here (admins use lib/services/users).
import { assertLoginAllowed, clearLoginFailures, recordLoginFailure } from "@/lib/auth/login-limiter";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/auth/roles";
import { db } from "@/lib/db/client";
import type { AuthMethod } from "@/lib/db/generated/enums";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { mutate, requireActor, type Actor, type ServiceContext } from "@/lib/services/context";
import { DEFAULT_TIME_PREFERENCES, type TimePreferences } from "@/lib/time/format";
import { changePasswordInput, timePreferencesInput } from "./schemas";

export type AccountView = {
  email: string;
  name: string | null;
  role: Role;
  /** How this session signed in. */
  authMethod: AuthMethod;
  /** Whether the account has an Opsdeck password (else its password lives with the identity provider). */
  hasPassword: boolean;
  /** Whether an identity at the SSO provider is linked. */
  sso: boolean;
  preferences: TimePreferences;
};

/** The actor's user id; the CLI and webhooks act without an account. */
function ownUserId(actor: Actor): string {
  if (!actor.userId) throw new NotFoundError("Only people who sign in have an account.");
  return actor.userId;
}

export async function describeAccount(ctx: ServiceContext): Promise<AccountView> {
  const actor = requireActor(ctx);
  const user = await db().user.findUnique({
    where: { id: ownUserId(actor) },
    select: {
      email: true,
      name: true,
      role: true,
      passwordHash: true,
      preferences: { select: { timeZone: true, clock: true } },
      _count: { select: { identities: true } },
    },
  });
  if (!user) throw new NotFoundError("Your account no longer exists.");
  return {
    email: user.email,
    name: user.name,
    role: user.role,
    authMethod: actor.authMethod,
    hasPassword: user.passwordHash !== null,
    sso: user._count.identities > 0,
    preferences: user.preferences ?? DEFAULT_TIME_PREFERENCES,
  };
}

/** How the caller wants times shown; the defaults for callers without an account or a choice yet. */
export async function getTimePreferences(ctx: ServiceContext): Promise<TimePreferences> {
  const actor = requireActor(ctx);
  if (!actor.userId) return DEFAULT_TIME_PREFERENCES;
  const row = await db().userPreferences.findUnique({
    where: { userId: actor.userId },
    select: { timeZone: true, clock: true },
  });
  return row ?? DEFAULT_TIME_PREFERENCES;
}

export function updateTimePreferences(ctx: ServiceContext, raw: unknown): Promise<TimePreferences> {
  return mutate(
    ctx,
    {
      action: "account.update_preferences",
      permission: "account:write",
      input: timePreferencesInput,
      targetType: "user",
      target: { targetId: ctx.actor?.userId ?? undefined },
    },
    raw,
    async (tx, input, actor, audit) => {
      const userId = ownUserId(actor);
      const before = await tx.userPreferences.findUnique({
        where: { userId },
        select: { timeZone: true, clock: true },
      });
      const saved = await tx.userPreferences.upsert({
        where: { userId },
        create: { userId, ...input },
        update: input,
        select: { timeZone: true, clock: true },
      });
      audit.params = { from: before ?? DEFAULT_TIME_PREFERENCES, to: saved };
      return saved;
    },
  );
}

/**
 * Changes the caller's own password. The current one is required and its wrong guesses count as failed
 * sign-ins of the account from that address (lib/auth/login-limiter.ts), so a borrowed session cannot
 * guess faster than the sign-in page allows. The caller's other sessions are ended; this one goes on.
 */
export function changePassword(ctx: ServiceContext, raw: unknown): Promise<{ otherSessionsEnded: number }> {
  return mutate(
    ctx,
    {
      action: "account.change_password",
      permission: "account:write",
      input: changePasswordInput,
      targetType: "user",
      target: { targetId: ctx.actor?.userId ?? undefined, params: {} },
    },
    raw,
    async (tx, input, actor, audit) => {
      // Never the passwords, not even redacted.
      audit.params = {};
      const userId = ownUserId(actor);
      await assertLoginAllowed(actor.email, ctx.ip);
      // Locked: two changes at once must not both check the same current password.
      const [row] = await tx.$queryRaw<{ password_hash: string | null }[]>`
        select password_hash from users where id = ${userId}::uuid for update`;
      if (!row) throw new NotFoundError("Your account no longer exists.");
      if (!row.password_hash)
        throw new ConflictError(
          "Your account signs in with your identity provider (SSO): change your password there.",
        );
      if (!(await verifyPassword(row.password_hash, input.currentPassword))) {
        await recordLoginFailure(actor.email, ctx.ip);
        throw new ValidationError(
          { currentPassword: ["This is not your current password."] },
          "Your current password is not correct.",
        );
      }
      await clearLoginFailures(actor.email, ctx.ip);
      await tx.user.update({
        where: { id: userId },
        data: { passwordHash: await hashPassword(input.newPassword) },
      });
      const ended = await tx.authSession.updateMany({
        where: { userId, revokedAt: null, ...(actor.sessionId && { id: { not: actor.sessionId } }) },
        data: { revokedAt: new Date() },
      });
      audit.params = { otherSessionsEnded: ended.count };
      return { otherSessionsEnded: ended.count };
    },
  );
}
