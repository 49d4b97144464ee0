import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "@/lib/config/env";
import { contextFor } from "@/tests/support/actors";
import { serviceExists, updateServiceMeta } from "./catalog";

// A Prometheus that has request metrics for one service, checkout.
let server: Server;
beforeAll(async () => {
  server = createServer((req, res) => {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(
      JSON.stringify({
        status: "success",
        data: { resultType: "vector", result: [{ metric: { service: "checkout" }, value: [1, "3"] }] },
      }),
    );
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)),
  );
  Object.assign(env(), { PROMETHEUS_URL: `http://127.0.0.1:${port}` });
});
afterAll(() => server.close());

describe("serviceExists", () => {
  it("knows the services Prometheus sees and those in the catalog, and no other", async () => {
    const operator = await contextFor("operator");
    expect(await serviceExists(operator, "checkout")).toBe(true);
    expect(await serviceExists(operator, "no-such-service")).toBe(false);
    expect(await serviceExists(operator, "")).toBe(false);

    await updateServiceMeta(operator, "billing", { ownerTeam: "payments", expectedVersion: 0 });
    expect(await serviceExists(operator, "billing")).toBe(true);
  });
});
