// Users: listing, inviting, changing role and status, first-admin creation (CLI) and invitation links.
import { createHash, randomBytes } from "node:crypto";
import { consumeInvitationAttempt } from "@/lib/auth/rate-limits";
import { hashPassword } from "@/lib/auth/password";
import { db, type Tx } from "@/lib/db/client";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { z } from "zod";
import {
  authorize,
  idOrNotFound,
  mutate,
  parseInput,
  recordEvent,
  type ServiceContext,
} from "@/lib/services/context";
import { acceptInvitationInput, createUserInput, inviteUserInput, updateUserInput } from "./schemas";

const INVITATION_DAYS = 7;

export type UserView = {
  id: string;
  email: string;
  name: string | null;
  role: "viewer" | "responder" | "operator" | "admin";
  status: "invited" | "active" | "disabled";
  createdAt: string;
  lastLoginAt: string | null;
  hasPassword: boolean;
  sso: boolean;
};

const userSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  status: true,
  createdAt: true,
  lastLoginAt: true,
  passwordHash: true,
  _count: { select: { identities: true } },
} as const;

type UserRow = {
  id: string;
  email: string;
  name: string | null;
  role: UserView["role"];
  status: UserView["status"];
  createdAt: Date;
  lastLoginAt: Date | null;
  passwordHash: string | null;
  _count: { identities: number };
};

function view(u: UserRow): UserView {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    status: u.status,
    createdAt: u.createdAt.toISOString(),
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    hasPassword: u.passwordHash !== null,
    sso: u._count.identities > 0,
  };
}

export async function listUsers(ctx: ServiceContext): Promise<UserView[]> {
  authorize(ctx, "users:read");
  const rows = await db().user.findMany({
    select: userSelect,
    orderBy: [{ status: "asc" }, { email: "asc" }],
  });
  return rows.map(view);
}

function newToken() {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: createHash("sha256").update(token).digest("hex") };
}

async function issueInvitation(tx: Tx, userId: string, createdById: string | null) {
  // A new link replaces any earlier one.
  await tx.invitation.updateMany({ where: { userId, usedAt: null }, data: { usedAt: new Date() } });
  const { token, tokenHash } = newToken();
  const expiresAt = new Date(Date.now() + INVITATION_DAYS * 86_400_000);
  await tx.invitation.create({ data: { userId, tokenHash, createdById, expiresAt } });
  return { token, expiresAt: expiresAt.toISOString() };
}

export type Invited = { user: UserView; token: string; expiresAt: string };

/** Creates an invited user and a one-time link with which they choose a password (or sign in with SSO). */
export function inviteUser(ctx: ServiceContext, raw: unknown): Promise<Invited> {
  return mutate(
    ctx,
    { action: "user.invite", permission: "users:manage", input: inviteUserInput, targetType: "user" },
    raw,
    async (tx, input, actor, audit) => {
      if (await tx.user.findUnique({ where: { email: input.email } })) {
        throw new ConflictError(`A user with the email ${input.email} already exists.`);
      }
      const user = await tx.user.create({
        data: { email: input.email, name: input.name || null, role: input.role, status: "invited" },
        select: userSelect,
      });
      audit.targetId = user.id;
      const invitation = await issueInvitation(tx, user.id, actor.userId);
      return { user: view(user), ...invitation };
    },
  );
}

/** A new one-time link for an invited user, or a password-reset link for an active one. */
export function issuePasswordLink(
  ctx: ServiceContext,
  userId: string,
): Promise<{ token: string; expiresAt: string }> {
  return mutate(
    ctx,
    {
      action: "user.issue_password_link",
      permission: "users:manage",
      input: z.object({}),
      targetType: "user",
    },
    {},
    async (tx, _input, actor, audit) => {
      const id = idOrNotFound(userId, "user");
      audit.targetId = id;
      const user = await tx.user.findUnique({ where: { id } });
      if (!user) throw new NotFoundError("No such user.");
      if (user.status === "disabled")
        throw new ConflictError(`${user.email} is disabled; enable the account first.`);
      return issueInvitation(tx, id, actor.userId);
    },
  );
}

async function assertAnotherActiveAdmin(tx: Tx, exceptUserId: string) {
  const others = await tx.user.count({
    where: { role: "admin", status: "active", id: { not: exceptUserId } },
  });
  if (others === 0)
    throw new ConflictError("Opsdeck needs at least one active admin; make someone else admin first.");
}

