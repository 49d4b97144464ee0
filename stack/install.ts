// Getting the stack's programs onto the machine, idempotently: Debian packages for Prometheus and
// Alertmanager, a Go build (cached outside the repository, keyed by version) for Jaeger.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { BuildError, ensureGoBuild } from "./go-builds";

export class InstallError extends Error {}

function which(command: string): string | null {
  const result = spawnSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : null;
}

/** Installs Debian packages that provide the given commands, if any is missing. */
export function ensureDebianPackages(
  wanted: { command: string; pkg: string }[],
  log: (line: string) => void,
): void {
  const missing = wanted.filter((w) => !which(w.command));
  if (!missing.length) return;
  const pkgs = [...new Set(missing.map((m) => m.pkg))];
  const root = process.getuid?.() === 0;
  const prefix = root ? [] : ["sudo", "-n"];
  log(`installing Debian packages: ${pkgs.join(" ")}`);
  const run = (args: string[]) =>
    spawnSync(prefix[0] ?? args[0]!, [...prefix.slice(1), ...(prefix.length ? args : args.slice(1))], {
      encoding: "utf8",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
  let result = run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", ...pkgs]);
  if (result.status !== 0) {
    run(["apt-get", "update", "-qq"]);
    result = run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", ...pkgs]);
  }
  const still = missing.filter((m) => !which(m.command));
  if (still.length) {
    throw new InstallError(
      `${still.map((m) => m.command).join(", ")} not found, and installing ${pkgs.join(" ")} failed` +
        `${root ? "" : " (not root, and sudo needs a password)"}:\n${(result.stderr || result.stdout || "").trim().split("\n").slice(-5).join("\n")}\n` +
        `Install them with: apt-get install ${pkgs.join(" ")}`,
    );
  }
}

/** The Jaeger v2 binary, built once from the Go module proxy (stack/tools/jaeger) and cached by version. */
export function ensureJaeger(log: (line: string) => void): string {
  try {
    return path.join(ensureGoBuild("jaeger", log), "jaeger");
  } catch (error) {
    if (error instanceof BuildError) throw new InstallError(error.message);
    throw error;
  }
}
