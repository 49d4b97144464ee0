// Starts one embedded PostgreSQL for the integration tests and migrates a template database from which
// every test file clones its own (tests/support/database.setup.ts). As with `npm start`, migrations run
// as the superuser and the app's code connects as the app's role, with only the grants it needs.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";
import { APP_ROLE } from "@/lib/db/roles";
import { freePort } from "./ports";

export const TEMPLATE_DATABASE = "opsdeck_template";

declare module "vitest" {
  export interface ProvidedContext {
    postgresAdminUrl: string;
    /** The app role's URL, on the `opsdeck` database: swap the database name. */
    postgresAppUrl: string;
    templateDatabase: string;
  }
}

export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(path.join(tmpdir(), "opsdeck-it-"));
  const server = await startEmbeddedPostgres({ dataDir, port: await freePort() });
  const adminUrl = server.url.replace(/\/opsdeck$/, "/postgres");

  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${TEMPLATE_DATABASE}`);
  await admin.query(`create database ${TEMPLATE_DATABASE}`);
  await admin.end();
  await migrate(adminUrl.replace(/\/postgres$/, `/${TEMPLATE_DATABASE}`), { appRole: APP_ROLE });

  project.provide("postgresAdminUrl", adminUrl);
  project.provide("postgresAppUrl", server.appUrl);
  project.provide("templateDatabase", TEMPLATE_DATABASE);

  return async () => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
