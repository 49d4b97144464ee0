// The launcher and admin CLI behind the npm scripts:
//   dev | start          run the app (with an embedded PostgreSQL when DATABASE_URL is unset, restarted
//                        with backoff if it dies)
//   migrate              apply pending migrations
//   user:create          create a user with a password (the first admin, for instance)
//   audit:verify         check the audit log's keyed hash chain against its signed checkpoints
//                        [--checkpoint '<json>']… [--checkpoints <file of log lines>]
//   runbook:import       import Markdown runbooks (files or directories) with a YAML front matter
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { ConfigError, parseEnv, type Env } from "../lib/config/env";
import pg from "pg";
import { startEmbeddedPostgres, superviseEmbeddedPostgres, type EmbeddedServer } from "../lib/db/embedded";
import { migrate } from "../lib/db/migrate";
import { auditGuardBypasses, connectionRole } from "../lib/db/roles";

const ROOT = path.resolve(import.meta.dirname, "..");
const NEXT_BIN = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
process.chdir(ROOT);

function say(line: string) {
  process.stderr.write(`opsdeck: ${line}\n`);
}

function fail(message: string): never {
  say(message);
  process.exit(1);
}

function loadConfig(): Env {
  try {
    return parseEnv(process.env);
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
}

let embedded: EmbeddedServer | undefined;

/** Where the app connects (its own role) and where migrations run (the tables' owner, or a superuser). */
type Databases = { app: string; migration: string };

/**
 * DATABASE_URL (and DATABASE_MIGRATION_URL), or the embedded server (started here, or joined if the app
 * already runs it). The app's own server (`supervised`) is restarted whenever it dies.
 */
async function ensureDatabase(config: Env, { supervised = false } = {}): Promise<Databases> {
  if (config.DATABASE_URL) {
    return { app: config.DATABASE_URL, migration: config.DATABASE_MIGRATION_URL ?? config.DATABASE_URL };
  }
  const dataDir = path.resolve(config.OPSDECK_DATA_DIR);
  const options = { dataDir, port: config.EMBEDDED_PG_PORT };
  embedded = supervised
    ? await superviseEmbeddedPostgres({ ...options, log: say })
    : await startEmbeddedPostgres(options);
  say(
    `${embedded.owned ? "started" : "joined"} the embedded PostgreSQL (data in ${path.join(dataDir, "postgres")}, port ${new URL(embedded.url).port})`,
  );
  process.env.DATABASE_URL = embedded.appUrl;
  return { app: embedded.appUrl, migration: embedded.url };
}

/**
 * Applies pending migrations as the migration role and grants the app's role what it needs; warns when
 * the app's role could get around the audit log's append-only guard (docs/adr/0004).
 */
async function migrateDatabase(databases: Databases, log?: (line: string) => void) {
  const app = await connectionRole(databases.app);
  const migrator = await connectionRole(databases.migration);
  const separate = app.name !== migrator.name;
  if (!separate)
    say(
      `warning: the app connects as ${app.name}, the role that runs migrations and owns the tables, so it could ` +
        "switch off the audit log's append-only triggers. Give the app a role of its own: DATABASE_URL for the app, " +
        'DATABASE_MIGRATION_URL for migrations (README, "Database roles").',
    );
  const result = await migrate(databases.migration, { log, appRole: separate ? app.name : undefined });
  if (separate) {
    const client = new pg.Client({ connectionString: databases.app });
    await client.connect();
    try {
      for (const reason of await auditGuardBypasses(client))
        say(
          `warning: the app's role ${app.name} could get around the audit log's append-only guard: ${reason}`,
        );
    } finally {
      await client.end();
    }
  }
  return result;
}

/** Closes this process's connections (an idle pool would keep it alive), then the server it started. */
async function stopDatabase() {
  const { disconnect } = await import("../lib/db/client");
  await disconnect();
  if (embedded?.owned) await embedded.stop().catch(() => undefined);
}

/**
 * A secret generated once per data directory when the variable is unset: the session secret
 * (NEXTAUTH_SECRET) and the audit chain's key (AUDIT_CHAIN_KEY). Several instances, and the CLI beside
 * them, must share each, so set them when running more than one.
 */
async function ensureSecret(config: Env, variable: "NEXTAUTH_SECRET" | "AUDIT_CHAIN_KEY", fileName: string) {
  if (config[variable]) return;
  const file = path.resolve(config.OPSDECK_DATA_DIR, fileName);
  await mkdir(path.dirname(file), { recursive: true });
  if (!existsSync(file)) {
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
    say(`generated ${variable} in ${file}; set ${variable} instead when running more than one instance`);
  }
  process.env[variable] = readFileSync(file, "utf8").trim();
}

const ensureAuthSecret = (config: Env) => ensureSecret(config, "NEXTAUTH_SECRET", "auth-secret");
const ensureAuditChainKey = (config: Env) => ensureSecret(config, "AUDIT_CHAIN_KEY", "audit-chain-key");

function newestSourceTime(dirs: string[]): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "generated" || entry.name.startsWith(".")) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const dir of dirs) if (existsSync(dir)) walk(dir);
  for (const file of [
    "next.config.js",
    "package.json",
    "proxy.ts",
    "instrumentation.ts",
    "tailwind.config.ts",
  ]) {
    if (existsSync(file)) newest = Math.max(newest, statSync(file).mtimeMs);
  }
  return newest;
}

