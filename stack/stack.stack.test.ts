// The local stack, observed through the real servers' own APIs.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { RULES_DIR } from "./config";
import { FLEET_SERVICES } from "./fleet/topology";
import { KUBE_COMPONENTS } from "./kubernetes/control-plane";
import {
  clearFaults,
  promQuery,
  setFaults,
  stack,
  stackStatus,
  startComponent,
  stopComponent,
  waitFor,
  waitForPromSample,
} from "@/tests/support/stack";

type OtlpTrace = {
  result: {
    resourceSpans: {
      resource: { attributes: { key: string; value: { stringValue?: string } }[] };
      scopeSpans: { spans: { spanId: string; parentSpanId?: string; name: string }[] }[];
    }[];
  };
};

afterAll(clearFaults);

describe("the stack", () => {
  it("runs every component", async () => {
    const status = await stackStatus();
    expect(status.filter((s) => s.state !== "up")).toEqual([]);
    expect(status.map((s) => s.name).sort()).toEqual(
      [
        "alertmanager",
        "jaeger",
        "loadgen",
        "prometheus",
        "webhook-sink",
        ...FLEET_SERVICES.map((s) => `fleet/${s}`),
        // The test stack runs with Kubernetes (tests/support/stack.global-setup.ts), and with it the
        // revision sync.
        ...Object.keys(KUBE_COMPONENTS),
        "revision-sync",
      ].sort(),
    );
  });

  it("ships rules that promtool accepts and whose alerts fire as their tests say", () => {
    const check = spawnSync(
      "promtool",
      [
        "check",
        "rules",
        path.join(RULES_DIR, "opsdeck-recording.yml"),
        path.join(RULES_DIR, "opsdeck-alerts.yml"),
      ],
      { encoding: "utf8" },
    );
    expect(check.status, check.stdout + check.stderr).toBe(0);
    const test = spawnSync("promtool", ["test", "rules", "opsdeck-rules.test.yml"], {
      cwd: RULES_DIR,
      encoding: "utf8",
    });
    expect(test.status, test.stdout + test.stderr).toBe(0);
  });

  it("has Prometheus scrape every demo service and record per-service traffic", async () => {
    const up = await waitFor("every demo service scraped", async () => {
      const samples = await promQuery('up{job="demo-fleet"} == 1');
      return samples.length === FLEET_SERVICES.length ? samples : undefined;
    });
    expect(up.map((s) => s.metric.service).sort()).toEqual([...FLEET_SERVICES].sort());
    const rates = await waitFor("request rates of every service", async () => {
      const samples = await promQuery("service:http_server_requests:rate1m > 0");
      return samples.length === FLEET_SERVICES.length ? samples : undefined;
    });
    expect(rates.map((s) => s.metric.service).sort()).toEqual([...FLEET_SERVICES].sort());
    const p95 = await promQuery("service:http_server_request_duration_seconds:p95_1m");
    expect(p95.length).toBe(FLEET_SERVICES.length);
  });

  it("links latency exemplars to traces that cross services", async () => {
    // Only exemplars from now on: Jaeger keeps traces in memory, and other tests restart it.
    const since = Math.floor(Date.now() / 1000);
    const exemplar = await waitFor("an exemplar on web's POST /checkout", async () => {
      const response = await fetch(
        `${stack().urls.prometheus}/api/v1/query_exemplars?query=${encodeURIComponent('http_server_request_duration_seconds_bucket{service="web",http_route="/checkout"}')}&start=${since}&end=${Math.floor(Date.now() / 1000) + 60}`,
      );
      const body = (await response.json()) as {
        data: { exemplars: { labels: { trace_id: string }; timestamp: number }[] }[];
      };
      return body.data.flatMap((d) => d.exemplars)[0];
    });
    const traceId = exemplar.labels.trace_id;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);

    // Each service exports its spans in its own batches, a second apart at most: a trace is whole a few
    // seconds after its request ended (the exemplar's time).
    const settledAt = exemplar.timestamp * 1000 + 5_000;
    await new Promise((r) => setTimeout(r, Math.max(0, settledAt - Date.now())));
    const trace = await waitFor(`trace ${traceId} in Jaeger`, async () => {
      const response = await fetch(`${stack().urls.jaeger}/api/v3/traces/${traceId}`);
      return response.ok ? ((await response.json()) as OtlpTrace) : undefined;
    });
    const spans = trace.result.resourceSpans.flatMap((rs) => {
      const service = rs.resource.attributes.find((a) => a.key === "service.name")?.value.stringValue;
      return rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => ({ ...s, service })));
    });
    // web → checkout → inventory and payments: one trace, four services, every span's parent in it.
    expect(new Set(spans.map((s) => s.service))).toEqual(
      new Set(["web", "checkout", "inventory", "payments"]),
    );
    const ids = new Set(spans.map((s) => s.spanId));
    expect(spans.filter((s) => !s.parentSpanId)).toHaveLength(1);
    for (const span of spans.filter((s) => s.parentSpanId)) expect(ids.has(span.parentSpanId!)).toBe(true);
  });

  it(
    "turns an error knob into a firing alert in Alertmanager and a webhook, and resolves it after",
    { timeout: 300_000 },
    async () => {
      await fetch(`${stack().urls.sink}/received`, { method: "DELETE" });
      await setFaults("payments", { errorRate: 0.6 });
      await waitForPromSample(
        "service:http_server_error_ratio:rate1m",
        (v, m) => m.service === "payments" && v > 0.3,
      );
      await waitForPromSample(
        'ALERTS{alertname="HighErrorRatio", alertstate="firing"}',
        (_v, m) => m.service === "payments",
        120_000,
      );

      const alert = await waitFor("HighErrorRatio for payments in Alertmanager", async () => {
        const alerts = (await (
          await fetch(`${stack().urls.alertmanager}/api/v2/alerts?filter=alertname%3D%22HighErrorRatio%22`)
        ).json()) as {
          labels: Record<string, string>;
          annotations: Record<string, string>;
          status: { state: string };
        }[];
        return alerts.find((a) => a.labels.service === "payments" && a.status.state === "active");
      });
      expect(alert.labels.severity).toBe("critical");
      expect(alert.annotations.runbook_url).toBe(
        "http://localhost:3000/runbooks?alert=HighErrorRatio&service=payments",
      );

      type Delivery = {
        body: { status: string; alerts: { labels: Record<string, string>; status: string }[] };
      };
      const received = async () =>
        (await (await fetch(`${stack().urls.sink}/received`)).json()) as Delivery[];
      await waitFor("a firing webhook", async () =>
        (await received()).find(
          (d) =>
            d.body.status === "firing" &&
            d.body.alerts.some(
              (a) => a.labels.alertname === "HighErrorRatio" && a.labels.service === "payments",
            ),
        ),
      );

      await setFaults("payments", { errorRate: 0 });
      await waitFor(
        "a resolved webhook",
        async () =>
          (await received()).find((d) =>
            d.body.alerts.some(
              (a) =>
                a.labels.alertname === "HighErrorRatio" &&
                a.labels.service === "payments" &&
                a.status === "resolved",
            ),
          ),
        { timeoutMs: 180_000, intervalMs: 2_000 },
      );
    },
  );

  it("reports a component that died, and why, and brings it back", async () => {
    const before = (await stackStatus()).find((s) => s.name === "jaeger")!;
    process.kill(before.pid!, "SIGKILL");
    const down = await waitFor("jaeger reported down", async () =>
      (await stackStatus()).find((s) => s.name === "jaeger" && s.state === "down"),
    );
    expect(down.detail).toMatch(/killed by SIGKILL/);

    const restarted = await startComponent("jaeger");
    expect(restarted.state).toBe("up");
    expect(restarted.url).toBe(before.url);
  });

  it("stops and restarts one upstream on request, on the same port", async () => {
    const stopped = await stopComponent("prometheus");
    expect(stopped).toMatchObject({ state: "stopped", detail: "stopped on request" });
    await expect(fetch(`${stack().urls.prometheus}/-/ready`)).rejects.toThrow();
    const started = await startComponent("prometheus");
    expect(started.state).toBe("up");
    expect((await fetch(`${stack().urls.prometheus}/-/ready`)).ok).toBe(true);
  });
});
