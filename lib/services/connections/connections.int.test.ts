import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "@/lib/config/env";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { contextFor } from "@/tests/support/actors";
import { freePort } from "@/tests/support/ports";
import { listConnections, missingUpstream, redactUrl, testConnection } from ".";

// A Prometheus that answers its build information, counting how often it is asked.
let prometheusAsked = 0;
let server: Server;

beforeAll(async () => {
  server = createServer((req, res) => {
    const signedIn =
      req.headers.authorization === `Basic ${Buffer.from("opsdeck:s3cret").toString("base64")}`;
    if (req.url === "/api/v1/status/buildinfo" && signedIn) {
      prometheusAsked++;
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ status: "success", data: { version: "2.42.0", revision: "abc" } }));
      return;
    }
    res.writeHead(404).end();
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)),
  );
  // Nothing listens on the Jaeger port: a connection that is configured and down.
  const closed = await freePort();
  Object.assign(env(), {
    PROMETHEUS_URL: `http://127.0.0.1:${port}`,
    PROMETHEUS_BASIC_AUTH: { username: "opsdeck", password: "s3cret" },
    PROMETHEUS_TIMEOUT_MS: 2_000,
    ALERTMANAGER_URL: undefined,
    JAEGER_URL: `http://127.0.0.1:${closed}`,
    JAEGER_TIMEOUT_MS: 2_000,
    KUBECONFIG: undefined,
    KUBE_IN_CLUSTER: undefined,
  });
});
afterAll(() => server.close());

describe("Settings → Connections", () => {
  it("shows an admin each connection: up with its version, down with its error, not configured with what to set", async () => {
    const admin = await contextFor("admin");
    const connections = await listConnections(admin);
    const byId = Object.fromEntries(connections.map((c) => [c.id, c]));
    expect(Object.keys(byId)).toEqual(["prometheus", "alertmanager", "jaeger", "kubernetes", "database"]);

    const prometheus = byId.prometheus!;
    expect(prometheus).toMatchObject({ status: "up", version: "2.42.0", circuit: "closed", lastError: null });
    // How it signs in is shown, never the secret.
    expect(prometheus).toMatchObject({
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/$/),
      auth: "basic auth",
    });
    expect(JSON.stringify(connections)).not.toContain("s3cret");
    expect(prometheus.checkedAt).not.toBeNull();

    expect(byId.alertmanager).toMatchObject({
      status: "not_configured",
      url: null,
      setup: "Set ALERTMANAGER_URL to see alerts and silences.",
    });
    expect(byId.kubernetes).toMatchObject({ status: "not_configured", variable: "KUBECONFIG" });

    const jaeger = byId.jaeger!;
    expect(jaeger.status).toBe("down");
    expect(jaeger.lastError?.message).toMatch(/^Jaeger at http:\/\/127\.0\.0\.1:\d+ is unreachable/);
    expect(jaeger.version).toBeNull();

    // The test's own PostgreSQL, really asked.
    expect(byId.database).toMatchObject({ status: "up", lastError: null });
    expect(byId.database!.version).toMatch(/^\d+(\.\d+)?/);
    expect(byId.database!.url).not.toContain(new URL(process.env.DATABASE_URL!).password || "\u0000");
  });

  it("Test asks again once the last answer is a few seconds old, and shares it before", async () => {
    const admin = await contextFor("admin");
    await listConnections(admin);
    const before = prometheusAsked;
    // The listing just asked: Test within a few seconds shows that answer rather than asking again.
    await Promise.all([testConnection(admin, "prometheus"), testConnection(admin, "prometheus")]);
    expect(prometheusAsked).toBe(before);
    await new Promise((resolve) => setTimeout(resolve, 3_100));
    const [a, b] = await Promise.all([
      testConnection(admin, "prometheus"),
      testConnection(admin, "prometheus"),
    ]);
    expect(prometheusAsked).toBe(before + 1);
    expect(a).toMatchObject({ status: "up", version: "2.42.0" });
    expect(b.checkedAt).toBe(a.checkedAt);
  });

  it("refuses everyone but an admin, and names an unknown connection", async () => {
    const responder = await contextFor("responder");
    await expect(listConnections(responder)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(testConnection(responder, "prometheus")).rejects.toBeInstanceOf(ForbiddenError);
    const admin = await contextFor("admin");
    await expect(testConnection(admin, "kubernetes:prod")).rejects.toBeInstanceOf(NotFoundError);
    await expect(testConnection(admin, "../etc")).rejects.toMatchObject({ status: 422 });
  });

  it("leaves credentials out of the URLs it shows", () => {
    expect(redactUrl("postgresql://opsdeck:pw@db:5432/opsdeck?sslmode=require&password=pw")).toBe(
      "postgresql://REDACTED:REDACTED@db:5432/opsdeck?sslmode=require&password=REDACTED",
    );
    expect(redactUrl("not a url")).toBe("(not a URL)");
  });

  it("tells a page at once which upstream it needs is not configured", () => {
    expect(missingUpstream("prometheus")).toBeNull();
    expect(missingUpstream("alertmanager")).toEqual({
      label: "Alertmanager",
      message: "Set ALERTMANAGER_URL to see alerts and silences.",
    });
  });
});