function buildIfStale() {
  const buildId = path.join(ROOT, ".next", "BUILD_ID");
  const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  if (builtAt > newestSourceTime(["app", "components", "lib", "public"])) return;
  say(
    builtAt
      ? "sources changed since the last build; building"
      : "no production build yet; building (a minute or two, once)",
  );
  const result = spawnSync(process.execPath, [NEXT_BIN, "build"], { stdio: "inherit", env: process.env });
  if (result.status !== 0) fail("the build failed; see the output above");
}

async function countUsers(): Promise<number> {
  const { db } = await import("../lib/db/client");
  return db().user.count();
}

async function run(mode: "dev" | "start") {
  const config = loadConfig();
  const databases = await ensureDatabase(config, { supervised: true });
  const { applied } = await migrateDatabase(databases, (line) => say(line));
  if (!applied.length) say("database schema is up to date");
  await ensureAuthSecret(config);
  await ensureAuditChainKey(config);
  const port = process.env.PORT ?? "3000";
  process.env.NEXTAUTH_URL ??= `http://localhost:${port}`;
  if (mode === "start") buildIfStale();
  if ((await countUsers()) === 0) {
    say("no users yet. Create the first admin with:");
    say("  npm run user:create -- --email you@example.com --role admin");
  }

  const args = [mode, "--port", port, ...(process.env.HOSTNAME ? ["--hostname", process.env.HOSTNAME] : [])];
  // The server runs as our direct child (not through npx or tsx's own process), so that signals reach it.
  // OPSDECK_NODE_FLAGS passes Node flags NODE_OPTIONS refuses (`--cpu-prof`, for bench:load's profiles).
  const nodeFlags = process.env.OPSDECK_NODE_FLAGS?.split(" ").filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeFlags, "--import", "tsx", "scripts/server.ts", ...args], {
    stdio: "inherit",
    env: process.env,
  });
  say(`Opsdeck is starting at ${process.env.NEXTAUTH_URL}`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    child.kill(signal);
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  const code = await new Promise<number>((resolve) =>
    child.on("exit", (c, signal) => resolve(c ?? (signal ? 0 : 1))),
  );
  await stopDatabase();
  process.exit(code);
}

async function readPassword(): Promise<string | null> {
  if (process.stdin.isTTY) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return (
    Buffer.concat(chunks)
      .toString("utf8")
      .replace(/\r?\n$/, "") || null
  );
}

async function userCreate(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      email: { type: "string" },
      role: { type: "string", default: "viewer" },
      name: { type: "string" },
      "password-stdin": { type: "boolean", default: false },
    },
  });
  if (!values.email)
    fail(
      "usage: npm run user:create -- --email you@example.com --role admin [--name 'Your Name'] [--password-stdin]",
    );
  let password = values["password-stdin"] ? await readPassword() : null;
  const generated = !password;
  password ??= randomBytes(15).toString("base64url");

  const config = loadConfig();
  await migrateDatabase(await ensureDatabase(config));
  await ensureAuditChainKey(config);
  const { createUser } = await import("../lib/services/users");
  const { cliContext } = await import("../lib/services/context");
  const { AppError, ValidationError } = await import("../lib/errors");
  try {
    const user = await createUser(cliContext(), {
      email: values.email,
      role: values.role,
      name: values.name,
      password,
    });
    say(`created ${user.email} (${user.role})`);
    if (generated) say(`password: ${password}   (shown once; the user can change it with a reset link)`);
  } catch (error) {
    if (error instanceof ValidationError)
      fail(
        Object.entries(error.fields)
          .map(([k, v]) => `--${k}: ${v.join(" ")}`)
          .join("\n"),
      );
    if (error instanceof AppError) fail(error.message);
    throw error;
  } finally {
    await stopDatabase();
  }
}

