import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
  ValidationError,
} from "@/lib/errors";
import { anonymousContext, cliContext } from "@/lib/services/context";
import { contextFor } from "@/tests/support/actors";
import { uniqueEmail } from "@/tests/support/db";
import {
  acceptInvitation,
  createUser,
  describeInvitation,
  inviteUser,
  issuePasswordLink,
  listUsers,
  updateUser,
} from ".";

async function auditFor(requestId: string) {
  return db().auditEntry.findMany({ where: { requestId }, orderBy: { seq: "asc" } });
}

describe("users service", () => {
  it("lets an admin invite a user, in one transaction with its audit entry", async () => {
    const admin = await contextFor("admin");
    const email = uniqueEmail("invitee");
    const invited = await inviteUser(admin, {
      email: email.toUpperCase(),
      role: "responder",
      name: "In Vitee",
    });
    expect(invited.user).toMatchObject({ email, role: "responder", status: "invited", hasPassword: false });
    expect(invited.token.length).toBeGreaterThan(30);

    const [entry] = await auditFor(admin.requestId);
    expect(entry).toMatchObject({
      action: "user.invite",
      result: "success",
      targetType: "user",
      targetId: invited.user.id,
      actorEmail: admin.actor!.email,
      actorRole: "admin",
    });
    expect(entry!.params).toMatchObject({ email, role: "responder" });
    expect((await describeInvitation(invited.token)).email).toBe(email);
  });

  it("refuses and audits an invitation by a non-admin, writing nothing else", async () => {
    const operator = await contextFor("operator");
    const email = uniqueEmail("nope");
    await expect(inviteUser(operator, { email, role: "viewer" })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await db().user.findUnique({ where: { email } })).toBeNull();
    const [entry] = await auditFor(operator.requestId);
    expect(entry).toMatchObject({ action: "user.invite", result: "denied", actorRole: "operator" });
  });

  it("answers anonymous callers with 401 before anything else", async () => {
    await expect(inviteUser(anonymousContext(), { email: "x" })).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(listUsers(anonymousContext())).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it("validates input and writes nothing on bad input", async () => {
    const admin = await contextFor("admin");
    const before = await db().user.count();
    const error = await inviteUser(admin, { email: "not-an-email", role: "emperor" }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(Object.keys((error as ValidationError).fields).sort()).toEqual(["email", "role"]);
    expect(await db().user.count()).toBe(before);
  });

  it("reports a duplicate email as a conflict and audits the failure", async () => {
    const admin = await contextFor("admin");
    const email = uniqueEmail("dup");
    await inviteUser(admin, { email, role: "viewer" });
    await expect(inviteUser(admin, { email, role: "viewer" })).rejects.toBeInstanceOf(ConflictError);
    const entries = await auditFor(admin.requestId);
    expect(entries.map((e) => e.result)).toEqual(["success", "failed"]);
    expect(entries[1]!.reason).toMatch(/already exists/);
    expect(await db().user.count({ where: { email } })).toBe(1);
  });

  it("accepts an invitation once, then signs out nothing else and refuses the link", async () => {
    const admin = await contextFor("admin");
    const invited = await inviteUser(admin, { email: uniqueEmail("accept"), role: "viewer" });
    const ctx = anonymousContext();
    await expect(acceptInvitation(ctx, { token: invited.token, password: "short" })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await acceptInvitation(ctx, { token: invited.token, password: "a long enough password" });
    const user = await db().user.findUniqueOrThrow({ where: { id: invited.user.id } });
    expect(user.status).toBe("active");
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    await expect(
      acceptInvitation(ctx, { token: invited.token, password: "another long password" }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect((await auditFor(ctx.requestId)).map((e) => e.action)).toEqual(["user.accept_invitation"]);
  });

  it("lets one of two concurrent uses of a link win", async () => {
    const admin = await contextFor("admin");
    const invited = await inviteUser(admin, { email: uniqueEmail("race"), role: "viewer" });
    const results = await Promise.allSettled([
      acceptInvitation(anonymousContext(), { token: invited.token, password: "first long password" }),
      acceptInvitation(anonymousContext(), { token: invited.token, password: "second long password" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });

  it("replaces earlier links when a new one is issued", async () => {
    const admin = await contextFor("admin");
    const invited = await inviteUser(admin, { email: uniqueEmail("relink"), role: "viewer" });
    const fresh = await issuePasswordLink(admin, invited.user.id);
    await expect(describeInvitation(invited.token)).rejects.toBeInstanceOf(NotFoundError);
    expect((await describeInvitation(fresh.token)).email).toBe(invited.user.email);
    await expect(issuePasswordLink(admin, "not-a-uuid")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("disables a user and revokes their sessions", async () => {
    const admin = await contextFor("admin");
    const target = await contextFor("responder");
    await db().authSession.create({
      data: {
        userId: target.actor!.userId!,
        authMethod: "credentials",
        expiresAt: new Date(Date.now() + 3_600_000),
      },
    });
    const updated = await updateUser(admin, target.actor!.userId!, { status: "disabled" });
    expect(updated.status).toBe("disabled");
    expect(await db().authSession.count({ where: { userId: target.actor!.userId!, revokedAt: null } })).toBe(
      0,
    );
    const [entry] = await auditFor(admin.requestId);
    expect(entry!.params).toMatchObject({ from: { status: "active" }, to: { status: "disabled" } });
  });

  it("keeps at least one active admin", async () => {
    const cli = cliContext();
    // Make this database's admins exactly one.
    await db().user.updateMany({ where: { role: "admin" }, data: { role: "viewer" } });
    const admin = await contextFor("admin");
    await expect(updateUser(admin, admin.actor!.userId!, { role: "viewer" })).rejects.toBeInstanceOf(
      ConflictError,
    );
    await expect(updateUser(cli, admin.actor!.userId!, { status: "disabled" })).rejects.toThrow(
      /at least one active admin/,
    );
    const second = await contextFor("admin");
    await updateUser(cli, admin.actor!.userId!, { role: "operator" });
    expect((await db().user.findUniqueOrThrow({ where: { id: admin.actor!.userId! } })).role).toBe(
      "operator",
    );
    await expect(updateUser(cli, second.actor!.userId!, { role: "viewer" })).rejects.toBeInstanceOf(
      ConflictError,
    );
  });

  it("answers a malformed or unknown id with 404 and a bad change with 422", async () => {
    const admin = await contextFor("admin");
    await expect(updateUser(admin, "nope", { role: "viewer" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      updateUser(admin, "00000000-0000-4000-8000-000000000000", { role: "viewer" }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateUser(admin, admin.actor!.userId!, {})).rejects.toBeInstanceOf(ValidationError);
    await expect(
      updateUser(admin, admin.actor!.userId!, { role: "viewer", extra: 1 }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it("creates users from the CLI with a hashed password", async () => {
    const user = await createUser(cliContext(), {
      email: uniqueEmail("cli"),
      role: "admin",
      password: "a long enough password",
    });
    expect(user).toMatchObject({ role: "admin", status: "active", hasPassword: true });
    const entry = await db().auditEntry.findFirstOrThrow({ where: { targetId: user.id } });
    expect(entry).toMatchObject({ action: "user.create", authMethod: "cli", actorId: null });
    expect(JSON.stringify(entry.params)).not.toContain("a long enough password");
  });
});
