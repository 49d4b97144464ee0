import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type pg from "pg";
import { db } from "@/lib/db/client";
import { sql } from "@/tests/support/db";
import { purgeExpiredRateLimits } from "./rate-limits";

let other: pg.Client;
beforeAll(async () => {
  other = await sql();
});
afterAll(async () => other.end());

describe("rate-limit rows", () => {
  it("are purged once their window has passed, and kept while it lasts", async () => {
    const now = Date.now();
    await db().rateLimit.createMany({
      data: [
        { key: "test-purge:expired", points: 3, expire: BigInt(now - 1_000) },
        { key: "test-purge:current", points: 3, expire: BigInt(now + 600_000) },
      ],
    });
    expect(await purgeExpiredRateLimits()).toBeGreaterThanOrEqual(1);
    const left = await db().rateLimit.findMany({ where: { key: { startsWith: "test-purge:" } } });
    expect(left.map((r) => r.key)).toEqual(["test-purge:current"]);
  });

  it("are purged by one instance at a time: the others skip the round", async () => {
    await other.query("begin");
    await other.query("select pg_advisory_xact_lock($1)", [0x7a7e11]);
    try {
      expect(await purgeExpiredRateLimits()).toBeNull();
    } finally {
      await other.query("rollback");
    }
    expect(await purgeExpiredRateLimits()).not.toBeNull();
  });
});
