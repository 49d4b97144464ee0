// The audit log's hash chain. Each entry's hash covers the previous entry's hash and every recorded field,
// so altering, removing or inserting a row breaks the chain from that point (lib/audit/verify.ts). The
// chain is keyed (an HMAC with AUDIT_CHAIN_KEY, kept outside the database), so someone who can write to
// the database cannot recompute it; entries written before the key existed keep their plain SHA-256
// (docs/adr/0004).
import { createHash, createHmac } from "node:crypto";
import canonicalize from "canonicalize";
import type { Tx } from "@/lib/db/client";

export const GENESIS_HASH = "0".repeat(64);

/** Serialises appends and checkpoints: each needs the chain's head to stay put until it commits. */
const AUDIT_CHAIN_LOCK = 0x0a0d17;

export async function lockChain(tx: Tx): Promise<void> {
  await tx.$executeRaw`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`;
}

export type ChainedFields = {
  seq: bigint;
  at: Date;
  actorId: string | null;
  actorEmail: string | null;
  actorRole: string | null;
  authMethod: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  params: unknown;
  result: string;
  reason: string | null;
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
};

function hashedText(prevHash: string, entry: ChainedFields): string {
  // RFC 8785 canonical JSON, so the hash does not depend on key order (jsonb reorders keys).
  const body = canonicalize({ ...entry, seq: entry.seq.toString(), at: entry.at.toISOString() });
  return `${prevHash}\n${body}`;
}

/** An entry's hash: HMAC-SHA256 with the chain key over the previous hash and the entry. */
export function entryHash(key: Buffer, prevHash: string, entry: ChainedFields): string {
  return createHmac("sha256", key).update(hashedText(prevHash, entry)).digest("hex");
}

/** The hash of entries written before the chain was keyed: plain SHA-256 over the same text. */
export function unkeyedEntryHash(prevHash: string, entry: ChainedFields): string {
  return createHash("sha256").update(hashedText(prevHash, entry)).digest("hex");
}

const SECRET_KEY = /pass(word)?|secret|token|authorization|cookie|api[-_]?key|credential/i;

/** Replaces the values of secret-looking keys, at any depth, before parameters are recorded. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, v]) => [
        key,
        SECRET_KEY.test(key) ? "[redacted]" : redact(v),
      ]),
    );
  }
  return value;
}
