// Signed checkpoints of the audit chain's head: how many entries up to which sequence number, the head's
// hash, and from which sequence number entries are keyed, signed with AUDIT_CHAIN_KEY. A checkpoint is
// kept in `audit_checkpoints`, by the instance that took it, and copies leave the database (log line,
// /api/metrics, optional webhook: lib/audit/publish.ts), so verification can tell that the newest entries
// were removed or the table emptied, which the chain alone cannot show (docs/adr/0004).
import { createHmac } from "node:crypto";
import canonicalize from "canonicalize";
import { z } from "zod";
import { db as appDb, type Db, type Tx } from "@/lib/db/client";
import { secretsEqual } from "@/lib/auth/constant-time";
import { logger } from "@/lib/observability/logger";
import { GENESIS_HASH, lockChain } from "./chain";
import { auditChainKey } from "./key";
import { ChainWalk } from "./walk";

export type Checkpoint = {
  /** The head's sequence number (0 for an empty log). */
  seq: bigint;
  /** Entries with a sequence number up to `seq`. */
  count: bigint;
  /** The head entry's hash (GENESIS_HASH for an empty log). */
  hash: string;
  /** Entries from this sequence number on are keyed; earlier ones were written before the key existed. */
  keyedFrom: bigint;
  at: Date;
  signature: string;
};

export type CheckpointJson = {
  seq: string;
  count: string;
  hash: string;
  keyedFrom: string;
  at: string;
  signature: string;
};

type Unsigned = Omit<Checkpoint, "signature">;

function signedText(cp: Unsigned): string {
  return canonicalize({
    v: 1,
    seq: cp.seq.toString(),
    count: cp.count.toString(),
    hash: cp.hash,
    keyedFrom: cp.keyedFrom.toString(),
    at: cp.at.toISOString(),
  })!;
}

export function signCheckpoint(key: Buffer, cp: Unsigned): Checkpoint {
  return { ...cp, signature: createHmac("sha256", key).update(signedText(cp)).digest("hex") };
}

export function checkpointValid(key: Buffer, cp: Checkpoint): boolean {
  return secretsEqual(cp.signature, signCheckpoint(key, cp).signature);
}

export function checkpointJson(cp: Checkpoint): CheckpointJson {
  return {
    seq: cp.seq.toString(),
    count: cp.count.toString(),
    hash: cp.hash,
    keyedFrom: cp.keyedFrom.toString(),
    at: cp.at.toISOString(),
    signature: cp.signature,
  };
}

const digits = z.union([z.string().regex(/^\d{1,19}$/), z.number().int().nonnegative()]).transform(BigInt);
const checkpointSchema = z.object({
  seq: digits,
  count: digits,
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  keyedFrom: digits,
  at: z.iso.datetime().transform((v) => new Date(v)),
  signature: z.string().regex(/^[0-9a-f]{64}$/),
});

/**
 * A checkpoint as published: the object itself (webhook body, `--checkpoint '<json>'`) or a log line that
 * carries it under `auditCheckpoint`. Null when the text holds none.
 */
export function parseCheckpoint(text: string): Checkpoint | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const candidate =
    value && typeof value === "object" && "auditCheckpoint" in value
      ? (value as { auditCheckpoint: unknown }).auditCheckpoint
      : value;
  const parsed = checkpointSchema.safeParse(candidate);
  return parsed.success ? parsed.data : null;
}

/**
 * The newest checkpoints in the database (`take` rows), split by whether their signature holds, newest
 * first; `newestForged` says whether rows newer than the newest valid one do not verify.
 */
export async function recordedCheckpoints(
  client: Db | Tx,
  key: Buffer,
  take = 50,
): Promise<{ valid: Checkpoint[]; forged: Checkpoint[]; newestForged: boolean }> {
  const rows = await client.auditCheckpoint.findMany({ orderBy: { id: "desc" }, take });
  const checkpoints = rows.map(({ id: _id, ...cp }) => cp);
  const valid = checkpoints.filter((cp) => checkpointValid(key, cp));
  const forged = checkpoints.filter((cp) => !checkpointValid(key, cp));
  return { valid, forged, newestForged: !!checkpoints[0] && !checkpointValid(key, checkpoints[0]) };
}

/** The key does not match the one that signed this database's checkpoints. */
export class AuditChainKeyError extends Error {
  constructor() {
    super(
      "AUDIT_CHAIN_KEY does not match the key that signed this database's audit checkpoints. Every instance " +
        "and the CLI must use the same key; with another one, the audit log cannot be written or verified.",
    );
  }
}

/** The chain since the last checkpoint does not hold: no new checkpoint vouches for it. */
export class AuditTamperedError extends Error {}

// One per process (Next.js dev reloads keep it): the anchor is checked once, the latest checkpoint kept.
const state = globalThis as unknown as {
  __opsdeckAuditAnchor?: Promise<bigint>;
  __opsdeckAuditCheckpoint?: Checkpoint;
};

/** The latest checkpoint this process took or saw. */
export function instanceCheckpoint(): Checkpoint | null {
  return state.__opsdeckAuditCheckpoint ?? null;
}

