// The stack's programs that come from the Go module proxy, built once per version and cached outside
// the repository (~/.cache/opsdeck/bin/<name>-<version>/). A build goes to a temporary folder that is
// moved into place only when complete, so an interrupted build never leaves a broken cache entry.
//   npm run stack:build [jaeger kubernetes etcd kwok argo-rollouts flagger]   builds ahead of time, with timings
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";

export class BuildError extends Error {}

export const CACHE_DIR = process.env.OPSDECK_CACHE_DIR ?? path.join(homedir(), ".cache", "opsdeck");
const TOOLS = path.join(import.meta.dirname, "tools");

const k8sStamp = (version: string) => {
  const [, minor] = /^v1\.(\d+)\./.exec(version)!;
  return ["k8s.io/component-base/version", "k8s.io/client-go/pkg/version"]
    .map(
      (p) =>
        `-X ${p}.gitVersion=${version} -X ${p}.gitMajor=1 -X ${p}.gitMinor=${minor} -X ${p}.gitTreeState=clean -X ${p}.buildDate=1970-01-01T00:00:00Z`,
    )
    .join(" ");
};

export type GoBuild = {
  name: string;
  version: string;
  binaries: string[];
  /** `go build` in a wrapper module under stack/tools, or `go install pkg@version` for modules without replaces. */
  command: (out: string) => { args: string[]; cwd?: string; env?: Record<string, string> };
};

export const GO_BUILDS: Record<string, GoBuild> = {
  jaeger: {
    name: "jaeger",
    version: "v1.76.0", // the Go module version of Jaeger v2 (v2.x tags are not served as modules)
    binaries: ["jaeger"],
    command: (out) => ({
      cwd: path.join(TOOLS, "jaeger"),
      args: [
        "build",
        "-ldflags=-s -w",
        "-o",
        path.join(out, "jaeger"),
        "github.com/jaegertracing/jaeger/cmd/jaeger",
      ],
    }),
  },
  kubernetes: {
    name: "kubernetes",
    version: "v1.34.5",
    binaries: ["kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubectl"],
    command: (out) => ({
      cwd: path.join(TOOLS, "kubernetes"),
      args: [
        "build",
        "-tags=selinux,notest",
        `-ldflags=-s -w ${k8sStamp("v1.34.5")}`,
        "-o",
        `${out}/`,
        "k8s.io/kubernetes/cmd/kube-apiserver",
        "k8s.io/kubernetes/cmd/kube-controller-manager",
        "k8s.io/kubernetes/cmd/kube-scheduler",
        "k8s.io/kubernetes/cmd/kubectl",
      ],
    }),
  },
  etcd: {
    name: "etcd",
    version: "v3.6.14",
    binaries: ["etcd"],
    command: (out) => ({
      cwd: path.join(TOOLS, "etcd"),
      args: ["build", "-ldflags=-s -w", "-o", path.join(out, "etcd"), "go.etcd.io/etcd/server/v3"],
    }),
  },
  kwok: {
    name: "kwok",
    version: "v0.8.0",
    binaries: ["kwok", "kwokctl"],
    command: (out) => ({
      args: [
        "install",
        "-ldflags=-s -w",
        "sigs.k8s.io/kwok/cmd/kwok@v0.8.0",
        "sigs.k8s.io/kwok/cmd/kwokctl@v0.8.0",
      ],
      env: { GOBIN: out },
    }),
  },
  "argo-rollouts": {
    name: "argo-rollouts",
    version: "v1.9.1",
    binaries: ["rollouts-controller"],
    command: (out) => ({
      cwd: path.join(TOOLS, "argo-rollouts"),
      args: [
        "build",
        "-ldflags=-s -w -X github.com/argoproj/argo-rollouts/utils/version.version=1.9.1",
        "-o",
        path.join(out, "rollouts-controller"),
        "github.com/argoproj/argo-rollouts/cmd/rollouts-controller",
      ],
    }),
  },
  // The newest version the module proxy serves (v1.45.0 and later answer 403 there). Its go.mod has no
  // replace directives, so it installs without a wrapper module; the version is a constant in its source.
  flagger: {
    name: "flagger",
    version: "v1.44.0",
    binaries: ["flagger"],
    command: (out) => ({
      args: ["install", "-ldflags=-s -w", "github.com/fluxcd/flagger/cmd/flagger@v1.44.0"],
      env: { GOBIN: out },
    }),
  },
};

