// The Prometheus client against the real Prometheus of the test stack.
import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UpstreamError } from "@/lib/errors";
import { FLEET_SERVICES } from "@/stack/fleet/topology";
import { stack, waitFor } from "@/tests/support/stack";
import { PrometheusClient, PromqlError } from "./client";

const client = () => new PrometheusClient({ url: stack().urls.prometheus, timeoutMs: 3_000 });

describe("PrometheusClient", () => {
  it("answers instant and range queries with the demo fleet's data", async () => {
    const rates = await waitFor("rates of all services", async () => {
      const samples = await client().instant("service:http_server_requests:rate1m > 0");
      return samples.length === FLEET_SERVICES.length ? samples : undefined;
    });
    expect(rates.every((s) => s.value > 0)).toBe(true);

    const end = new Date();
    const series = await client().range(
      'sum by (service) (rate(http_server_request_duration_seconds_count{service="web"}[1m]))',
      new Date(end.getTime() - 120_000),
      end,
      15,
    );
    expect(series).toHaveLength(1);
    expect(series[0]!.points.length).toBeGreaterThan(2);
    expect(series[0]!.points.every(([t, v]) => t > 0 && Number.isFinite(v))).toBe(true);
  });

  it("reads exemplars, rules, targets and label values", async () => {
    const end = new Date();
    const exemplars = await client().exemplars(
      'http_server_request_duration_seconds_bucket{service="web"}',
      new Date(end.getTime() - 300_000),
      end,
    );
    expect(exemplars.length).toBeGreaterThan(0);
    expect(exemplars[0]!.labels.trace_id).toMatch(/^[0-9a-f]{32}$/);

    const rules = await client().rules();
    const alerting = rules.groups.flatMap((g) => g.rules).filter((r) => r.type === "alerting");
    expect(alerting.map((r) => r.name)).toEqual(
      expect.arrayContaining(["HighErrorRatio", "TargetDown", "ErrorBudgetBurnFast"]),
    );
    expect(rules.groups.every((g) => g.rules.every((r) => r.health === "ok" || r.health === "unknown"))).toBe(
      true,
    );

    const targets = await client().targets();
    expect(targets.activeTargets.filter((t) => t.labels.job === "demo-fleet")).toHaveLength(
      FLEET_SERVICES.length,
    );
    expect(await client().labelValues("service")).toEqual(expect.arrayContaining([...FLEET_SERVICES]));
  });

  it("turns a bad query into a 422 the user can act on", async () => {
    const error = await client()
      .instant("sum(rate(")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PromqlError);
    expect((error as PromqlError).status).toBe(422);
    expect((error as PromqlError).message).toMatch(/^Prometheus rejected the query: .*parse error/);
  });

  describe("when Prometheus is not there", () => {
    let silent: Server;
    let silentPort = 0;
    beforeAll(async () => {
      // Accepts connections and never answers: a hung upstream.
      silent = createServer(() => undefined);
      silentPort = await new Promise<number>((resolve) =>
        silent.listen(0, "127.0.0.1", () => resolve((silent.address() as { port: number }).port)),
      );
    });
    afterAll(() => silent.close());

    it("reports an unreachable server, then opens the circuit", async () => {
      const down = new PrometheusClient({ url: "http://127.0.0.1:1", timeoutMs: 1_000 });
      const first = await down.instant("up").catch((e: unknown) => e);
      expect(first).toBeInstanceOf(UpstreamError);
      expect((first as UpstreamError).message).toMatch(
        /^Prometheus at http:\/\/127\.0\.0\.1:1 is unreachable/,
      );
      expect((first as UpstreamError).status).toBe(503);
      // Each call retries twice: after a few calls the breaker has seen five failures and stops trying.
      for (let i = 0; i < 3; i++) await down.instant("up").catch(() => undefined);
      const open = await down.instant("up").catch((e: unknown) => e);
      expect((open as UpstreamError).message).toMatch(/keeps failing; Opsdeck pauses calls/);
    });

    it("gives up on a server that does not answer, within the timeout", async () => {
      const hung = new PrometheusClient({ url: `http://127.0.0.1:${silentPort}`, timeoutMs: 500 });
      const started = Date.now();
      const error = await hung.instant("up").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UpstreamError);
      expect((error as UpstreamError).kind).toBe("timeout");
      expect((error as UpstreamError).status).toBe(504);
      // Three attempts of 0.5 s plus backoff; far from hanging.
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    it("refuses an answer that is not the Prometheus API", async () => {
      const notPrometheus = new PrometheusClient({ url: `${stack().urls.jaeger}/`, timeoutMs: 2_000 });
      const error = await notPrometheus.instant("up").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UpstreamError);
      expect((error as UpstreamError).kind).toBe("bad_response");
    });
  });
});
