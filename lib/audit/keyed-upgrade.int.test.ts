// A database written before the chain was keyed: its entries keep their plain SHA-256 hashes, the first
// start with AUDIT_CHAIN_KEY anchors them with a signed checkpoint, and from there on every entry is keyed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type pg from "pg";
import { db } from "@/lib/db/client";
import { superuserSql } from "@/tests/support/db";
import { GENESIS_HASH, unkeyedEntryHash, type ChainedFields } from "./chain";
import { checkpointValid, ensureChainAnchor, recordedCheckpoints } from "./checkpoint";
import { auditChainKey } from "./key";
import { appendAudit } from "./record";
import { verifyAuditChain } from "./verify";

let attacker: pg.Client;
beforeAll(async () => {
  attacker = await superuserSql();
});
afterAll(async () => attacker.end());

function legacyEntry(seq: bigint, action: string): ChainedFields {
  return {
    seq,
    at: new Date(Date.UTC(2026, 10, 1, 12, 0, Number(seq))),
    actorId: null,
    actorEmail: "old@example.com",
    actorRole: "admin",
    authMethod: "credentials",
    action,
    targetType: null,
    targetId: null,
    params: { n: Number(seq) },
    result: "success",
    reason: null,
    requestId: null,
    ip: null,
    userAgent: null,
  };
}

/** Writes rows as the old code did: plain SHA-256 chain. Returns the last hash. */
async function writeUnkeyed(entries: ChainedFields[], prevHash: string, replace = false): Promise<string> {
  await attacker.query("begin");
  await attacker.query("alter table audit_log disable trigger user");
  for (const e of entries) {
    const hash = unkeyedEntryHash(prevHash, e);
    if (replace) await attacker.query("delete from audit_log where seq = $1", [e.seq]);
    await attacker.query(
      `insert into audit_log (seq, at, actor_email, actor_role, auth_method, action, params, result, prev_hash, hash)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [e.seq, e.at, e.actorEmail, e.actorRole, e.authMethod, e.action, e.params, e.result, prevHash, hash],
    );
    prevHash = hash;
  }
  await attacker.query("alter table audit_log enable trigger user");
  await attacker.query("commit");
  return prevHash;
}

describe("keying an existing audit log", () => {
  const legacy = [1n, 2n, 3n].map((seq) => legacyEntry(seq, "legacy.event"));

  it("anchors the unkeyed entries with a signed checkpoint and keys every entry after them", async () => {
    const legacyHead = await writeUnkeyed(legacy, GENESIS_HASH);
    await attacker.query(`select setval(pg_get_serial_sequence('audit_log', 'seq'), 3)`);

    await db().$transaction((tx) =>
      appendAudit(tx, {
        actorId: null,
        actorEmail: "new@example.com",
        actorRole: "admin",
        authMethod: "cli",
        action: "keyed.event",
        result: "success",
      }),
    );
    expect(await ensureChainAnchor()).toBe(4n);
    const { valid } = await recordedCheckpoints(db(), auditChainKey());
    const anchor = valid[valid.length - 1]!;
    expect(anchor).toMatchObject({ seq: 3n, count: 3n, hash: legacyHead, keyedFrom: 4n });
    expect(checkpointValid(auditChainKey(), anchor)).toBe(true);

    const report = await verifyAuditChain(db());
    expect(report.breaks).toEqual([]);
    expect(report.checked).toBe(4);
  });

  it("detects unkeyed entries rewritten and recomputed up to the anchor", async () => {
    const rewritten = [legacy[0]!, { ...legacy[1]!, result: "denied" as const }, legacy[2]!];
    const headBefore = (await attacker.query("select hash from audit_log where seq = 1")).rows[0]
      .hash as string;
    await writeUnkeyed(rewritten.slice(1), headBefore, true);
    const report = await verifyAuditChain(db());
    expect(report.breaks).toContainEqual(expect.objectContaining({ kind: "checkpoint-mismatch", seq: 3n }));
    // The first keyed entry still links to the original head, and its keyed hash covers that link.
    expect(report.breaks).toContainEqual(expect.objectContaining({ kind: "broken-link", seq: 4n }));
    await writeUnkeyed(legacy.slice(1), headBefore, true);
    expect((await verifyAuditChain(db())).breaks).toEqual([]);
  });

  it("does not take a keyed entry recomputed without the key for an unkeyed one", async () => {
    const keyed = (await attacker.query("select * from audit_log where seq = 4")).rows[0];
    const fields = legacyEntry(4n, keyed.action);
    await writeUnkeyed(
      [
        {
          ...fields,
          at: keyed.at,
          actorEmail: keyed.actor_email,
          authMethod: keyed.auth_method,
          params: keyed.params,
        },
      ],
      keyed.prev_hash,
      true,
    );
    expect((await verifyAuditChain(db())).breaks).toContainEqual(
      expect.objectContaining({ kind: "altered", seq: 4n }),
    );
  });
});
