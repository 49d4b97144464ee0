// Walking the chain entry by entry, in sequence order: each entry must link to the one before and its hash
// must match its content, keyed from `keyedFrom` on and plain SHA-256 before. Shared by verification
// (lib/audit/verify.ts) and by checkpoints, which only vouch for a segment that holds.
import { entryHash, unkeyedEntryHash, type ChainedFields } from "./chain";

export type BreakKind =
  /** An entry's hash does not match its content (or is not keyed where it must be). */
  | "altered"
  /** An entry does not link to the one before it: entries were removed, altered or inserted. */
  | "broken-link"
  /** A checkpoint vouches for entries that are no longer there (the tail deleted, the table emptied). */
  | "missing"
  /** The log differs from a checkpoint at the entry it names (rewritten up to there). */
  | "checkpoint-mismatch"
  /** A checkpoint in the database whose signature does not verify. */
  | "forged-checkpoint"
  /** There is no signed checkpoint to check the log against. */
  | "no-checkpoint";

export type ChainBreak = { kind: BreakKind; seq: bigint | null; message: string };

export type ChainRow = ChainedFields & { prevHash: string; hash: string };

export class ChainWalk {
  readonly breaks: ChainBreak[] = [];
  checked = 0;

  constructor(
    private readonly key: Buffer,
    private readonly keyedFrom: bigint,
    /** The hash the first entry walked must link to. */
    public prevHash: string,
  ) {}

  isKeyed(row: ChainRow): boolean {
    const { prevHash, hash, ...fields } = row;
    return entryHash(this.key, prevHash, fields) === hash;
  }

  add(row: ChainRow): void {
    const { prevHash, hash, ...fields } = row;
    if (prevHash !== this.prevHash)
      this.breaks.push({
        kind: "broken-link",
        seq: row.seq,
        message: `Entry #${row.seq} does not follow the entry before it: entries were removed, altered or inserted before it.`,
      });
    const expected =
      row.seq >= this.keyedFrom ? entryHash(this.key, prevHash, fields) : unkeyedEntryHash(prevHash, fields);
    if (expected !== hash)
      this.breaks.push({
        kind: "altered",
        seq: row.seq,
        message: `Entry #${row.seq} does not match its hash: it was changed after it was written.`,
      });
    this.prevHash = hash;
    this.checked++;
  }
}
