import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type pg from "pg";
import { db } from "@/lib/db/client";
import { metrics } from "@/lib/observability/metrics";
import { sql, superuserSql } from "@/tests/support/db";
import { unkeyedEntryHash } from "./chain";
import {
  AuditTamperedError,
  checkpointJson,
  parseCheckpoint,
  takeCheckpoint,
  type Checkpoint,
} from "./checkpoint";
import { checkpointAndPublish } from "./publish";
import { appendAudit, type AuditInput } from "./record";
import { verifyAuditChain } from "./verify";

const base: AuditInput = {
  actorId: null,
  actorEmail: "tester@example.com",
  actorRole: "admin",
  authMethod: "cli",
  action: "test.event",
  result: "success",
};

let app: pg.Client;
let attacker: pg.Client;
beforeAll(async () => {
  app = await sql();
  attacker = await superuserSql();
});
afterAll(async () => Promise.all([app.end(), attacker.end()]));

async function append(n: number, extra: Partial<AuditInput> = {}) {
  for (let i = 0; i < n; i++)
    await db().$transaction((tx) => appendAudit(tx, { ...base, params: { i }, ...extra }));
}

async function seqs(action: string): Promise<string[]> {
  const { rows } = await attacker.query(`select seq from audit_log where action = $1 order by seq`, [action]);
  return rows.map((r: { seq: string }) => r.seq);
}

/**
 * What someone with full access to the database but without AUDIT_CHAIN_KEY can do: switch the guard
 * triggers off and change rows. The log and its checkpoints are restored afterwards, so each attack
 * starts from an intact log.
 */
async function tamper(statements: [string, unknown[]?][]) {
  await attacker.query("begin");
  await attacker.query("create temp table if not exists saved_log as select * from audit_log with no data");
  await attacker.query(
    "create temp table if not exists saved_checkpoints as select * from audit_checkpoints with no data",
  );
  await attacker.query("truncate saved_log, saved_checkpoints");
  await attacker.query("insert into saved_log select * from audit_log");
  await attacker.query("insert into saved_checkpoints select * from audit_checkpoints");
  await attacker.query("alter table audit_log disable trigger user");
  await attacker.query("alter table audit_checkpoints disable trigger user");
  for (const [text, params] of statements) await attacker.query(text, params);
  await attacker.query("alter table audit_log enable trigger user");
  await attacker.query("alter table audit_checkpoints enable trigger user");
  await attacker.query("commit");
  restore = true;
}

let restore = false;
afterEach(async () => {
  if (!restore) return;
  restore = false;
  await attacker.query("begin");
  await attacker.query("alter table audit_log disable trigger user");
  await attacker.query("alter table audit_checkpoints disable trigger user");
  await attacker.query("delete from audit_log");
  await attacker.query("delete from audit_checkpoints");
  await attacker.query("insert into audit_log select * from saved_log");
  await attacker.query("insert into audit_checkpoints select * from saved_checkpoints");
  await attacker.query("alter table audit_log enable trigger user");
  await attacker.query("alter table audit_checkpoints enable trigger user");
  await attacker.query("commit");
  expect((await verifyAuditChain(db())).breaks).toEqual([]);
});

/** Rewrites the entry's result and recomputes the plain SHA-256 chain from it to the head, as the old code did. */
async function rewriteAndRecompute(seq: string) {
  const { rows } = await attacker.query(`select * from audit_log where seq >= $1 order by seq`, [seq]);
  const [before] = (
    await attacker.query(`select hash from audit_log where seq < $1 order by seq desc limit 1`, [seq])
  ).rows as { hash: string }[];
  let prevHash = before!.hash;
  const statements: [string, unknown[]][] = [];
  for (const row of rows) {
    const fields = {
      seq: BigInt(row.seq),
      at: row.at,
      actorId: row.actor_id,
      actorEmail: row.actor_email,
      actorRole: row.actor_role,
      authMethod: row.auth_method,
      action: row.action,
      targetType: row.target_type,
      targetId: row.target_id,
      params: row.params,
      result: row.seq === seq ? "denied" : row.result,
      reason: row.reason,
      requestId: row.request_id,
      ip: row.ip,
      userAgent: row.user_agent,
    };
    const hash = unkeyedEntryHash(prevHash, fields);
    statements.push([
      `update audit_log set result = $2, prev_hash = $3, hash = $4 where seq = $1`,
      [row.seq, fields.result, prevHash, hash],
    ]);
    prevHash = hash;
  }
  await tamper(statements);
}

