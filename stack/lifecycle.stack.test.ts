// Starting and stopping stacks: clear errors for taken ports and failed components, and no process left
// behind, even when the process that started the stack is killed.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Stack, StackError } from "./stack";

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), "opsdeck-stack-lc-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Processes started by the stack in `dir` (each carries OPSDECK_STACK_DIR in its environment). */
function processesOfStack(dir: string): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes(`OPSDECK_STACK_DIR=${dir}`);
      } catch {
        return false;
      }
    })
    .map(Number);
}

function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function eventually(check: () => boolean, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !check()) await new Promise((r) => setTimeout(r, 200));
  return check();
}

describe("stack lifecycle", () => {
  it("names the component and the holder of a port that is taken", async () => {
    const blocker = createServer();
    const port = await new Promise<number>((resolve) =>
      blocker.listen(0, "127.0.0.1", () => resolve((blocker.address() as { port: number }).port)),
    );
    try {
      const error = await Stack.start({ dir: tempDir(), ports: { prometheus: port } }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(StackError);
      expect((error as Error).message).toMatch(
        new RegExp(`^prometheus: port ${port} is in use by .+ \\(pid ${process.pid}\\)`),
      );
    } finally {
      blocker.close();
    }
  });

  it("says which component failed and why, and stops the rest", async () => {
    const dir = tempDir();
    const error = await Stack.start({
      dir,
      ports: {},
      required: "all",
      loadRps: 1,
      scrapeInterval: "not-a-duration",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StackError);
    expect((error as Error).message).toMatch(/prometheus: exited with code \d+ while starting/);
    expect((error as Error).message).toMatch(/not-a-duration/);
    // Everything it had started is gone.
    expect(await eventually(() => processesOfStack(dir).length === 0)).toBe(true);
  });

  it("leaves no process behind when its owner is killed", { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const owner = spawn(
      process.execPath,
      [
        "--import",
        path.resolve("node_modules/tsx/dist/loader.mjs"),
        "-e",
        `import("${path.resolve("stack/stack.ts")}").then(async ({ Stack }) => { const s = await Stack.start({ dir: ${JSON.stringify(dir)}, loadRps: 1 }); console.log(JSON.stringify([...s.processes.values()].map((p) => p.pid))); })`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    const pids = await new Promise<number[]>((resolve, reject) => {
      let out = "";
      owner.stdout.on("data", (c: Buffer) => {
        out += c;
        const line = out.split("\n").find((l) => l.startsWith("["));
        if (line) resolve(JSON.parse(line) as number[]);
      });
      owner.on("exit", (code) => reject(new Error(`owner exited early (${code})`)));
    });
    expect(pids.length).toBe(10);
    expect(pids.every(alive)).toBe(true);
    owner.kill("SIGKILL");
    expect(await eventually(() => pids.every((pid) => !alive(pid)))).toBe(true);
    expect(processesOfStack(dir)).toEqual([]);
  });
});
