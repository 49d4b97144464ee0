// Shared by the benchmarks: start an app instance on its own embedded PostgreSQL, sign in, stop.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");
export const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

export const say = (line: string) => process.stderr.write(`bench: ${line}\n`);

export async function waitFor(url: string, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} not ready`);
}

export function stop(child: ChildProcess) {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      child.kill("SIGTERM");
    }
  });
}

/** Signs in with a local account; returns the session cookie ("name=value"). */
export async function signIn(app: string, email: string, password: string): Promise<string> {
  const csrfResponse = await fetch(`${app}/api/auth/csrf`);
  const cookie = csrfResponse.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const response = await fetch(`${app}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
    redirect: "manual",
  });
  const session = response.headers.getSetCookie().find((c) => c.startsWith("next-auth.session-token="));
  if (!session) throw new Error("sign-in failed");
  return session.split(";")[0]!;
}

/** `npm start` on `port` (PostgreSQL on port + 1) with a viewer signed in. */
export async function startApp(port: number, dataDir: string, upstreams: Record<string, string>) {
  const app = `http://localhost:${port}`;
  const env = {
    ...process.env,
    OPSDECK_DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(port + 1),
    PORT: String(port),
    NEXTAUTH_URL: app,
    NEXTAUTH_SECRET: "bench-secret-0123456789-0123456789-abcdef",
    LOG_LEVEL: "warn",
    ...upstreams,
  };
  const child = spawn(TSX, ["scripts/opsdeck.ts", "start"], {
    cwd: ROOT,
    env,
    stdio: "ignore",
    detached: true,
  });
  await waitFor(`${app}/api/readyz`);
  const { password } = JSON.parse(readFileSync(path.join(dataDir, "postgres.json"), "utf8")) as {
    password: string;
  };
  const databaseUrl = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port + 1}/opsdeck`;
  spawnSync(
    TSX,
    [
      "scripts/opsdeck.ts",
      "user:create",
      "--email",
      "bench@example.com",
      "--role",
      "viewer",
      "--password-stdin",
    ],
    { cwd: ROOT, env: { ...env, DATABASE_URL: databaseUrl }, input: "bench password long enough" },
  );
  return { app, child, cookie: await signIn(app, "bench@example.com", "bench password long enough") };
}
