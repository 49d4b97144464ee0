// A PostgreSQL of one integration test file's own, for tests that stop, restart or shut it down (the
// shared server of tests/support/postgres.global-setup.ts serves every other file meanwhile). Migrated as
// `npm start` migrates: as the superuser, with the app's role granted what it needs.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres, type EmbeddedServer } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";
import { APP_ROLE } from "@/lib/db/roles";
import { freePort } from "./ports";

export class PrivatePostgres {
  private constructor(
    private server: EmbeddedServer,
    private readonly dataDir: string,
    private readonly port: number,
  ) {}

  static async start(): Promise<PrivatePostgres> {
    const dataDir = await mkdtemp(path.join(tmpdir(), "opsdeck-private-pg-"));
    const port = await freePort();
    const server = await startEmbeddedPostgres({ dataDir, port });
    await migrate(server.url, { appRole: APP_ROLE });
    return new PrivatePostgres(server, dataDir, port);
  }

  /** The app's role on the migrated database. */
  get appUrl(): string {
    return this.server.appUrl;
  }

  /** The superuser on the migrated database. */
  get adminUrl(): string {
    return this.server.url;
  }

  async admin(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.adminUrl });
    client.on("error", () => undefined);
    await client.connect();
    return client;
  }

  /** The postmaster's process id. */
  async pid(): Promise<number> {
    return Number((await readFile(path.join(this.server.dataDir, "postmaster.pid"), "utf8")).split("\n")[0]);
  }

  /**
   * Starts a smart shutdown (SIGTERM): sessions already open may finish their work, new connections are
   * refused with 57P03 "the database system is shutting down".
   */
  async beginShutdown(): Promise<void> {
    process.kill(await this.pid(), "SIGTERM");
  }

  /** Fast shutdown (SIGINT): sessions are ended with 57P01, then the server stops. */
  stop(): Promise<void> {
    return this.server.stop();
  }

  /** Starts it again on the same port and data. */
  async restart(): Promise<void> {
    this.server = await startEmbeddedPostgres({ dataDir: this.dataDir, port: this.port });
  }

  async close(): Promise<void> {
    await this.server.stop().catch(() => undefined);
    await rm(this.dataDir, { recursive: true, force: true });
  }
}
