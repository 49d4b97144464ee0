// The API description covers every route on disk: a route file missing from app/api/routes.ts, a method
// without a declaration, or path parameters that do not match the folder's [segments] fail here, so a
// new route cannot be left out of /api/openapi.json (and so of the fuzz stage and the role matrix).
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { METHODS } from "@/lib/http/operation";
import { openApiDocument, openApiPath } from "@/lib/http/openapi";
import { API_ROUTES } from "./routes";

const API_DIR = import.meta.dirname;

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return name === "route.ts" ? [full] : [];
  });
}

const onDisk = routeFiles(API_DIR).map((file) => ({
  file,
  route: `/api/${path.relative(API_DIR, path.dirname(file)).split(path.sep).join("/")}`.replace(/\/$/, ""),
}));

describe("the API description", () => {
  it("lists every route file on disk, as the very module the file is", async () => {
    expect(onDisk.length).toBeGreaterThan(40);
    for (const { file, route } of onDisk) {
      expect(Object.keys(API_ROUTES), `${route} is missing from app/api/routes.ts`).toContain(route);
      expect(API_ROUTES[route as keyof typeof API_ROUTES], route).toBe(await import(file));
    }
    expect(Object.keys(API_ROUTES).sort()).toEqual(onDisk.map((r) => r.route).sort());
  });

  it("has a declaration for every method a route exports", () => {
    for (const [route, module] of Object.entries(API_ROUTES)) {
      for (const method of METHODS) {
        if (!(method in module)) continue;
        const handler = (module as Record<string, { operation?: unknown }>)[method];
        expect(handler?.operation, `${method} ${route} has no declaration`).toBeDefined();
      }
    }
  });

  it("declares exactly the path parameters of the folder's [segments]", () => {
    const document = openApiDocument(API_ROUTES);
    for (const [route, module] of Object.entries(API_ROUTES)) {
      const segments = [...route.matchAll(/\[(?:\.\.\.)?([^\]]+)\]/g)].map((m) => m[1]);
      for (const method of METHODS) {
        const operation = (module as Record<string, { operation?: { paths?: string[] } }>)[method]?.operation;
        if (!operation || operation.paths) continue;
        const described = document.paths[openApiPath(route)]?.[method.toLowerCase()] as {
          parameters: { name: string; in: string }[];
        };
        expect(
          described.parameters.filter((p) => p.in === "path").map((p) => p.name),
          `${method} ${route}`,
        ).toEqual(segments);
      }
    }
  });

  it("describes a body, query and path from the zod schemas, with who may call", () => {
    const document = openApiDocument(API_ROUTES);
    const declare = document.paths["/api/incidents"]?.post as Record<string, unknown>;
    expect(declare).toMatchObject({
      "x-opsdeck-access": "incidents:write",
      security: [{ session: [] }],
      requestBody: {
        content: {
          "application/json": {
            schema: {
              type: "object",
              required: ["title", "severity"],
              properties: {
                title: { type: "string", maxLength: 200 },
                severity: { enum: ["SEV1", "SEV2", "SEV3", "SEV4"] },
              },
            },
          },
        },
      },
      responses: { "201": {}, default: {} },
    });
    const diff = document.paths["/api/runbooks/{id}/diff"]?.get as { parameters: unknown[] };
    expect(diff.parameters).toEqual([
      { name: "id", in: "path", required: true, schema: expect.objectContaining({ format: "uuid" }) },
      { name: "from", in: "query", required: true, schema: expect.objectContaining({ type: "string" }) },
      { name: "to", in: "query", required: true, schema: expect.objectContaining({ type: "string" }) },
    ]);
    expect(document.paths["/api/webhooks/alertmanager"]?.post).toMatchObject({
      "x-opsdeck-access": "token",
      security: [{ bearer: [] }],
    });
    expect(Object.keys(document.paths)).toContain("/api/auth/callback/credentials");
    // next-auth answers with pages and redirects too (found by the fuzz stage: undescribed answers).
    expect(document.paths["/api/auth/signout"]?.get).toMatchObject({
      responses: {
        "200": { content: { "application/json": {}, "text/html": {} } },
        "302": { headers: { Location: { required: true } } },
      },
    });
  });
});