export function binaryDir(build: GoBuild) {
  return path.join(CACHE_DIR, "bin", `${build.name}-${build.version}`);
}

export function isBuilt(build: GoBuild) {
  return build.binaries.every((b) => existsSync(path.join(binaryDir(build), b)));
}

function hasGo() {
  return spawnSync("go", ["version"], { stdio: "ignore" }).status === 0;
}

/** The folder holding the build's binaries, building it first if needed. */
export function ensureGoBuild(
  name: keyof typeof GO_BUILDS,
  log: (line: string) => void = () => undefined,
): string {
  const build = GO_BUILDS[name]!;
  const target = binaryDir(build);
  if (isBuilt(build)) return target;
  if (!hasGo())
    throw new BuildError(
      `${name} ${build.version} is not built yet and Go is not installed (Go 1.26 builds it).`,
    );
  log(`building ${name} ${build.version} from the Go module proxy (minutes on 2 cores, once per machine)`);
  mkdirSync(path.join(CACHE_DIR, "bin"), { recursive: true });
  const staging = mkdtempSync(path.join(CACHE_DIR, "bin", `.${name}-build-`));
  const { args, cwd, env } = build.command(staging);
  const started = Date.now();
  const result = spawnSync("go", args, {
    cwd: cwd ?? staging,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: {
      ...process.env,
      GOTOOLCHAIN: "local", // never fetch another toolchain silently
      CGO_ENABLED: "0",
      GOFLAGS: "-trimpath -buildvcs=false -modcacherw",
      GOCACHE: process.env.GOCACHE ?? path.join(CACHE_DIR, "go-build"),
      GOMODCACHE: process.env.GOMODCACHE ?? path.join(CACHE_DIR, "gomod"),
      ...env,
    },
  });
  if (result.status !== 0) {
    rmSync(staging, { recursive: true, force: true });
    throw new BuildError(
      `building ${name} ${build.version} failed (go ${args[0]}):\n${(result.stderr || result.stdout || "").trim().split("\n").slice(-15).join("\n")}`,
    );
  }
  rmSync(target, { recursive: true, force: true });
  renameSync(staging, target);
  log(`built ${name} ${build.version} in ${Math.round((Date.now() - started) / 1000)} s`);
  return target;
}

const goEnv = (extra: Record<string, string> = {}) => ({
  ...process.env,
  GOTOOLCHAIN: "local",
  GOFLAGS: "-modcacherw",
  GOMODCACHE: process.env.GOMODCACHE ?? path.join(CACHE_DIR, "gomod"),
  ...extra,
});

/**
 * The source folder of a module version in the module cache (CRDs and stage files are read from there),
 * downloading it first if needed. Paths of lower-case modules are stored as they are.
 */
export function ensureModuleSource(module: string, version: string): string {
  const env = goEnv();
  const direct = path.join(env.GOMODCACHE, `${module}@${version}`);
  if (!/[A-Z]/.test(module) && existsSync(direct)) return direct;
  if (!hasGo()) throw new BuildError(`${module}@${version} is not downloaded yet and Go is not installed.`);
  const result = spawnSync("go", ["mod", "download", "-json", `${module}@${version}`], {
    cwd: CACHE_DIR,
    encoding: "utf8",
    env,
  });
  const info = (() => {
    try {
      return JSON.parse(result.stdout) as { Dir?: string; Error?: string };
    } catch {
      return {};
    }
  })();
  if (result.status !== 0 || !info.Dir)
    throw new BuildError(
      `go mod download ${module}@${version} failed: ${info.Error ?? result.stderr.trim()}`,
    );
  return info.Dir;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(GO_BUILDS);
  let failed = false;
  for (const name of names) {
    if (!GO_BUILDS[name]) {
      console.error(`unknown build ${name}; choose from ${Object.keys(GO_BUILDS).join(", ")}`);
      process.exit(2);
    }
    const started = Date.now();
    try {
      const dir = ensureGoBuild(name, (line) => console.error(`stack:build: ${line}`));
      console.log(
        `${name.padEnd(14)} ${GO_BUILDS[name]!.version.padEnd(9)} ${dir}  (${Math.round((Date.now() - started) / 1000)} s)`,
      );
    } catch (error) {
      failed = true;
      console.error((error as Error).message);
    }
  }
  process.exit(failed ? 1 : 0);
}
