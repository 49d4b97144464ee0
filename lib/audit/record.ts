// Appends one entry to the audit log inside the caller's transaction, so the entry and the change it
// describes commit or roll back together. The entry itself never fails on its text: what PostgreSQL cannot
// store (NUL, unpaired surrogates) is replaced with U+FFFD before the entry is hashed, since a failed
// attempt with strange input is exactly what the log must keep.
import type { Tx } from "@/lib/db/client";
import type { AuditResult, AuthMethod, Role } from "@/lib/db/generated/enums";
import { entryHash, GENESIS_HASH, lockChain, redact } from "./chain";
import { ensureChainAnchor } from "./checkpoint";
import { auditChainKey } from "./key";
import { toStorableText } from "@/lib/validation/text";

export type AuditInput = {
  actorId: string | null;
  actorEmail: string | null;
  actorRole: Role | null;
  authMethod: AuthMethod | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  params?: unknown;
  result: AuditResult;
  reason?: string | null;
  requestId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
};

export async function appendAudit(tx: Tx, input: AuditInput): Promise<{ seq: bigint; hash: string }> {
  const key = auditChainKey();
  // Before the first keyed entry, a signed checkpoint records where keyed entries begin (once per process).
  await ensureChainAnchor();
  // The chain needs each writer to see the previous entry's hash.
  await lockChain(tx);
  const last = await tx.auditEntry.findFirst({ orderBy: { seq: "desc" }, select: { hash: true } });
  const [next] = await tx.$queryRaw<
    { seq: bigint }[]
  >`select nextval(pg_get_serial_sequence('audit_log', 'seq')) as seq`;
  if (!next) throw new Error("Could not allocate an audit sequence number");

  const fields = {
    seq: next.seq,
    at: new Date(),
    actorId: input.actorId,
    actorEmail: storableOrNull(input.actorEmail),
    actorRole: input.actorRole,
    authMethod: input.authMethod,
    action: toStorableText(input.action),
    targetType: storableOrNull(input.targetType),
    targetId: storableOrNull(input.targetId),
    params: storable(redact(input.params ?? {}) ?? {}) as object,
    result: input.result,
    reason: storableOrNull(input.reason),
    requestId: storableOrNull(input.requestId),
    ip: storableOrNull(input.ip),
    userAgent: storableOrNull(input.userAgent),
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  const hash = entryHash(key, prevHash, fields);
  await tx.auditEntry.create({ data: { ...fields, prevHash, hash } });
  return { seq: fields.seq, hash };
}

const storableOrNull = (value: string | null | undefined) => (value == null ? null : toStorableText(value));

/** Every string in recorded parameters, keys included, as PostgreSQL can store it. */
function storable(value: unknown): unknown {
  if (typeof value === "string") return toStorableText(value);
  if (Array.isArray(value)) return value.map(storable);
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [toStorableText(key), storable(v)]));
  return value;
}
