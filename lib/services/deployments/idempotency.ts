// One request, one effect, however often it is sent: a deployment action or a gate change claims its
// idempotency key inside its transaction; a retry of a request that went through gets the first answer
// back and changes nothing. Keys are kept for a day (lib/db/housekeeping.ts).
import type { Tx } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { ValidationError } from "@/lib/errors";

export type IdempotentRequest = {
  key: string;
  /** What kind of request (the audit action, e.g. `deployment.promote`). */
  scope: string;
  /** What it was about (a rollout's or gate's key). */
  target: string;
  actorEmail: string;
};

/**
 * Claims the key for this request: null when it is new, or the outcome stored by the request that used
 * it first. A key used for another kind of request, target or person is refused.
 */
export async function claimIdempotencyKey<Outcome>(
  tx: Tx,
  request: IdempotentRequest,
): Promise<Outcome | null> {
  const claimed = await tx.$queryRaw<{ key: string }[]>`
    insert into idempotency_keys (key, scope, target, actor_email)
    values (${request.key}::uuid, ${request.scope}, ${request.target}, ${request.actorEmail})
    on conflict (key) do nothing
    returning key`;
  if (claimed.length) return null;
  const stored = await tx.idempotencyKey.findUnique({ where: { key: request.key } });
  if (
    !stored?.outcome ||
    stored.scope !== request.scope ||
    stored.target !== request.target ||
    stored.actorEmail !== request.actorEmail
  ) {
    throw new ValidationError(
      { idempotencyKey: ["This key was already used for another request; send a new one."] },
      "The idempotencyKey was already used for another request.",
    );
  }
  return stored.outcome as Outcome;
}

/** Stores the answer that retries of the request will get, in the request's transaction. */
export async function rememberOutcome(tx: Tx, key: string, outcome: object): Promise<void> {
  await tx.idempotencyKey.update({ where: { key }, data: { outcome: outcome as Prisma.InputJsonValue } });
}
