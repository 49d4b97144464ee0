// Walks the whole audit log in order, recomputes the keyed hash chain, and checks it against the signed
// checkpoints it is given (from logs, metrics or the webhook target), the one this instance took last and
// the newest in the database: a chain that holds but ends before a checkpoint's entry lost its tail.
import type { Db } from "@/lib/db/client";
import { GENESIS_HASH } from "./chain";
import { checkpointValid, instanceCheckpoint, recordedCheckpoints, type Checkpoint } from "./checkpoint";
import { auditChainKey } from "./key";
import { ChainWalk, type ChainBreak } from "./walk";

export type { BreakKind, ChainBreak } from "./walk";

export type CheckpointSource = "given" | "instance" | "database";

const SOURCE_TEXT: Record<CheckpointSource, string> = {
  given: "given",
  instance: "kept by this instance",
  database: "recorded in the database",
};

export type VerifyReport = {
  checked: number;
  breaks: ChainBreak[];
  /** The newest entry, or null for an empty log. */
  head: { seq: bigint; hash: string } | null;
  /** The newest checkpoint the log was checked against. */
  checkpoint: { seq: bigint; count: bigint; at: Date; source: CheckpointSource } | null;
};

type Reference = Checkpoint & { source: CheckpointSource };

function describe(ref: Reference) {
  return `the checkpoint of ${ref.at.toISOString()} (${SOURCE_TEXT[ref.source]})`;
}

export async function verifyAuditChain(
  db: Db,
  options: { checkpoints?: Checkpoint[]; batchSize?: number } = {},
): Promise<VerifyReport> {
  const key = auditChainKey();
  const batchSize = options.batchSize ?? 5_000;
  const breaks: ChainBreak[] = [];

  const recorded = await recordedCheckpoints(db, key);
  for (const forged of recorded.forged)
    breaks.push({
      kind: "forged-checkpoint",
      seq: forged.seq,
      message: `A checkpoint in the database (for entry #${forged.seq}) is not signed with AUDIT_CHAIN_KEY: it was forged, or written with another key.`,
    });
  const references: Reference[] = [];
  for (const given of options.checkpoints ?? []) {
    if (checkpointValid(key, given)) references.push({ ...given, source: "given" });
    else
      breaks.push({
        kind: "forged-checkpoint",
        seq: given.seq,
        message: `The given checkpoint for entry #${given.seq} is not signed with AUDIT_CHAIN_KEY.`,
      });
  }
  const own = instanceCheckpoint();
  if (own) references.push({ ...own, source: "instance" });
  if (recorded.valid[0]) references.push({ ...recorded.valid[0], source: "database" });

  // Every checkpoint carries where keyed entries begin; with none, every entry must be keyed.
  const keyedFrom = references.reduce((min, r) => (r.keyedFrom < min ? r.keyedFrom : min), 1n << 62n);
  const walk = new ChainWalk(key, references.length ? keyedFrom : 1n, GENESIS_HASH);
  const bySeq = new Map<bigint, Reference[]>();
  for (const ref of references) if (ref.seq > 0n) bySeq.set(ref.seq, [...(bySeq.get(ref.seq) ?? []), ref]);
  const seen = new Set<Reference>();

  let cursor: bigint | undefined;
  let head: VerifyReport["head"] = null;
  for (;;) {
    const rows = await db.auditEntry.findMany({
      where: cursor === undefined ? {} : { seq: { gt: cursor } },
      orderBy: { seq: "asc" },
      take: batchSize,
    });
    if (rows.length === 0) break;
    for (const row of rows) {
      walk.add(row);
      for (const ref of bySeq.get(row.seq) ?? []) {
        seen.add(ref);
        if (ref.hash !== row.hash)
          breaks.push({
            kind: "checkpoint-mismatch",
            seq: row.seq,
            message: `Entry #${row.seq} is not the one ${describe(ref)} signed: the log was rewritten up to it.`,
          });
        else if (ref.count !== BigInt(walk.checked))
          breaks.push({
            kind: "checkpoint-mismatch",
            seq: row.seq,
            message: `${describe(ref)} counts ${ref.count} entries up to #${row.seq}; the log has ${walk.checked}.`,
          });
      }
    }
    const last = rows[rows.length - 1]!;
    head = { seq: last.seq, hash: last.hash };
    cursor = last.seq;
  }
  breaks.push(...walk.breaks);

  for (const ref of references) {
    if (ref.seq === 0n || seen.has(ref)) continue;
    breaks.push({
      kind: "missing",
      seq: ref.seq,
      message:
        head === null || head.seq < ref.seq
          ? `${describe(ref)} vouches for ${ref.count} entries up to #${ref.seq}, but the log ${head ? `ends at #${head.seq}` : "is empty"}: entries were removed.`
          : `Entry #${ref.seq}, which ${describe(ref)} vouches for, was removed.`,
    });
  }
  if (!references.length && head)
    breaks.push({
      kind: "no-checkpoint",
      seq: null,
      message:
        "There is no signed checkpoint to check the log against, so removed or recomputed entries cannot be ruled out. " +
        "Opsdeck writes one when it starts; give the latest one from the logs with --checkpoint.",
    });

  const newest = references.reduce<Reference | null>((n, r) => (!n || r.seq > n.seq ? r : n), null);
  return {
    checked: walk.checked,
    breaks: breaks.sort((a, b) =>
      (a.seq ?? 0n) < (b.seq ?? 0n) ? -1 : (a.seq ?? 0n) > (b.seq ?? 0n) ? 1 : 0,
    ),
    head,
    checkpoint: newest && { seq: newest.seq, count: newest.count, at: newest.at, source: newest.source },
  };
}
