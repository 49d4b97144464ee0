// Who is asking is checked before anything else: with no upstream configured, a service that needs one
// still answers an anonymous caller 401 and a caller without the permission 403, never 503 (which would
// tell an outsider what is configured, and let a viewer probe it). Every service module that imports an
// upstream's `require…()` (`requireAlertmanager`, `requirePrometheus`, …) is found on disk, so a new one
// is covered.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ForbiddenError, UnauthenticatedError } from "@/lib/errors";
import { NotConfiguredError } from "@/lib/upstream/configured";
import { anonymousContext, type ServiceContext } from "@/lib/services/context";
import { contextFor } from "@/tests/support/actors";

for (const variable of ["ALERTMANAGER_URL", "PROMETHEUS_URL", "JAEGER_URL", "KUBECONFIG", "KUBERNETES_URL"])
  delete process.env[variable];

const SERVICES = path.resolve(import.meta.dirname);
/** Exports of those modules that are not service functions (no caller to check). */
const NOT_SERVICES = new Set([
  "alerts/index.ts#safeLink",
  "alerts/index.ts#applyRunbookLinks",
  // For incident grouping, which asks on Alertmanager's behalf: no caller, and null without Jaeger there.
  "traces/index.ts#dependencyGraph",
]);
/** Changes a viewer may not make, with a valid input: 403 for a viewer, and only then 503 for a role that may. */
const WRITES: Record<string, unknown> = {
  "alerts/index.ts#createSilence": {
    matchers: [{ name: "alertname", value: "HighLatency", isRegex: false, isEqual: true }],
    durationMinutes: 60,
    comment: "deploying a fix",
  },
  "alerts/index.ts#acknowledgeAlert": { fingerprint: "0123abcd", durationMinutes: 30 },
  "alerts/index.ts#expireSilence": "5b7e7a7e-9c5d-4c1e-9a41-4f3a0e1d2c3b",
};

/** `import { requireAlertmanager } from "@/lib/alertmanager/client"` and the like. */
const REQUIRES_AN_UPSTREAM =
  /import\s*\{[^}]*\brequire[A-Z]\w*[^}]*\}\s*from\s*"@\/lib\/(alertmanager|prometheus|jaeger|kubernetes)\//;

function modulesRequiringAnUpstream(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/(?<!\.test)\.ts$/.test(entry.name) && REQUIRES_AN_UPSTREAM.test(readFileSync(full, "utf8")))
        found.push(path.relative(SERVICES, full));
    }
  };
  walk(SERVICES);
  return found.sort();
}

type ServiceFunction = (ctx: ServiceContext, ...args: unknown[]) => Promise<unknown>;

async function serviceFunctions(): Promise<[string, ServiceFunction][]> {
  const functions: [string, ServiceFunction][] = [];
  for (const file of modulesRequiringAnUpstream()) {
    const exports = (await import(/* @vite-ignore */ path.join(SERVICES, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(exports))
      if (typeof value === "function" && !NOT_SERVICES.has(`${file}#${name}`))
        functions.push([`${file}#${name}`, value as ServiceFunction]);
  }
  return functions;
}

/** What the call throws, synchronously or not. */
async function rejection(call: () => unknown): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  return "no error";
}

describe("the caller is checked before the configuration", () => {
  let functions: [string, ServiceFunction][];
  beforeAll(async () => {
    functions = await serviceFunctions();
  });

  it("finds the services that need an upstream", () => {
    const names = functions.map(([name]) => name);
    expect(names).toEqual(
      expect.arrayContaining([
        ...Object.keys(WRITES),
        "health/explore.ts#explore",
        "traces/index.ts#getTrace",
      ]),
    );
  });

  it("answers an anonymous caller 401, whatever the input", async () => {
    for (const [name, fn] of functions)
      for (const input of [{}, "x"])
        expect(await rejection(() => fn(anonymousContext(), input)), name).toBeInstanceOf(
          UnauthenticatedError,
        );
  });

  it("answers a viewer 403 for changes; only a role that may make them learns the upstream is missing", async () => {
    const viewer = await contextFor("viewer");
    const responder = await contextFor("responder");
    for (const [name, input] of Object.entries(WRITES)) {
      const fn = functions.find(([n]) => n === name)![1];
      expect(await rejection(() => fn(viewer, input)), name).toBeInstanceOf(ForbiddenError);
      expect(await rejection(() => fn(responder, input)), name).toBeInstanceOf(NotConfiguredError);
    }
  });
});