describe("audit log", () => {
  it("chains entries and verifies an untouched log against a signed checkpoint", async () => {
    await append(5);
    const { checkpoint } = await takeCheckpoint();
    const report = await verifyAuditChain(db());
    expect(report.breaks).toEqual([]);
    expect(report.checked).toBeGreaterThanOrEqual(5);
    expect(report.checkpoint).toMatchObject({ seq: checkpoint.seq, source: "instance" });
  });

  it("stays one chain under concurrent writers", async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db().$transaction((tx) => appendAudit(tx, { ...base, action: "test.concurrent", params: { i } })),
      ),
    );
    expect((await verifyAuditChain(db())).breaks).toEqual([]);
  });

  it("redacts secrets in recorded parameters", async () => {
    const { seq } = await db().$transaction((tx) =>
      appendAudit(tx, { ...base, params: { email: "x@example.com", password: "hunter2hunter2" } }),
    );
    const row = await db().auditEntry.findUniqueOrThrow({ where: { seq } });
    expect(row.params).toEqual({ email: "x@example.com", password: "[redacted]" });
  });

  it("records text PostgreSQL cannot store with U+FFFD in its place, and the chain still verifies", async () => {
    // A failed attempt is worth recording most when its input was strange: the entry must never fail.
    const { seq } = await db().$transaction((tx) =>
      appendAudit(tx, {
        ...base,
        result: "failed",
        targetId: "svc\u0000",
        params: { title: "a\u0000b", ["key\uD800"]: ["\uDC00x", { nested: "\uD83D" }], ok: "😀" },
        reason: "invalid byte sequence for encoding UTF8: 0x00 in \u0000",
        userAgent: "agent\uDFFF",
      }),
    );
    const row = await db().auditEntry.findUniqueOrThrow({ where: { seq } });
    expect(row).toMatchObject({
      targetId: "svc\uFFFD",
      params: { title: "a\uFFFDb", ["key\uFFFD"]: ["\uFFFDx", { nested: "\uFFFD" }], ok: "😀" },
      reason: "invalid byte sequence for encoding UTF8: 0x00 in \uFFFD",
      userAgent: "agent\uFFFD",
    });
    expect((await verifyAuditChain(db())).breaks).toEqual([]);
  });

  it("is append-only in the database itself, even for a superuser", async () => {
    await append(1);
    for (const table of ["audit_log", "audit_checkpoints"]) {
      await expect(attacker.query(`update ${table} set seq = seq`)).rejects.toThrow(
        `${table} is append-only: UPDATE`,
      );
      await expect(attacker.query(`delete from ${table}`)).rejects.toThrow(`${table} is append-only: DELETE`);
      await expect(attacker.query(`truncate ${table}`)).rejects.toThrow(`${table} is append-only: TRUNCATE`);
    }
  });

  it("runs as a role that can neither change entries nor switch the guard off", async () => {
    const refused = [
      "update audit_log set action = 'forged'",
      "delete from audit_log",
      "truncate audit_log",
      "delete from audit_checkpoints",
      "alter table audit_log disable trigger user",
      "alter table audit_log disable trigger all",
      "drop trigger audit_log_append_only_rows on audit_log",
      "create or replace function audit_log_reject_change() returns trigger language plpgsql as $$ begin return null; end $$",
      "alter table audit_log owner to current_user",
      "set session_replication_role = replica",
      "create table audit_log_copy (seq bigint)",
    ];
    for (const statement of refused) {
      await expect(app.query(statement), statement).rejects.toThrow(/permission denied|must be (the )?owner/);
      // The app's own Prisma client signs in as the same role.
      await expect(db().$executeRawUnsafe(statement), statement).rejects.toThrow();
    }
    const { rows } = await app.query(
      `select rolsuper, rolbypassrls from pg_roles where rolname = current_user`,
    );
    expect(rows[0]).toEqual({ rolsuper: false, rolbypassrls: false });
  });

  it("does not record anything when the surrounding change rolls back", async () => {
    const before = await db().auditEntry.count();
    await expect(
      db().$transaction(async (tx) => {
        await appendAudit(tx, { ...base, action: "test.rolled_back" });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await db().auditEntry.count()).toBe(before);
    expect((await verifyAuditChain(db())).breaks).toEqual([]);
  });
});