/** Checkpoints to verify against: `--checkpoint '<json>'` (repeatable) and `--checkpoints <file>` of JSON lines (logs). */
async function givenCheckpoints(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: { checkpoint: { type: "string", multiple: true }, checkpoints: { type: "string" } },
  });
  const { parseCheckpoint } = await import("../lib/audit/checkpoint");
  const texts = [...(values.checkpoint ?? [])];
  if (values.checkpoints) {
    const file = path.resolve(process.env.INIT_CWD ?? ROOT, values.checkpoints);
    texts.push(
      ...readFileSync(file, "utf8")
        .split("\n")
        .filter((line) => line.includes('"signature"')),
    );
  }
  return texts.map((text) => {
    const checkpoint = parseCheckpoint(text);
    if (!checkpoint)
      fail(`not a checkpoint (the auditCheckpoint of a log line, or its JSON): ${text.slice(0, 120)}`);
    return checkpoint;
  });
}

async function auditVerify(argv: string[]) {
  const checkpoints = await givenCheckpoints(argv);
  const config = loadConfig();
  await migrateDatabase(await ensureDatabase(config));
  await ensureAuditChainKey(config);
  const { db } = await import("../lib/db/client");
  const { ensureChainAnchor } = await import("../lib/audit/checkpoint");
  const { verifyAuditChain } = await import("../lib/audit/verify");
  try {
    await ensureChainAnchor();
    const report = await verifyAuditChain(db(), { checkpoints });
    const against = report.checkpoint
      ? `checked against the checkpoint of ${report.checkpoint.at.toISOString()} (${report.checkpoint.source}, entry #${report.checkpoint.seq})`
      : "no checkpoint to check against";
    if (report.breaks.length === 0) {
      say(
        `audit log intact: ${report.checked} entries, head ${report.head ? `#${report.head.seq} ${report.head.hash.slice(0, 16)}…` : "none"}; ${against}`,
      );
      return;
    }
    say(`audit log BROKEN: ${report.breaks.length} problem(s) in ${report.checked} entries; ${against}`);
    for (const b of report.breaks.slice(0, 20)) say(`  ${b.message}`);
    process.exitCode = 2;
  } finally {
    await stopDatabase();
  }
}

async function runbookImport(paths: string[]) {
  if (!paths.length) fail("usage: npm run runbook:import -- <file.md | directory> …");
  // npm runs scripts from the package root; INIT_CWD is where the user typed the command.
  const base = process.env.INIT_CWD ?? ROOT;
  const files = paths
    .map((p) => path.resolve(base, p))
    .flatMap((p) =>
      statSync(p).isDirectory()
        ? readdirSync(p)
            .filter((f) => f.endsWith(".md"))
            .sort()
            .map((f) => path.join(p, f))
        : [p],
    );
  const config = loadConfig();
  await migrateDatabase(await ensureDatabase(config));
  await ensureAuditChainKey(config);
  const { importRunbooks } = await import("../lib/services/runbooks/import");
  const { cliContext } = await import("../lib/services/context");
  const { AppError } = await import("../lib/errors");
  try {
    const outcomes = await importRunbooks(
      cliContext(),
      files.map((f) => ({ path: path.relative(process.cwd(), f), text: readFileSync(f, "utf8") })),
    );
    for (const o of outcomes) say(`${o.result.padEnd(9)} v${o.version}  ${o.title}  (${o.path})`);
  } catch (error) {
    if (error instanceof AppError) fail(error.message);
    throw error;
  } finally {
    await stopDatabase();
  }
}

async function migrateOnly() {
  const config = loadConfig();
  const databases = await ensureDatabase(config);
  try {
    const { applied } = await migrateDatabase(databases, (line) => say(line));
    say(
      applied.length
        ? `applied ${applied.length} migration(s)`
        : "nothing to apply; the schema is up to date",
    );
  } finally {
    await stopDatabase();
  }
}

const [command, ...rest] = process.argv.slice(2);
const commands: Record<string, () => Promise<void>> = {
  dev: () => run("dev"),
  start: () => run("start"),
  migrate: migrateOnly,
  "user:create": () => userCreate(rest),
  "audit:verify": () => auditVerify(rest),
  "runbook:import": () => runbookImport(rest),
};
const handler = command ? commands[command] : undefined;
if (!handler) fail(`unknown command "${command ?? ""}"; use one of: ${Object.keys(commands).join(", ")}`);
handler().catch(async (error: unknown) => {
  say(error instanceof Error ? error.message : String(error));
  await stopDatabase();
  process.exit(1);
});
