// Who is asking, and from where. Every service function takes this first; route handlers, pages, the
// CLI and webhooks build it (lib/auth/request-context.ts, scripts/) and nothing else decides access.
import { randomUUID } from "node:crypto";
import { userInfo } from "node:os";
import { z } from "zod";
import { appendAudit } from "@/lib/audit/record";
import { can, type Permission } from "@/lib/auth/permissions";
import type { Role } from "@/lib/auth/roles";
import { db, type Tx } from "@/lib/db/client";
import type { AuthMethod } from "@/lib/db/generated/enums";
import { AppError, ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from "@/lib/errors";
import { logger } from "@/lib/observability/logger";

export type Actor = {
  /** Null for actors that are not users (the CLI, a webhook). */
  userId: string | null;
  email: string;
  name: string | null;
  role: Role;
  authMethod: AuthMethod;
  sessionId: string | null;
};

export type ServiceContext = {
  actor: Actor | null;
  requestId: string;
  ip: string | null;
  userAgent: string | null;
};

export function anonymousContext(meta: Partial<Omit<ServiceContext, "actor">> = {}): ServiceContext {
  return {
    actor: null,
    requestId: meta.requestId ?? randomUUID(),
    ip: meta.ip ?? null,
    userAgent: meta.userAgent ?? null,
  };
}

/** The command-line tools run with the database's credentials, so they act as an administrator. */
export function cliContext(): ServiceContext {
  const osUser = safeOsUser();
  return {
    actor: {
      userId: null,
      email: `cli:${osUser}`,
      name: osUser,
      role: "admin",
      authMethod: "cli",
      sessionId: null,
    },
    requestId: randomUUID(),
    ip: null,
    userAgent: "opsdeck-cli",
  };
}

function safeOsUser(): string {
  try {
    return userInfo().username;
  } catch {
    return "unknown";
  }
}

export function requireActor(ctx: ServiceContext): Actor {
  if (!ctx.actor) throw new UnauthenticatedError();
  return ctx.actor;
}

/** The gate for reads. Throws 401 for anonymous callers and 403 for a role without the permission. */
export function authorize(ctx: ServiceContext, permission: Permission): Actor {
  const actor = requireActor(ctx);
  if (!can(actor.role, permission)) throw new ForbiddenError(permission);
  return actor;
}

const uuid = z.uuid();

/** Ids from URLs: a malformed one is simply not found, as a missing one is. */
export function idOrNotFound(raw: string, what: string): string {
  if (!uuid.safeParse(raw).success) throw new NotFoundError(`No such ${what}.`);
  return raw;
}

export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const fields: Record<string, string[]> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "_";
    (fields[key] ??= []).push(issue.message);
  }
  throw new ValidationError(fields);
}

function auditActor(ctx: ServiceContext, actor: Actor | null = ctx.actor) {
  return {
    actorId: actor?.userId ?? null,
    actorEmail: actor?.email ?? null,
    actorRole: actor?.role ?? null,
    authMethod: actor?.authMethod ?? null,
    requestId: ctx.requestId,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
  };
}

/** What a mutation fills in as it learns it: the target is often known only after the change. */
export type AuditDraft = { targetType?: string; targetId?: string; params?: unknown };

export type MutationSpec<S extends z.ZodType> = {
  /** `<area>.<verb>`, e.g. `user.invite`; shown and filtered on the Audit page. */
  action: string;
  permission: Permission;
  input: S;
  targetType: string;
  /**
   * What the attempt is about, known before its input is checked (from the URL, or read leniently from
   * the raw input). When given, a denied attempt records it, and an attempt with invalid input is audited
   * as failed with it, so every attempt on that target is in the log. The params are merged under the
   * validated input's on success.
   */
  target?: { targetId?: string; params?: Record<string, unknown> };
};

/** "reason: must be at least 3 characters; expected.resourceVersion: required", for the audit log. */
function describeInvalid(error: ValidationError): string {
  const fields = Object.entries(error.fields).map(([field, messages]) => `${field}: ${messages.join(", ")}`);
  return `invalid input (${fields.join("; ")})`;
}

/**
 * The gate for writes: authenticate, authorize (a refusal is audited), validate, then run the change and
 * its audit entry in one transaction. A failed change is audited in a transaction of its own. Whatever
 * the change needs beyond its input (an upstream client: `requireAlertmanager()`…) is asked for inside
 * `run`, so that the caller is checked first.
 */
export async function mutate<S extends z.ZodType, R>(
  ctx: ServiceContext,
  spec: MutationSpec<S>,
  raw: unknown,
  run: (tx: Tx, input: z.output<S>, actor: Actor, audit: AuditDraft) => Promise<R>,
): Promise<R> {
  const actor = requireActor(ctx);
  const attempted = { targetType: spec.targetType, ...spec.target };
  if (!can(actor.role, spec.permission)) {
    await db().$transaction((tx) =>
      appendAudit(tx, {
        ...auditActor(ctx),
        action: spec.action,
        ...attempted,
        result: "denied",
        reason: `role ${actor.role} lacks ${spec.permission}`,
      }),
    );
    throw new ForbiddenError(spec.permission);
  }
  let input: z.output<S>;
  try {
    input = parseInput(spec.input, raw);
  } catch (error) {
    if (spec.target && error instanceof ValidationError) {
      await db().$transaction((tx) =>
        appendAudit(tx, {
          ...auditActor(ctx),
          action: spec.action,
          ...attempted,
          result: "failed",
          reason: describeInvalid(error),
        }),
      );
    }
    throw error;
  }
  const audit: AuditDraft = {
    ...attempted,
    params: spec.target?.params ? { ...spec.target.params, ...(input as object) } : input,
  };
  try {
    // Some changes call an upstream (Alertmanager, Kubernetes) inside the transaction: allow for it.
    return await db().$transaction(
      async (tx) => {
        const result = await run(tx, input, actor, audit);
        await appendAudit(tx, { ...auditActor(ctx), action: spec.action, ...audit, result: "success" });
        return result;
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
  } catch (error) {
    const reason = error instanceof AppError ? error.message : `internal error (request ${ctx.requestId})`;
    if (!(error instanceof AppError))
      logger.error({ err: error, requestId: ctx.requestId, action: spec.action }, "mutation failed");
    await db()
      .$transaction((tx) =>
        appendAudit(tx, { ...auditActor(ctx), action: spec.action, ...audit, result: "failed", reason }),
      )
      .catch((auditError: unknown) =>
        logger.error({ err: auditError, requestId: ctx.requestId }, "could not audit a failed mutation"),
      );
    throw error;
  }
}

export type EventEntry = {
  action: string;
  result: "success" | "denied" | "failed";
  /** Defaults to the context's actor; sign-in names the user who is signing in. */
  actor?: Actor | null;
  targetType?: string;
  targetId?: string;
  params?: unknown;
  reason?: string;
};

/** For events that are not permission-gated mutations (sign-in, sign-out): audited as they happen. */
export async function recordEvent(ctx: ServiceContext, entry: EventEntry, tx?: Tx): Promise<void> {
  const { actor, ...rest } = entry;
  const write = (t: Tx) =>
    appendAudit(t, { ...auditActor(ctx, actor === undefined ? ctx.actor : actor), ...rest }).then(
      () => undefined,
    );
  if (tx) return write(tx);
  await db().$transaction(write);
}
