import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/auth/roles";
import { db } from "@/lib/db/client";
import {
  ConflictError,
  NotFoundError,
  RateLimitedError,
  UnauthenticatedError,
  ValidationError,
} from "@/lib/errors";
import { anonymousContext, cliContext, type ServiceContext } from "@/lib/services/context";
import { contextFor } from "@/tests/support/actors";
import { changePassword, describeAccount, getTimePreferences, updateTimePreferences } from ".";

const CURRENT = "the current password 1";
const NEXT = "a brand new password 2";

/** A signed-in user with a password and two sessions: the request's own and one elsewhere. */
async function signedInWithPassword(role: Role = "viewer") {
  const ctx = await contextFor(role);
  const userId = ctx.actor!.userId!;
  await db().user.update({ where: { id: userId }, data: { passwordHash: await hashPassword(CURRENT) } });
  const expiresAt = new Date(Date.now() + 3_600_000);
  const [own, elsewhere] = await Promise.all(
    ["this", "elsewhere"].map((userAgent) =>
      db().authSession.create({ data: { userId, authMethod: "credentials", expiresAt, userAgent } }),
    ),
  );
  const withSession: ServiceContext = { ...ctx, actor: { ...ctx.actor!, sessionId: own!.id } };
  return { ctx: withSession, userId, own: own!, elsewhere: elsewhere! };
}

const auditFor = (requestId: string) =>
  db().auditEntry.findMany({ where: { requestId }, orderBy: { seq: "asc" } });
const hashOf = async (userId: string) =>
  (await db().user.findUniqueOrThrow({ where: { id: userId } })).passwordHash!;
const fresh = (ctx: ServiceContext): ServiceContext => ({ ...ctx, requestId: crypto.randomUUID() });

describe("changing one's own password", () => {
  it("lets a viewer change theirs, audited in its transaction, ending their other sessions only", async () => {
    const { ctx, userId, own, elsewhere } = await signedInWithPassword("viewer");
    const result = await changePassword(ctx, { currentPassword: CURRENT, newPassword: NEXT });

    expect(result).toEqual({ otherSessionsEnded: 1 });
    const hash = await hashOf(userId);
    expect(await verifyPassword(hash, NEXT)).toBe(true);
    expect(await verifyPassword(hash, CURRENT)).toBe(false);
    const sessions = await db().authSession.findMany({ where: { userId } });
    expect(sessions.find((s) => s.id === own.id)!.revokedAt).toBeNull();
    expect(sessions.find((s) => s.id === elsewhere.id)!.revokedAt).not.toBeNull();

    const entries = await auditFor(ctx.requestId);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: "account.change_password",
      result: "success",
      targetType: "user",
      targetId: userId,
      actorRole: "viewer",
      params: { otherSessionsEnded: 1 },
    });
    expect(JSON.stringify(entries[0]!.params)).not.toMatch(/password/i);
  });

  it("refuses a wrong current password with a 422 on that field, changes nothing, and audits it", async () => {
    const { ctx, userId, elsewhere } = await signedInWithPassword("operator");
    const before = await hashOf(userId);
    const error = await changePassword(ctx, { currentPassword: "not it at all", newPassword: NEXT }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).status).toBe(422);
    expect((error as ValidationError).fields).toEqual({
      currentPassword: ["This is not your current password."],
    });
    expect(await hashOf(userId)).toBe(before);
    expect((await db().authSession.findUniqueOrThrow({ where: { id: elsewhere.id } })).revokedAt).toBeNull();
    const [entry] = await auditFor(ctx.requestId);
    expect(entry).toMatchObject({ action: "account.change_password", result: "failed", targetId: userId });
    expect(entry!.reason).toBe("Your current password is not correct.");
  });

  it("counts wrong current passwords as failed sign-ins: the next try must wait", async () => {
    const { ctx, userId } = await signedInWithPassword();
    await expect(
      changePassword(ctx, { currentPassword: "wrong guess", newPassword: NEXT }),
    ).rejects.toBeInstanceOf(ValidationError);
    const retry = fresh(ctx);
    await expect(
      changePassword(retry, { currentPassword: CURRENT, newPassword: NEXT }),
    ).rejects.toBeInstanceOf(RateLimitedError);
    expect(await verifyPassword(await hashOf(userId), CURRENT)).toBe(true);
    expect((await auditFor(retry.requestId))[0]).toMatchObject({ result: "failed" });
  });

  it("applies the password rules of admin-created users, and wants a new password", async () => {
    const { ctx, userId } = await signedInWithPassword();
    const short = await changePassword(ctx, { currentPassword: CURRENT, newPassword: "short" }).catch(
      (e: unknown) => e,
    );
    expect((short as ValidationError).fields.newPassword).toEqual(["Use at least 12 characters."]);
    const same = await changePassword(fresh(ctx), { currentPassword: CURRENT, newPassword: CURRENT }).catch(
      (e: unknown) => e,
    );
    expect((same as ValidationError).fields.newPassword).toEqual([
      "Choose a password different from your current one.",
    ]);
    expect(await verifyPassword(await hashOf(userId), CURRENT)).toBe(true);
  });

  it("cannot change someone else's: the input names no user, and naming one is refused", async () => {
    const { ctx } = await signedInWithPassword("admin");
    const other = await signedInWithPassword("viewer");
    const before = await hashOf(other.userId);
    await expect(
      changePassword(ctx, { currentPassword: CURRENT, newPassword: NEXT, userId: other.userId }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(await hashOf(other.userId)).toBe(before);

    // A change by the admin changes the admin's own password only.
    await changePassword(fresh(ctx), { currentPassword: CURRENT, newPassword: NEXT });
    expect(await hashOf(other.userId)).toBe(before);
    expect(await verifyPassword(await hashOf(ctx.actor!.userId!), NEXT)).toBe(true);
  });

  it("tells an SSO user that their password lives with their identity provider", async () => {
    const ctx = await contextFor("responder");
    const error = await changePassword(ctx, { currentPassword: "anything at all", newPassword: NEXT }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).message).toMatch(/identity provider/);
    expect(
      (await db().user.findUniqueOrThrow({ where: { id: ctx.actor!.userId! } })).passwordHash,
    ).toBeNull();
  });

  it("answers 401 to anonymous callers and writes nothing", async () => {
    const ctx = anonymousContext();
    await expect(changePassword(ctx, { currentPassword: CURRENT, newPassword: NEXT })).rejects.toBeInstanceOf(
      UnauthenticatedError,
    );
    expect(await auditFor(ctx.requestId)).toHaveLength(0);
  });
});