describe("an attacker with database access but without the chain key", () => {
  it("cannot alter an entry unseen", async () => {
    await append(3, { action: "test.alter" });
    const [, seq] = await seqs("test.alter");
    await tamper([[`update audit_log set result = 'denied' where seq = $1`, [seq]]]);
    expect((await verifyAuditChain(db())).breaks).toContainEqual(
      expect.objectContaining({ kind: "altered", seq: BigInt(seq!) }),
    );
  });

  it("cannot remove an entry unseen", async () => {
    await append(3, { action: "test.remove" });
    const rows = await seqs("test.remove");
    await tamper([[`delete from audit_log where seq = $1`, [rows[1]]]]);
    expect((await verifyAuditChain(db())).breaks).toContainEqual(
      expect.objectContaining({ kind: "broken-link", seq: BigInt(rows[2]!) }),
    );
  });

  it("cannot rewrite an entry and recompute the chain after it", async () => {
    await append(4, { action: "test.recompute" });
    await takeCheckpoint();
    const rows = await seqs("test.recompute");
    await rewriteAndRecompute(rows[1]!);
    const report = await verifyAuditChain(db());
    // Every recomputed entry fails the keyed hash, and the checkpoint no longer matches the head.
    for (const seq of rows.slice(1))
      expect(report.breaks).toContainEqual(expect.objectContaining({ kind: "altered", seq: BigInt(seq) }));
    expect(report.breaks).toContainEqual(expect.objectContaining({ kind: "checkpoint-mismatch" }));
  });

  it("cannot delete the newest entries unseen", async () => {
    await append(3, { action: "test.tail" });
    const { checkpoint } = await takeCheckpoint();
    const rows = await seqs("test.tail");
    await tamper([[`delete from audit_log where seq >= $1`, [rows[1]]]]);
    const report = await verifyAuditChain(db());
    expect(report.breaks).toContainEqual(expect.objectContaining({ kind: "missing", seq: checkpoint.seq }));
    expect(report.breaks.find((b) => b.kind === "missing")?.message).toMatch(
      new RegExp(`up to #${checkpoint.seq}, but the log ends at #${BigInt(rows[0]!)}`),
    );
  });

  it("cannot empty the table unseen", async () => {
    await append(2, { action: "test.empty" });
    const { checkpoint } = await takeCheckpoint();
    await tamper([["delete from audit_log"]]);
    const report = await verifyAuditChain(db());
    expect(report.checked).toBe(0);
    expect(report.breaks).toContainEqual(expect.objectContaining({ kind: "missing", seq: checkpoint.seq }));
  });

  it("is caught by a checkpoint from outside the database when the recorded ones are deleted too", async () => {
    await append(3, { action: "test.everything" });
    const { checkpoint } = await takeCheckpoint();
    // As published in the log line, the webhook's body or `--checkpoint '<json>'`.
    const published = parseCheckpoint(
      JSON.stringify({ msg: "audit checkpoint", auditCheckpoint: checkpointJson(checkpoint) }),
    );
    expect(published).toEqual(checkpoint);
    const rows = await seqs("test.everything");
    await tamper([[`delete from audit_log where seq >= $1`, [rows[0]]], ["delete from audit_checkpoints"]]);
    // A fresh process (the CLI) has no checkpoint of its own: only the given one tells.
    const { __opsdeckAuditCheckpoint: own } = globalThis as { __opsdeckAuditCheckpoint?: Checkpoint };
    delete (globalThis as { __opsdeckAuditCheckpoint?: Checkpoint }).__opsdeckAuditCheckpoint;
    try {
      expect((await verifyAuditChain(db())).breaks).toContainEqual(
        expect.objectContaining({ kind: "no-checkpoint" }),
      );
      const report = await verifyAuditChain(db(), { checkpoints: [published!] });
      expect(report.breaks).toContainEqual(expect.objectContaining({ kind: "missing", seq: checkpoint.seq }));
      expect(report.checkpoint).toMatchObject({ seq: checkpoint.seq, source: "given" });
    } finally {
      (globalThis as { __opsdeckAuditCheckpoint?: Checkpoint }).__opsdeckAuditCheckpoint = own;
    }
  });

  it("cannot forge a checkpoint", async () => {
    await append(1, { action: "test.forge" });
    const { checkpoint } = await takeCheckpoint();
    await tamper([
      [
        `insert into audit_checkpoints (at, seq, count, hash, keyed_from, signature) values (now(), $1, $2, $3, $4, $5)`,
        [
          checkpoint.seq + 10n,
          checkpoint.count + 10n,
          checkpoint.hash,
          checkpoint.keyedFrom,
          "ab".repeat(32),
        ],
      ],
    ]);
    const forged = { ...checkpoint, seq: checkpoint.seq - 1n };
    const report = await verifyAuditChain(db(), { checkpoints: [forged] });
    expect(report.breaks.filter((b) => b.kind === "forged-checkpoint")).toHaveLength(2);
  });

  it("gets no new checkpoint to vouch for a tampered chain", async () => {
    await append(2, { action: "test.vouch" });
    await takeCheckpoint();
    await append(2, { action: "test.vouch" });
    const rows = await seqs("test.vouch");
    await tamper([[`update audit_log set result = 'denied' where seq = $1`, [rows[3]]]]);
    await expect(takeCheckpoint()).rejects.toThrow(AuditTamperedError);
    expect(await checkpointAndPublish()).toBeNull();
    expect(
      await metrics().registry.getSingleMetricAsString("opsdeck_audit_checkpoint_failures_total"),
    ).toMatch(/reason="tampered"} [1-9]/);
  });
});