export function updateUser(ctx: ServiceContext, userId: string, raw: unknown): Promise<UserView> {
  return mutate(
    ctx,
    { action: "user.update", permission: "users:manage", input: updateUserInput, targetType: "user" },
    raw,
    async (tx, input, _actor, audit) => {
      const id = idOrNotFound(userId, "user");
      audit.targetId = id;
      // Lock the row: two admins demoting the last two admins at once must not both succeed.
      await tx.$queryRaw`select id from users where role = 'admin' for update`;
      const user = await tx.user.findUnique({ where: { id } });
      if (!user) throw new NotFoundError("No such user.");
      audit.params = { email: user.email, from: { role: user.role, status: user.status }, to: input };

      const losesAdmin =
        user.role === "admin" &&
        user.status === "active" &&
        ((input.role && input.role !== "admin") || input.status === "disabled");
      if (losesAdmin) await assertAnotherActiveAdmin(tx, id);
      if (input.status === "active" && user.status === "invited") {
        throw new ConflictError(
          `${user.email} has not accepted the invitation yet; send a new link instead.`,
        );
      }

      const updated = await tx.user.update({
        where: { id },
        data: {
          role: input.role,
          status: input.status === "active" && user.status === "invited" ? undefined : input.status,
        },
        select: userSelect,
      });
      if (input.status === "disabled") {
        await tx.authSession.updateMany({
          where: { userId: id, revokedAt: null },
          data: { revokedAt: new Date() },
        });
      }
      return view(updated);
    },
  );
}

/** The first admin (and scripted users): `npm run user:create`. Runs with the CLI context. */
export function createUser(ctx: ServiceContext, raw: unknown): Promise<UserView> {
  return mutate(
    ctx,
    { action: "user.create", permission: "users:manage", input: createUserInput, targetType: "user" },
    raw,
    async (tx, input, _actor, audit) => {
      audit.params = { email: input.email, role: input.role, name: input.name };
      if (await tx.user.findUnique({ where: { email: input.email } })) {
        throw new ConflictError(`A user with the email ${input.email} already exists.`);
      }
      const user = await tx.user.create({
        data: {
          email: input.email,
          name: input.name || null,
          role: input.role,
          status: "active",
          passwordHash: await hashPassword(input.password),
        },
        select: userSelect,
      });
      audit.targetId = user.id;
      return view(user);
    },
  );
}

export type InvitationInfo = { email: string; name: string | null; expiresAt: string };

/** What the invitation page shows before the password is chosen. Anyone holding the token may ask. */
export async function describeInvitation(token: string): Promise<InvitationInfo> {
  const invitation = await findUsableInvitation(db(), token);
  return {
    email: invitation.user.email,
    name: invitation.user.name,
    expiresAt: invitation.expiresAt.toISOString(),
  };
}

async function findUsableInvitation(client: Tx | ReturnType<typeof db>, token: string) {
  const tokenHash = createHash("sha256").update(token).digest("hex");
  const invitation = await client.invitation.findUnique({ where: { tokenHash }, include: { user: true } });
  if (
    !invitation ||
    invitation.usedAt ||
    invitation.expiresAt <= new Date() ||
    invitation.user.status === "disabled"
  ) {
    throw new NotFoundError("This link is not valid any more. Ask an administrator for a new one.");
  }
  return invitation;
}

/**
 * Sets the password from an invitation or reset link; the token is the credential, so no session is
 * needed. Attempts are counted per IP and per token, and the link is looked up, before the (deliberately
 * slow) password hash.
 */
export async function acceptInvitation(ctx: ServiceContext, raw: unknown): Promise<{ email: string }> {
  const input = parseInput(acceptInvitationInput, raw);
  await consumeInvitationAttempt(ctx.ip, input.token);
  await findUsableInvitation(db(), input.token);
  const passwordHash = await hashPassword(input.password);
  return db().$transaction(async (tx) => {
    const invitation = await findUsableInvitation(tx, input.token);
    // Claim the token first; a concurrent second use then matches no row.
    const claimed = await tx.invitation.updateMany({
      where: { id: invitation.id, usedAt: null },
      data: { usedAt: new Date() },
    });
    if (claimed.count !== 1)
      throw new NotFoundError("This link was just used. Sign in, or ask an administrator for a new one.");
    const user = await tx.user.update({
      where: { id: invitation.userId },
      data: { passwordHash, status: "active", name: input.name || invitation.user.name },
    });
    await tx.authSession.updateMany({
      where: { userId: user.id, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    await recordEvent(
      ctx,
      {
        action: invitation.user.status === "invited" ? "user.accept_invitation" : "user.reset_password",
        result: "success",
        actor: {
          userId: user.id,
          email: user.email,
          name: user.name,
          role: user.role,
          authMethod: "credentials",
          sessionId: null,
        },
        targetType: "user",
        targetId: user.id,
      },
      tx,
    );
    return { email: user.email };
  });
}
