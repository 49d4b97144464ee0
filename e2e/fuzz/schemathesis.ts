// Schemathesis (https://schemathesis.readthedocs.io), the property-based API fuzzer of the fuzz stage, from
// PyPI into a virtual environment of its own outside the repository, keyed by version like the stack's Go
// builds: installed on first use, then reused. Needs python3 with its venv module.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CACHE_DIR } from "@/stack/go-builds";

export const SCHEMATHESIS_VERSION = "4.32.5";

/** The path of the `st` command, after installing it if it is not there yet. */
export function ensureSchemathesis(): string {
  const venv = path.join(CACHE_DIR, "python", `schemathesis-${SCHEMATHESIS_VERSION}`);
  // Written last: an install that was interrupted is started again rather than half used.
  const done = path.join(venv, "installed");
  if (existsSync(done)) return path.join(venv, "bin", "st");
  rmSync(venv, { recursive: true, force: true });
  mkdirSync(path.dirname(venv), { recursive: true });
  const run = (command: string, args: string[]) => {
    const result = spawnSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    if (result.status !== 0) {
      throw new Error(
        `${command} ${args.join(" ")} failed (${result.error?.message ?? `exit ${result.status}`}):\n` +
          `${result.stdout}${result.stderr}`,
      );
    }
  };
  run("python3", ["-m", "venv", venv]);
  run(path.join(venv, "bin", "pip"), [
    "install",
    "--quiet",
    "--disable-pip-version-check",
    `schemathesis==${SCHEMATHESIS_VERSION}`,
  ]);
  writeFileSync(done, `schemathesis ${SCHEMATHESIS_VERSION}\n`);
  return path.join(venv, "bin", "st");
}
