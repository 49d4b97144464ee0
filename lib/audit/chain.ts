// The audit log's hash chain. Each entry's hash covers the previous entry's hash and every recorded field,
// so altering, removing or inserting a row breaks the chain from that point (lib/audit/verify.ts).
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";

export const GENESIS_HASH = "0".repeat(64);

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

export function entryHash(prevHash: string, entry: ChainedFields): string {
  // RFC 8785 canonical JSON, so the hash does not depend on key order (jsonb reorders keys).
  const body = canonicalize({ ...entry, seq: entry.seq.toString(), at: entry.at.toISOString() });
  return createHash("sha256").update(`${prevHash}\n${body}`).digest("hex");
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
