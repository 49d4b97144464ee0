// Helpers for integration tests that need raw SQL beside the services.
import { randomBytes } from "node:crypto";
import pg from "pg";

/** A client on this test file's own database, as the app's role. */
export async function sql(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  return client;
}

/** A client on this test file's own database as a superuser: someone with full access to the database. */
export async function superuserSql(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: process.env.TEST_SUPERUSER_DATABASE_URL });
  await client.connect();
  return client;
}

/** A fresh, empty database on the test server (not cloned from the migrated template). */
export async function emptyDatabase(): Promise<string> {
  const admin = new pg.Client({ connectionString: process.env.TEST_ADMIN_DATABASE_URL });
  await admin.connect();
  const name = `empty_${randomBytes(6).toString("hex")}`;
  await admin.query(`create database ${name}`);
  await admin.end();
  return process.env.TEST_ADMIN_DATABASE_URL!.replace(/\/postgres$/, `/${name}`);
}

export function uniqueEmail(label = "user"): string {
  return `${label}-${randomBytes(4).toString("hex")}@example.com`;
}
