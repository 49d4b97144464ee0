// Starts two real app instances (see instances.ts) from the production build, with users of every role
// created through the CLI, and stops everything at the end.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { APP_A, APP_B, EMBEDDED_PG_PORT, PASSWORD, ROLE_USERS, SESSION_SECRET, STATE_DIR } from "./instances";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

function launch(name: string, env: Record<string, string>): ChildProcess {
  const child = spawn(TSX, ["scripts/opsdeck.ts", "start"], {
    cwd: ROOT,
    env: {
      ...process.env,
      LOG_LEVEL: "warn",
      LOGIN_MAX_FAILURES_PER_IP: "100000",
      NEXTAUTH_SECRET: SESSION_SECRET,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split("\n")
      .filter(Boolean)
      .map((l) => `[${name}] ${l}\n`)
      .join("");
  child.stdout?.on("data", (c: Buffer) => process.env.E2E_VERBOSE && process.stdout.write(prefix(c)));
  child.stderr?.on("data", (c: Buffer) => process.stderr.write(prefix(c)));
  return child;
}

async function waitReady(url: string, child: ChildProcess, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${url}: the app exited with code ${child.exitCode} before it was ready`);
    try {
      const response = await fetch(`${url}/api/readyz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} was not ready within ${timeoutMs / 1000}s`);
}

function stop(child: ChildProcess) {
  if (child.exitCode !== null || !child.pid) return Promise.resolve();
  return new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    process.kill(-child.pid!, "SIGTERM");
    setTimeout(() => {
      if (child.exitCode === null) process.kill(-child.pid!, "SIGKILL");
    }, 10_000).unref();
  });
}

export default async function globalSetup() {
  rmSync(STATE_DIR, { recursive: true, force: true });
  mkdirSync(STATE_DIR, { recursive: true });
  const dataA = mkdtempSync(path.join(tmpdir(), "opsdeck-e2e-a-"));
  const dataB = mkdtempSync(path.join(tmpdir(), "opsdeck-e2e-b-"));

  const a = launch("A", {
    OPSDECK_DATA_DIR: dataA,
    EMBEDDED_PG_PORT: String(EMBEDDED_PG_PORT),
    PORT: String(APP_A.port),
    NEXTAUTH_URL: APP_A.url,
  });
  const children = [a];
  const teardown = async () => {
    await Promise.all(children.map(stop));
    rmSync(dataA, { recursive: true, force: true });
    rmSync(dataB, { recursive: true, force: true });
  };
  try {
    await waitReady(APP_A.url, a);
    const { password, port } = JSON.parse(readFileSync(path.join(dataA, "postgres.json"), "utf8")) as {
      password: string;
      port: number;
    };
    const databaseUrl = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/opsdeck`;

    for (const [role, email] of Object.entries(ROLE_USERS)) {
      const result = spawnSync(
        TSX,
        [
          "scripts/opsdeck.ts",
          "user:create",
          "--email",
          email,
          "--role",
          role,
          "--name",
          `E2E ${role}`,
          "--password-stdin",
        ],
        {
          cwd: ROOT,
          env: { ...process.env, DATABASE_URL: databaseUrl },
          input: PASSWORD,
          encoding: "utf8",
        },
      );
      if (result.status !== 0) throw new Error(`user:create ${email} failed: ${result.stderr}`);
    }

    const b = launch("B", {
      DATABASE_URL: databaseUrl,
      OPSDECK_DATA_DIR: dataB,
      PORT: String(APP_B.port),
      NEXTAUTH_URL: APP_B.url,
    });
    children.push(b);
    await waitReady(APP_B.url, b);
    process.env.E2E_DATABASE_URL = databaseUrl;
    process.env.E2E_DATA_DIR_B = dataB;
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