describe("signed checkpoints", () => {
  let server: Server;
  const received: unknown[] = [];
  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = "";
      request.on("data", (c: Buffer) => (body += c));
      request.on("end", () => {
        received.push(JSON.parse(body));
        response.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("leave the database: metrics, and the webhook target", async () => {
    const { port } = server.address() as AddressInfo;
    const { env } = await import("@/lib/config/env");
    env().AUDIT_CHECKPOINT_WEBHOOK = `http://127.0.0.1:${port}/checkpoints`;
    try {
      await append(1, { action: "test.publish" });
      const checkpoint = await checkpointAndPublish();
      expect(checkpoint).not.toBeNull();
      const head = await db().auditEntry.findFirstOrThrow({ orderBy: { seq: "desc" } });
      expect(checkpoint).toMatchObject({ seq: head.seq, hash: head.hash });

      const text = await metrics().registry.metrics();
      expect(text).toContain(`opsdeck_audit_head_seq ${head.seq}`);
      expect(text).toContain(`signature="${checkpoint!.signature}"`);
      expect(received).toEqual([{ auditCheckpoint: checkpointJson(checkpoint!) }]);

      // Nothing new: the same checkpoint, not sent again.
      expect(await checkpointAndPublish()).toEqual(checkpoint);
      expect(received).toHaveLength(1);
    } finally {
      env().AUDIT_CHECKPOINT_WEBHOOK = undefined;
    }
  });
});
