import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type pg from "pg";
import { db } from "@/lib/db/client";
import { sql } from "@/tests/support/db";
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

let client: pg.Client;
beforeAll(async () => {
  client = await sql();
});
afterAll(async () => client.end());

async function append(n: number, extra: Partial<AuditInput> = {}) {
  for (let i = 0; i < n; i++)
    await db().$transaction((tx) => appendAudit(tx, { ...base, params: { i }, ...extra }));
}

/** Changes rows behind the app's back, as a superuser who turned the guard triggers off. */
async function tamper(statement: string, params: unknown[] = []) {
  await client.query("begin");
  await client.query("alter table audit_log disable trigger user");
  await client.query(statement, params);
  await client.query("alter table audit_log enable trigger user");
  await client.query("commit");
}

describe("audit log", () => {
  it("chains entries and verifies an untouched log", async () => {
    await append(5);
    const report = await verifyAuditChain(db());
    expect(report.breaks).toEqual([]);
    expect(report.checked).toBeGreaterThanOrEqual(5);
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

  it("is append-only in the database itself", async () => {
    await append(1);
    await expect(client.query(`update audit_log set action = 'forged'`)).rejects.toThrow(
      /append-only: UPDATE/,
    );
    await expect(client.query(`delete from audit_log`)).rejects.toThrow(/append-only: DELETE/);
    await expect(client.query(`truncate audit_log`)).rejects.toThrow(/append-only: TRUNCATE/);
    // Through Prisma as well: the app's own client gets the same answer.
    await expect(db().auditEntry.deleteMany({})).rejects.toThrow();
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

  it("detects an altered entry", async () => {
    await append(3, { action: "test.alter" });
    const [{ seq }] = (
      await client.query(
        `select seq from audit_log where action = 'test.alter' order by seq limit 1 offset 1`,
      )
    ).rows;
    await tamper(`update audit_log set result = 'denied' where seq = $1`, [seq]);
    const report = await verifyAuditChain(db());
    expect(report.breaks).toContainEqual({ seq: BigInt(seq), kind: "altered" });
    await tamper(`update audit_log set result = 'success' where seq = $1`, [seq]);
    expect((await verifyAuditChain(db())).breaks).toEqual([]);
  });

  it("detects a removed entry", async () => {
    await append(3, { action: "test.remove" });
    const { rows } = await client.query(
      `select seq from audit_log where action = 'test.remove' order by seq`,
    );
    await tamper(`delete from audit_log where seq = $1`, [rows[1].seq]);
    const report = await verifyAuditChain(db());
    expect(report.breaks).toEqual([{ seq: BigInt(rows[2].seq), kind: "broken-link" }]);
  });
});