function remember(cp: Checkpoint) {
  const current = state.__opsdeckAuditCheckpoint;
  if (!current || cp.seq >= current.seq) state.__opsdeckAuditCheckpoint = cp;
}

/**
 * Makes sure the database has a signed checkpoint before this process writes keyed entries, and that its
 * key signed it. Where there is none yet (a new database, or one written before the chain was keyed),
 * the first checkpoint anchors the chain: entries up to the head keep their unkeyed hashes, and from the
 * next sequence number on every entry must be keyed. Resolves to that sequence number (keyedFrom).
 */
export function ensureChainAnchor(database: Db = appDb()): Promise<bigint> {
  state.__opsdeckAuditAnchor ??= anchor(database).catch((error: unknown) => {
    state.__opsdeckAuditAnchor = undefined;
    throw error;
  });
  return state.__opsdeckAuditAnchor;
}

async function anchor(database: Db): Promise<bigint> {
  const key = auditChainKey();
  return database.$transaction(async (tx) => {
    await lockChain(tx);
    const { valid, forged, newestForged } = await recordedCheckpoints(tx, key);
    const newest = valid[0];
    if (newest) {
      if (newestForged)
        logger.error(
          { seqs: forged.map((f) => f.seq.toString()) },
          "audit checkpoints with a signature that does not verify were added to the database",
        );
      remember(newest);
      return newest.keyedFrom;
    }
    if (forged.length) throw new AuditChainKeyError();

    const last = await tx.auditEntry.findFirst({ orderBy: { seq: "desc" } });
    if (last && new ChainWalk(key, 1n, last.prevHash).isKeyed(last)) {
      // Keyed entries exist, so an anchor was written and has been removed since. Re-anchoring here would
      // vouch for whatever the table holds now; verification reports the missing checkpoints instead.
      logger.error("the audit log is keyed but its checkpoints were removed from the database");
      return 1n;
    }
    const seq = last?.seq ?? 0n;
    const cp = signCheckpoint(key, {
      seq,
      count: last ? BigInt(await tx.auditEntry.count()) : 0n,
      hash: last?.hash ?? GENESIS_HASH,
      keyedFrom: seq + 1n,
      at: new Date(),
    });
    await tx.auditCheckpoint.create({ data: cp });
    if (last)
      logger.warn(
        { auditCheckpoint: checkpointJson(cp) },
        `audit chain keyed from entry #${cp.keyedFrom}; the ${cp.count} earlier entries keep unkeyed hashes, anchored by this checkpoint`,
      );
    remember(cp);
    return cp.keyedFrom;
  });
}

/**
 * Signs the current head, after checking the entries since the previous checkpoint (this process's or the
 * database's, whichever is newer): a new checkpoint only ever vouches for a chain that holds. Returns the
 * previous checkpoint unchanged when the head has not moved.
 */
export async function takeCheckpoint(
  database: Db = appDb(),
): Promise<{ checkpoint: Checkpoint; created: boolean }> {
  const key = auditChainKey();
  const keyedFrom = await ensureChainAnchor(database);
  return database.$transaction(
    async (tx) => {
      await lockChain(tx);
      const references = [(await recordedCheckpoints(tx, key, 10)).valid[0], instanceCheckpoint()]
        .filter((cp): cp is Checkpoint => !!cp)
        .sort((a, b) => (a.seq < b.seq ? 1 : -1));
      for (const ref of references) {
        if (ref.seq === 0n) continue;
        const entry = await tx.auditEntry.findUnique({ where: { seq: ref.seq }, select: { hash: true } });
        if (entry?.hash !== ref.hash)
          throw new AuditTamperedError(
            `entry #${ref.seq} of the checkpoint of ${ref.at.toISOString()} is ${entry ? "different" : "gone"}`,
          );
      }
      const previous = references[0];
      const head = await tx.auditEntry.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } });
      if (previous && (head?.seq ?? 0n) === previous.seq) {
        remember(previous);
        return { checkpoint: previous, created: false };
      }

      const walk = new ChainWalk(key, keyedFrom, previous?.hash ?? GENESIS_HASH);
      let cursor = previous?.seq ?? 0n;
      for (;;) {
        const rows = await tx.auditEntry.findMany({
          where: { seq: { gt: cursor } },
          orderBy: { seq: "asc" },
          take: 1_000,
        });
        if (!rows.length) break;
        for (const row of rows) walk.add(row);
        cursor = rows[rows.length - 1]!.seq;
      }
      const problem = walk.breaks[0];
      if (problem) throw new AuditTamperedError(problem.message);

      const cp = signCheckpoint(key, {
        seq: cursor,
        count: (previous?.count ?? 0n) + BigInt(walk.checked),
        hash: walk.prevHash,
        keyedFrom,
        at: new Date(),
      });
      await tx.auditCheckpoint.create({ data: cp });
      remember(cp);
      return { checkpoint: cp, created: true };
    },
    { timeout: 60_000 },
  );
}
