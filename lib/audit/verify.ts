// Walks the whole audit log in order and recomputes the hash chain (npm run audit:verify).
import type { Db } from "@/lib/db/client";
import { entryHash, GENESIS_HASH } from "./chain";

export type ChainBreak = {
  seq: bigint;
  /** altered: the row's own hash does not match its content; broken-link: a row before it was removed or inserted. */
  kind: "altered" | "broken-link";
};

export type VerifyReport = { checked: number; breaks: ChainBreak[]; lastHash: string };

export async function verifyAuditChain(db: Db, options: { batchSize?: number } = {}): Promise<VerifyReport> {
  const batchSize = options.batchSize ?? 5_000;
  let prevHash = GENESIS_HASH;
  let cursor: bigint | undefined;
  let checked = 0;
  const breaks: ChainBreak[] = [];

  for (;;) {
    const rows = await db.auditEntry.findMany({
      where: cursor === undefined ? {} : { seq: { gt: cursor } },
      orderBy: { seq: "asc" },
      take: batchSize,
    });
    if (rows.length === 0) break;
    for (const row of rows) {
      const { prevHash: storedPrev, hash, ...fields } = row;
      if (storedPrev !== prevHash) breaks.push({ seq: row.seq, kind: "broken-link" });
      if (entryHash(storedPrev, fields) !== hash) breaks.push({ seq: row.seq, kind: "altered" });
      prevHash = hash;
      checked++;
    }
    cursor = rows[rows.length - 1]!.seq;
  }
  return { checked, breaks, lastHash: prevHash };
}
