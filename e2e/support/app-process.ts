// Starting and stopping real app instances (the launcher, as `npm start` runs it) from tests.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { AUDIT_CHAIN_KEY, SESSION_SECRET } from "./instances";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");
export const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

export function launchApp(name: string, env: Record<string, string>): ChildProcess {
  const child = spawn(TSX, ["scripts/opsdeck.ts", "start"], {
    cwd: ROOT,
    env: {
      ...process.env,
      LOG_LEVEL: "warn",
      LOGIN_MAX_FAILURES_PER_IP: "100000",
      NEXTAUTH_SECRET: SESSION_SECRET,
      AUDIT_CHAIN_KEY,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so stopping it also stops `next start` and the embedded PostgreSQL.
    detached: true,
  });
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split("\n")
      .filter(Boolean)
      .map((l) => `[${name}] ${l}\n`)
      .join("");
  // The last lines of its output, so that an instance that dies at start says why.
  const tail: string[] = [];
  const keep = (c: Buffer) => {
    tail.push(...c.toString().split("\n").filter(Boolean));
    tail.splice(0, Math.max(0, tail.length - 30));
  };
  child.stdout?.on("data", (c: Buffer) => {
    keep(c);
    if (process.env.E2E_VERBOSE) process.stdout.write(prefix(c));
  });
  child.stderr?.on("data", (c: Buffer) => {
    keep(c);
    if (process.env.E2E_VERBOSE) process.stderr.write(prefix(c));
  });
  outputTails.set(child, tail);
  return child;
}

const outputTails = new WeakMap<ChildProcess, string[]>();

export async function waitForStatus(url: string, status: number, child?: ChildProcess, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null)
      throw new Error(
        `${url}: the app exited with code ${child.exitCode}; its last output:\n${(outputTails.get(child) ?? []).join("\n")}`,
      );
    try {
      const response = await fetch(url);
      if (response.status === status) return response;
      last = `${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer ${status} within ${timeoutMs / 1000}s (last: ${last})`);
}

export function stopApp(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || !child.pid) return Promise.resolve();
  return new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    process.kill(-child.pid!, "SIGTERM");
    setTimeout(() => {
      if (child.exitCode === null) process.kill(-child.pid!, "SIGKILL");
    }, 10_000).unref();
  });
}
