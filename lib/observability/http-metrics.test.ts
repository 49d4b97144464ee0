// Route patterns from the build's routes manifest, and the metrics the Node server takes of each answer.
import { request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAppServer } from "@/lib/http/node-server";
import { routeMatcher, type RoutesManifest } from "./http-metrics";
import { metrics } from "./metrics";

// As `next build` writes them: dynamic routes in the order its router tries them, catch-alls last.
const manifest: RoutesManifest = {
  staticRoutes: [{ page: "/" }, { page: "/api/readyz" }, { page: "/incidents" }],
  dynamicRoutes: [
    { page: "/api/incidents/[ref]", regex: "^/api/incidents/([^/]+?)(?:/)?$" },
    { page: "/api/incidents/[ref]/notes", regex: "^/api/incidents/([^/]+?)/notes(?:/)?$" },
    { page: "/api/[...path]", regex: "^/api/(.+?)(?:/)?$" },
    { page: "/incidents/[ref]", regex: "^/incidents/([^/]+?)(?:/)?$" },
  ],
};
const routeOf = routeMatcher(manifest);

describe("routeMatcher", () => {
  it("names the pattern a path is served by, as Next.js matches it", () => {
    expect(routeOf("/")).toBe("/");
    expect(routeOf("/incidents")).toBe("/incidents");
    expect(routeOf("/incidents/")).toBe("/incidents");
    expect(routeOf("/incidents/42")).toBe("/incidents/[ref]");
    expect(routeOf("/api/incidents/42/notes")).toBe("/api/incidents/[ref]/notes");
    expect(routeOf("/api/readyz")).toBe("/api/readyz");
    expect(routeOf("/api/no/such/thing")).toBe("/api/[...path]");
  });

  it("names none for what no route serves (static files)", () => {
    expect(routeOf("/_next/static/chunks/main.js")).toBeUndefined();
    expect(routeOf("/incidents/42/notes")).toBeUndefined();
  });
});

describe("the Node server's HTTP metrics", () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createAppServer(
      async (request, response) => {
        const status = request.url!.startsWith("/api/incidents/404") ? 404 : 200;
        await new Promise((r) => setTimeout(r, 20));
        response.writeHead(status).end("next");
      },
      { trustedProxyHops: 0, routeOf },
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => server.close());

  const get = (path: string, method = "GET") =>
    new Promise<void>((resolve, reject) => {
      const req = httpRequest({ host: "127.0.0.1", port, path, method }, (res) => {
        res.resume();
        res.on("end", resolve);
      });
      req.on("error", reject);
      req.end();
    });
  type Labels = { method: string; route: string; status: string };
  const count = async (labels: Labels) =>
    (await metrics().httpRequests.get()).values.find(
      (v) =>
        v.labels.method === labels.method &&
        v.labels.route === labels.route &&
        v.labels.status === labels.status,
    )?.value ?? 0;

  it("counts each answer once by method, route pattern and status, with its duration", async () => {
    const notes = { method: "POST", route: "/api/incidents/[ref]/notes", status: "200" };
    const missing = { method: "GET", route: "/api/incidents/[ref]", status: "404" };
    const [notesBefore, missingBefore] = [await count(notes), await count(missing)];
    await get("/api/incidents/7/notes?x=1", "POST");
    await get("/api/incidents/8/notes", "POST");
    await get("/api/incidents/404");
    await get("/_next/static/chunks/main.js");
    expect((await count(notes)) - notesBefore).toBe(2);
    expect((await count(missing)) - missingBefore).toBe(1);
    const durations = (await metrics().httpDuration.get()).values.find(
      (v) => v.metricName?.endsWith("_sum") && v.labels.route === "/api/incidents/[ref]/notes",
    );
    expect(durations?.value).toBeGreaterThanOrEqual(0.04);
    const routes = (await metrics().httpRequests.get()).values.map((v) => v.labels.route);
    expect(routes).not.toContain("/_next/static/chunks/main.js");
    expect(routes.some((r) => r === undefined)).toBe(false);
  });
});
