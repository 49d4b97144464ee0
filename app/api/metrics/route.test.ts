import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET } from "./route";

const TOKEN = "metrics-token-0123456789";

beforeAll(() => {
  // Read once per process by env(); this file's first request sees it.
  vi.stubEnv("METRICS_TOKEN", TOKEN);
});
afterAll(() => {
  vi.unstubAllEnvs();
});

const scrape = (authorization?: string) =>
  GET(
    new Request("http://x/api/metrics", {
      headers: { "x-request-id": "req-metrics", ...(authorization && { authorization }) },
    }),
  );

describe("/api/metrics with METRICS_TOKEN set", () => {
  it.each([
    ["no token", undefined],
    ["a wrong token", `Bearer ${TOKEN.replace(/.$/, "x")}`],
    ["a token of another length", "Bearer short"],
    ["a token as long in characters but longer in bytes", `Bearer ${TOKEN.slice(0, -1)}\u00e9`],
  ])("answers %s with the standard 401 error body", async (_case, authorization) => {
    const response = await scrape(authorization);
    expect(response.status).toBe(401);
    expect(response.headers.get("x-request-id")).toBe("req-metrics");
    expect(await response.json()).toEqual({
      error: {
        code: "unauthenticated",
        message: "Send the metrics token as a bearer token.",
        requestId: "req-metrics",
      },
    });
  });

  it("serves the metrics in Prometheus's text format to the right token", async () => {
    const response = await scrape(`Bearer ${TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^text\/plain/);
    expect(await response.text()).toContain("opsdeck_process_cpu_seconds_total");
  });
});
