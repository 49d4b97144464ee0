// Runs in each integration test file before its imports: clones the migrated template into a database of
// the file's own and points DATABASE_URL at it as the app's role (the grants come with the clone), so
// files never see each other's data. TEST_SUPERUSER_DATABASE_URL is the same database as the superuser.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, inject } from "vitest";

const adminUrl = inject("postgresAdminUrl");
const name = `it_${randomBytes(6).toString("hex")}`;

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`create database ${name} template ${inject("templateDatabase")}`);
await admin.end();

process.env.DATABASE_URL = inject("postgresAppUrl").replace(/\/opsdeck$/, `/${name}`);
process.env.TEST_SUPERUSER_DATABASE_URL = adminUrl.replace(/\/postgres$/, `/${name}`);
process.env.TEST_ADMIN_DATABASE_URL = adminUrl;

afterAll(async () => {
  const { disconnect } = await import("@/lib/db/client");
  await disconnect();
});
