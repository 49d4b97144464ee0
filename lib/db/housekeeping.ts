// Rows whose use is over, deleted on a timer in every instance: rate-limit counters whose window has
// passed (rate-limiter-flexible's table, nothing else removes them) and idempotency keys older than a
// retry could be. One instance purges at a time, under an advisory lock; the others skip the round.
import { databaseOutage, isDatabaseUnavailable } from "./errors";
import { pool } from "./client";
import { logger } from "@/lib/observability/logger";

/** A person's retry of a promote or a gate comes within minutes; a day covers a client that retries late. */
export const IDEMPOTENCY_KEY_TTL_HOURS = 24;

const PURGE_LOCK = 0x7a7e11;

export type Purged = { rateLimits: number; idempotencyKeys: number };

/** Deletes the expired rows; returns how many of each, or null when another instance was purging. */
export async function purgeExpiredRows(): Promise<Purged | null> {
  const client = await pool().connect();
  try {
    await client.query("begin");
    const { rows } = await client.query<{ locked: boolean }>(
      "select pg_try_advisory_xact_lock($1) as locked",
      [PURGE_LOCK],
    );
    if (!rows[0]?.locked) {
      await client.query("rollback");
      return null;
    }
    const rateLimits = await client.query(
      "delete from rate_limits where expire is not null and expire < (extract(epoch from clock_timestamp()) * 1000)::bigint",
    );
    const idempotencyKeys = await client.query(
      "delete from idempotency_keys where created_at < clock_timestamp() - make_interval(hours => $1)",
      [IDEMPOTENCY_KEY_TTL_HOURS],
    );
    await client.query("commit");
    return { rateLimits: rateLimits.rowCount ?? 0, idempotencyKeys: idempotencyKeys.rowCount ?? 0 };
  } catch (error) {
    await client.query("rollback").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

const holder = globalThis as unknown as { __opsdeckHousekeeping?: { stop: () => void } };

/** Runs in every app instance: a purge every ten minutes, by whichever instance gets there first. */
export function startHousekeeping(intervalMs = 10 * 60_000): { stop: () => void } {
  if (holder.__opsdeckHousekeeping) return holder.__opsdeckHousekeeping;
  const timer = setInterval(() => {
    purgeExpiredRows().catch((error: unknown) => {
      if (isDatabaseUnavailable(error)) databaseOutage().failed(error, { during: "housekeeping" });
      else logger.warn({ err: error }, "could not purge expired rows; will retry");
    });
  }, intervalMs);
  timer.unref();
  holder.__opsdeckHousekeeping = { stop: () => clearInterval(timer) };
  return holder.__opsdeckHousekeeping;
}
