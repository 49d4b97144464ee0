// One long-running process of the stack: spawned with its output in a log file, watched for exit, and
// stopped with SIGTERM then SIGKILL. When its owner dies (a test runner killed hard, say), the kernel
// sends it SIGTERM too (setpriv --pdeathsig), so no process outlives the stack that started it.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";

export type ExitInfo = { code: number | null; signal: NodeJS.Signals | null; at: Date };

const HAS_SETPRIV = spawnSync("setpriv", ["--help"], { stdio: "ignore" }).status === 0;

export class ManagedProcess {
  readonly child: ChildProcess;
  readonly startedAt = new Date();
  exit: ExitInfo | null = null;
  private readonly exited: Promise<ExitInfo>;

  constructor(
    readonly name: string,
    command: string,
    args: string[],
    readonly logFile: string,
    options: { env?: NodeJS.ProcessEnv; cwd?: string; tieToOwner?: boolean } = {},
  ) {
    const log = openSync(logFile, "a");
    const [cmd, argv] =
      options.tieToOwner !== false && HAS_SETPRIV
        ? ["setpriv", ["--pdeathsig", "TERM", "--", command, ...args]]
        : [command, args];
    this.child = spawn(cmd, argv, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", log, log],
      detached: true,
    });
    closeSync(log);
    this.exited = new Promise((resolve) => {
      this.child.once("error", (error) => {
        this.exit = { code: 127, signal: null, at: new Date() };
        resolve(this.exit);
        void error;
      });
      this.child.once("exit", (code, signal) => {
        this.exit = { code, signal, at: new Date() };
        resolve(this.exit);
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.exit === null;
  }

  /** The last lines of its log, for error messages. */
  tail(lines = 15): string {
    try {
      return readFileSync(this.logFile, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
    } catch {
      return "";
    }
  }

  async stop(graceMs = 10_000): Promise<ExitInfo> {
    if (this.exit) return this.exit;
    this.signal("SIGTERM");
    const timer = setTimeout(() => this.signal("SIGKILL"), graceMs);
    const info = await this.exited;
    clearTimeout(timer);
    return info;
  }

  /** Sends a signal to the whole process group (the process and anything it started). */
  signal(signal: NodeJS.Signals) {
    if (!this.child.pid || this.exit) return;
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      // already gone
    }
  }

  waitForExit(): Promise<ExitInfo> {
    return this.exited;
  }
}

export function describeExit(exit: ExitInfo): string {
  return exit.signal ? `killed by ${exit.signal}` : `exited with code ${exit.code}`;
}

/** True if a process with this pid exists and its command line contains `marker`. */
export function processMatches(pid: number, marker: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ").includes(marker);
  } catch {
    return false;
  }
}
