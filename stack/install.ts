// Getting the stack's programs onto the machine, idempotently: Debian packages for Prometheus and
// Alertmanager, a Go build (cached outside the repository, keyed by version) for Jaeger.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";

export class InstallError extends Error {}

export const JAEGER_VERSION = "v1.76.0"; // the Go module version of Jaeger v2 (tags v2.x are not served as modules)
const STACK_DIR = import.meta.dirname;
export const CACHE_DIR = process.env.OPSDECK_CACHE_DIR ?? path.join(homedir(), ".cache", "opsdeck");

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
  const target = path.join(CACHE_DIR, "bin", `jaeger-${JAEGER_VERSION}`, "jaeger");
  if (existsSync(target)) return target;
  if (!which("go"))
    throw new InstallError("jaeger is not built yet and Go is not installed (Go 1.24 or newer builds it).");
  log(`building Jaeger ${JAEGER_VERSION} from the Go module proxy (about 5 minutes on 2 cores, once)`);
  mkdirSync(path.join(CACHE_DIR, "bin"), { recursive: true });
  const staging = mkdtempSync(path.join(CACHE_DIR, "bin", ".jaeger-build-"));
  const env = {
    ...process.env,
    GOTOOLCHAIN: "local",
    CGO_ENABLED: "0",
    GOFLAGS: "-trimpath -buildvcs=false -modcacherw",
    GOCACHE: process.env.GOCACHE ?? path.join(CACHE_DIR, "go-build"),
    GOMODCACHE: process.env.GOMODCACHE ?? path.join(CACHE_DIR, "gomod"),
  };
  const started = Date.now();
  const result = spawnSync(
    "go",
    [
      "build",
      "-ldflags=-s -w",
      "-o",
      path.join(staging, "jaeger"),
      "github.com/jaegertracing/jaeger/cmd/jaeger",
    ],
    {
      cwd: path.join(STACK_DIR, "tools", "jaeger"),
      env,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (result.status !== 0) {
    rmSync(staging, { recursive: true, force: true });
    throw new InstallError(
      `building jaeger failed:\n${(result.stderr || "").trim().split("\n").slice(-12).join("\n")}`,
    );
  }
  // Move into place only when complete, so an interrupted build never leaves a broken cache entry.
  rmSync(path.dirname(target), { recursive: true, force: true });
  renameSync(staging, path.dirname(target));
  log(`built Jaeger in ${Math.round((Date.now() - started) / 1000)} s`);
  return target;
}