describe("time preferences", () => {
  it("are the browser's zone on a 24-hour clock until chosen", async () => {
    const ctx = await contextFor("viewer");
    expect(await getTimePreferences(ctx)).toEqual({ timeZone: "local", clock: "h24" });
    expect(await getTimePreferences(cliContext())).toEqual({ timeZone: "local", clock: "h24" });
  });

  it("are stored per user and audited with what they were", async () => {
    const ctx = await contextFor("viewer");
    const other = await contextFor("viewer");
    expect(await updateTimePreferences(ctx, { timeZone: "utc", clock: "h12" })).toEqual({
      timeZone: "utc",
      clock: "h12",
    });
    const second = fresh(ctx);
    await updateTimePreferences(second, { timeZone: "utc", clock: "h24" });

    expect(await getTimePreferences(ctx)).toEqual({ timeZone: "utc", clock: "h24" });
    expect((await describeAccount(ctx)).preferences).toEqual({ timeZone: "utc", clock: "h24" });
    expect(await getTimePreferences(other)).toEqual({ timeZone: "local", clock: "h24" });
    const [entry] = await auditFor(second.requestId);
    expect(entry).toMatchObject({
      action: "account.update_preferences",
      result: "success",
      targetId: ctx.actor!.userId,
      params: { from: { timeZone: "utc", clock: "h12" }, to: { timeZone: "utc", clock: "h24" } },
    });
  });

  it("refuse values they do not know, naming the field, and store nothing", async () => {
    const ctx = await contextFor("viewer");
    const error = await updateTimePreferences(ctx, { timeZone: "Mars/Olympus", clock: "h24" }).catch(
      (e: unknown) => e,
    );
    expect(Object.keys((error as ValidationError).fields)).toEqual(["timeZone"]);
    await expect(
      updateTimePreferences(ctx, { timeZone: "utc", clock: "h24", userId: "someone" }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(await db().userPreferences.findUnique({ where: { userId: ctx.actor!.userId! } })).toBeNull();
  });

  it("belong to people: the CLI has none to change", async () => {
    await expect(
      updateTimePreferences(cliContext(), { timeZone: "utc", clock: "h24" }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("describeAccount", () => {
  it("says who the caller is, how they signed in and whether they have a password", async () => {
    const { ctx } = await signedInWithPassword("responder");
    expect(await describeAccount(ctx)).toMatchObject({
      email: ctx.actor!.email,
      role: "responder",
      authMethod: "credentials",
      hasPassword: true,
      sso: false,
    });
    const sso = await contextFor("viewer");
    expect(await describeAccount(sso)).toMatchObject({ hasPassword: false });
  });
});
