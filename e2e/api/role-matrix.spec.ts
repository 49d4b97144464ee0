// Every route handler, every method, every role: anonymous callers get 401, roles without the permission
// get 403, roles with it get through. Routes are discovered from the file system, so new routes are
// covered automatically; what each method requires is what its handler declares (lib/http/operation.ts),
// read from the API description the app serves.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { can, type Permission } from "@/lib/auth/permissions";
import { ROLES } from "@/lib/auth/roles";
import type { Access } from "@/lib/http/operation";
import { apiAs } from "../support/fixtures";
import { APP_A, storageStateFor, type RoleName } from "../support/instances";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

const routeFiles = walk(path.join(ROOT, "app", "api")).filter((f) => /route\.tsx?$/.test(f));
const routes = routeFiles.map(
  (file) => `/${path.relative(path.join(ROOT, "app"), path.dirname(file)).split(path.sep).join("/")}`,
);

type Declared = { access: Access; stream: boolean };
type DescribedOperation = {
  "x-opsdeck-route": string;
  "x-opsdeck-access": Access;
  responses: Record<string, { content?: Record<string, unknown> }>;
};

let declared: Promise<Record<string, Declared>> | undefined;

/**
 * What each `METHOD /api/route/[param]` declares, from /api/openapi.json (read once per worker): who may
 * call, and whether it answers with an event stream.
 */
function declarations(): Promise<Record<string, Declared>> {
  declared ??= (async () => {
    const admin = await apiAs("admin");
    const response = await admin.get("/api/openapi.json");
    expect(response.status(), "the API description").toBe(200);
    const document = (await response.json()) as {
      paths: Record<string, Record<string, DescribedOperation>>;
    };
    await admin.dispose();
    return Object.fromEntries(
      Object.values(document.paths).flatMap((operations) =>
        Object.entries(operations).map(([method, op]) => [
          `${method.toUpperCase()} ${op["x-opsdeck-route"]}`,
          {
            access: op["x-opsdeck-access"],
            stream: Object.values(op.responses).some((r) => "text/event-stream" in (r.content ?? {})),
          },
        ]),
      ),
    );
  })();
  return declared;
}

/** A concrete URL for a route pattern. */
function urlFor(route: string) {
  return route
    .replace("[...nextauth]", "session")
    .replace("[...path]", "matrix-probe")
    .replace(/\[[^\]]+\]/g, "00000000-0000-4000-8000-000000000000");
}

test("there are no server actions (they would need their own entry in the matrix)", () => {
  const sources = ["app", "components", "lib"]
    .flatMap((d) => walk(path.join(ROOT, d)))
    .filter((f) => /\.(ts|tsx)$/.test(f) && !f.includes(`${path.sep}generated${path.sep}`));
  const withActions = sources.filter((f) => /^\s*["']use server["']/m.test(readFileSync(f, "utf8")));
  expect(withActions).toEqual([]);
});

test("route discovery finds the routes", () => {
  expect(routes).toContain("/api/users");
  expect(routes).toContain("/api/audit");
  expect(routes.length).toBeGreaterThanOrEqual(10);
});

/** The status of a GET on an event stream, read from its headers; the stream is then closed. */
async function streamStatus(role: RoleName | "anonymous", url: string): Promise<number> {
  const cookies =
    role === "anonymous"
      ? []
      : (
          JSON.parse(readFileSync(storageStateFor(role), "utf8")) as {
            cookies: { name: string; value: string }[];
          }
        ).cookies;
  const abort = new AbortController();
  const response = await fetch(new URL(url, APP_A.url), {
    headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join("; ") },
    signal: abort.signal,
  });
  abort.abort();
  return response.status;
}

for (const route of routes) {
  test(`${route}: every method is classified and enforced for every role`, async () => {
    const declared = await declarations();
    const anonymous = await apiAs("anonymous");
    const url = urlFor(route);
    for (const method of METHODS) {
      const key = `${method} ${route}`;
      // Event streams, once let in, stay open: only their status line is read.
      const stream = declared[key]?.stream ?? false;
      const anonResponse = stream
        ? null
        : await anonymous.fetch(url, {
            method,
            data: method === "GET" || method === "DELETE" ? undefined : {},
          });
      const anonStatus = anonResponse ? anonResponse.status() : await streamStatus("anonymous", url);
      if (anonStatus === 405) {
        expect(declared[key], `${key} is declared but not implemented`).toBeUndefined();
        // Next.js's bare 405, explained by the server in front of it: the methods the route does answer.
        const served = METHODS.filter((m) => declared[`${m} ${route}`]);
        const allow = [...served, "OPTIONS", ...(served.includes("GET") ? ["HEAD"] : [])].sort().join(", ");
        expect(anonResponse!.headers().allow, `${key}: Allow`).toBe(allow);
        expect(await anonResponse!.json(), `${key}: body`).toMatchObject({
          error: { code: "method_not_allowed", message: expect.stringContaining(`it answers `) },
        });
        continue;
      }
      const requirement = declared[key]?.access;
      expect(
        requirement,
        `${key} is implemented but declares no access (lib/http/operation.ts)`,
      ).toBeDefined();
      if (requirement === "public") {
        expect([401, 403], `${key} is public`).not.toContain(anonStatus);
        continue;
      }
      expect(anonStatus, `${key} anonymous`).toBe(401);
      if (requirement === "token") {
        // A session is not the credential: every role without the token is refused too.
        for (const role of ROLES) {
          const client = await apiAs(role);
          expect(
            (await client.fetch(url, { method, data: {} })).status(),
            `${key} as ${role} without the token`,
          ).toBe(401);
          await client.dispose();
        }
        continue;
      }
      for (const role of ROLES) {
        let status: number;
        if (stream) status = await streamStatus(role, url);
        else {
          const client = await apiAs(role);
          const response = await client.fetch(url, {
            method,
            data: method === "GET" || method === "DELETE" ? undefined : {},
          });
          status = response.status();
          await client.dispose();
        }
        const allowed = requirement === "authenticated" || can(role, requirement as Permission);
        if (allowed) expect([401, 403], `${key} as ${role} should be allowed`).not.toContain(status);
        else expect(status, `${key} as ${role} should be refused`).toBe(403);
      }
    }
    await anonymous.dispose();
  });
}
