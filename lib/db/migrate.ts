// Applies prisma/migrations/*/migration.sql in order, recording them in `_prisma_migrations` exactly as
// Prisma Migrate does (same table, sha256 checksums, same advisory lock), so `prisma migrate deploy`
// and this applier can take turns on one database. Why it exists: docs/adr/0003.
import { createHash, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { grantAppPrivileges } from "./roles";

/** The lock id Prisma Migrate takes, so the two never run at once. */
const PRISMA_MIGRATE_LOCK = 72707369;

export const DEFAULT_MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export type LocalMigration = { name: string; sql: string; checksum: string };

export async function readMigrations(dir = DEFAULT_MIGRATIONS_DIR): Promise<LocalMigration[]> {
  // Only the migrations folder is read; the comment keeps Next.js from tracing the whole project.
  const entries = await readdir(/*turbopackIgnore: true*/ dir, { withFileTypes: true });
  const names = entries
    .filter(
      (e) => e.isDirectory() && existsSync(/*turbopackIgnore: true*/ path.join(dir, e.name, "migration.sql")),
    )
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const bytes = await readFile(/*turbopackIgnore: true*/ path.join(dir, name, "migration.sql"));
      return {
        name,
        sql: bytes.toString("utf8"),
        checksum: createHash("sha256").update(bytes).digest("hex"),
      };
    }),
  );
}

type AppliedRow = {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
};

export class MigrationError extends Error {}

export type MigrationStatus = {
  applied: string[];
  pending: string[];
  /** Applied in the database but absent here: this code is older than the database. */
  unknown: string[];
};

async function appliedRows(client: pg.ClientBase): Promise<AppliedRow[] | null> {
  const table = await client.query(`select to_regclass('"_prisma_migrations"') as t`);
  if (!table.rows[0]?.t) return null;
  const { rows } = await client.query<AppliedRow>(
    `select migration_name, checksum, finished_at, rolled_back_at from "_prisma_migrations" order by started_at`,
  );
  return rows;
}

export async function migrationStatus(
  client: pg.ClientBase,
  dir = DEFAULT_MIGRATIONS_DIR,
): Promise<MigrationStatus> {
  const local = await readMigrations(dir);
  const rows = (await appliedRows(client)) ?? [];
  const done = new Set(rows.filter((r) => r.finished_at && !r.rolled_back_at).map((r) => r.migration_name));
  return {
    applied: local.filter((m) => done.has(m.name)).map((m) => m.name),
    pending: local.filter((m) => !done.has(m.name)).map((m) => m.name),
    unknown: [...done].filter((name) => !local.some((m) => m.name === name)),
  };
}

/**
 * Applies every pending migration, each in its own transaction. Refuses to continue past a migration
 * that failed earlier or whose file changed after it was applied (Prisma's P3009 and checksum warnings).
 * With `appRole`, then grants that role what the app needs on every table (lib/db/roles.ts).
 */
export async function migrate(
  connectionString: string,
  options: { dir?: string; log?: (line: string) => void; appRole?: string } = {},
): Promise<{ applied: string[] }> {
  const log = options.log ?? (() => undefined);
  const local = await readMigrations(options.dir);
  const client = new pg.Client({ connectionString, application_name: "opsdeck-migrate" });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK]);
    await client.query(CREATE_MIGRATIONS_TABLE);
    const rows = (await appliedRows(client)) ?? [];

    const failed = rows.find((r) => !r.finished_at && !r.rolled_back_at);
    if (failed) {
      throw new MigrationError(
        `Migration ${failed.migration_name} failed earlier and was not rolled back. Fix the database, then ` +
          `mark it rolled back (prisma migrate resolve --rolled-back ${failed.migration_name}) or delete its row in _prisma_migrations.`,
      );
    }
    const done = new Map(rows.filter((r) => !r.rolled_back_at).map((r) => [r.migration_name, r]));
    for (const migration of local) {
      const row = done.get(migration.name);
      if (row && row.checksum !== migration.checksum) {
        throw new MigrationError(
          `Migration ${migration.name} was changed after it was applied (checksum ${row.checksum.slice(0, 12)}… in the database, ` +
            `${migration.checksum.slice(0, 12)}… on disk). Restore the file and add a new migration instead.`,
        );
      }
    }

    const applied: string[] = [];
    for (const migration of local.filter((m) => !done.has(m.name))) {
      const id = randomUUID();
      await client.query(
        `insert into "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) values ($1, $2, $3, now(), 0)`,
        [id, migration.checksum, migration.name],
      );
      try {
        await client.query("begin");
        await client.query(migration.sql);
        await client.query("commit");
      } catch (error) {
        await client.query("rollback").catch(() => undefined);
        const message = error instanceof Error ? error.message : String(error);
        // The transaction left the database as it was, so the row is marked rolled back and the next
        // run tries again once the file is fixed.
        await client.query(
          `update "_prisma_migrations" set logs = $2, rolled_back_at = now() where id = $1`,
          [id, message],
        );
        throw new MigrationError(`Migration ${migration.name} failed: ${message}`);
      }
      await client.query(
        `update "_prisma_migrations" set finished_at = now(), applied_steps_count = 1 where id = $1`,
        [id],
      );
      log(`applied ${migration.name}`);
      applied.push(migration.name);
    }
    if (options.appRole) await grantAppPrivileges(client, options.appRole);
    return { applied };
  } finally {
    await client.query("select pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK]).catch(() => undefined);
    await client.end();
  }
}
