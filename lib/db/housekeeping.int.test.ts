import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type pg from "pg";
import { db } from "@/lib/db/client";
import { sql } from "@/tests/support/db";
import { IDEMPOTENCY_KEY_TTL_HOURS, purgeExpiredRows } from "./housekeeping";

let other: pg.Client;
beforeAll(async () => {
  other = await sql();
});
afterAll(async () => other.end());

describe("housekeeping", () => {
  it("purges rate-limit rows once their window has passed, and keeps them while it lasts", async () => {
    const now = Date.now();
    await db().rateLimit.createMany({
      data: [
        { key: "test-purge:expired", points: 3, expire: BigInt(now - 1_000) },
        { key: "test-purge:current", points: 3, expire: BigInt(now + 600_000) },
      ],
    });
    expect((await purgeExpiredRows())?.rateLimits).toBeGreaterThanOrEqual(1);
    const left = await db().rateLimit.findMany({ where: { key: { startsWith: "test-purge:" } } });
    expect(left.map((r) => r.key)).toEqual(["test-purge:current"]);
  });

  it("purges idempotency keys older than a retry could be, and keeps recent ones", async () => {
    const old = "00000000-0000-4000-8000-0000000000a1";
    const recent = "00000000-0000-4000-8000-0000000000a2";
    const key = { scope: "deployment.promote", target: "test/purge", actorEmail: "op@example.com" };
    await db().idempotencyKey.createMany({
      data: [
        { key: old, ...key, createdAt: new Date(Date.now() - (IDEMPOTENCY_KEY_TTL_HOURS + 1) * 3_600_000) },
        { key: recent, ...key, createdAt: new Date(Date.now() - 3_600_000) },
      ],
    });
    expect((await purgeExpiredRows())?.idempotencyKeys).toBeGreaterThanOrEqual(1);
    const left = await db().idempotencyKey.findMany({ where: { key: { in: [old, recent] } } });
    expect(left.map((r) => r.key)).toEqual([recent]);
  });

  it("runs in one instance at a time: the others skip the round", async () => {
    await other.query("begin");
    await other.query("select pg_advisory_xact_lock($1)", [0x7a7e11]);
    try {
      expect(await purgeExpiredRows()).toBeNull();
    } finally {
      await other.query("rollback");
    }
    expect(await purgeExpiredRows()).not.toBeNull();
  });
});
