import { createHash } from "node:crypto";
import { cp, mkdtemp, readFile, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { emptyDatabase } from "@/tests/support/db";
import { DEFAULT_MIGRATIONS_DIR, migrate, MigrationError, migrationStatus, readMigrations } from "./migrate";

async function copyOfMigrations() {
  const dir = await mkdtemp(path.join(tmpdir(), "migrations-"));
  await cp(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

async function query(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

describe("migrate", () => {
  it("applies every migration once and records it as Prisma Migrate does", async () => {
    const url = await emptyDatabase();
    const first = await migrate(url);
    const local = await readMigrations();
    expect(first.applied).toEqual(local.map((m) => m.name));

    const rows = await query(
      url,
      `select migration_name, checksum, finished_at, applied_steps_count, rolled_back_at from "_prisma_migrations" order by migration_name`,
    );
    expect(rows).toHaveLength(local.length);
    for (const [i, row] of rows.entries()) {
      const bytes = await readFile(path.join(DEFAULT_MIGRATIONS_DIR, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(bytes).digest("hex"));
      expect(row.migration_name).toBe(local[i]!.name);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.applied_steps_count).toBe(1);
      expect(row.rolled_back_at).toBeNull();
    }

    expect((await migrate(url)).applied).toEqual([]);
  });

  it("refuses a migration whose file changed after it was applied", async () => {
    const url = await emptyDatabase();
    const dir = await copyOfMigrations();
    await migrate(url, { dir });
    const [first] = await readMigrations(dir);
    await writeFile(path.join(dir, first!.name, "migration.sql"), `${first!.sql}\n-- edited`);
    await expect(migrate(url, { dir })).rejects.toThrow(/was changed after it was applied/);
  });

  it("rolls a failing migration back completely and applies it once fixed", async () => {
    const url = await emptyDatabase();
    const dir = await copyOfMigrations();
    await migrate(url, { dir });
    const broken = path.join(dir, "29990101000000_broken");
    await mkdir(broken);
    await writeFile(
      path.join(broken, "migration.sql"),
      `create table half_done (id int);\nselect * from no_such_table;`,
    );

    await expect(migrate(url, { dir })).rejects.toBeInstanceOf(MigrationError);
    expect(await query(url, `select to_regclass('half_done') as t`)).toEqual([{ t: null }]);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    expect((await migrationStatus(client, dir)).pending).toEqual(["29990101000000_broken"]);
    await client.end();

    await writeFile(path.join(broken, "migration.sql"), `create table half_done (id int);`);
    expect((await migrate(url, { dir })).applied).toEqual(["29990101000000_broken"]);
  });

  it("serialises concurrent runs with Prisma's advisory lock", async () => {
    const url = await emptyDatabase();
    const results = await Promise.all([migrate(url), migrate(url), migrate(url)]);
    expect(results.flatMap((r) => r.applied)).toEqual((await readMigrations()).map((m) => m.name));
  });
});
