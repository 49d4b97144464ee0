// Readiness of this instance: can it reach PostgreSQL, and does the schema match this build.
import { migrationStatus } from "@/lib/db/migrate";
import { pool } from "@/lib/db/client";

export type Readiness = {
  ready: boolean;
  checks: {
    database: { ok: boolean; error?: string; latencyMs?: number };
    migrations: { ok: boolean; pending?: string[]; error?: string };
  };
};

export async function checkReadiness(): Promise<Readiness> {
  const started = performance.now();
  let client;
  try {
    client = await pool().connect();
  } catch (error) {
    return {
      ready: false,
      checks: {
        database: { ok: false, error: `cannot connect: ${(error as Error).message}` },
        migrations: { ok: false, error: "database unreachable" },
      },
    };
  }
  try {
    await client.query("select 1");
    const latencyMs = Math.round(performance.now() - started);
    const status = await migrationStatus(client);
    const migrationsOk = status.pending.length === 0;
    return {
      ready: migrationsOk,
      checks: {
        database: { ok: true, latencyMs },
        migrations: migrationsOk
          ? { ok: true }
          : { ok: false, pending: status.pending, error: "run npm run db:migrate" },
      },
    };
  } catch (error) {
    return {
      ready: false,
      checks: { database: { ok: false, error: (error as Error).message }, migrations: { ok: false } },
    };
  } finally {
    client.release();
  }
}
