// The app's own Prometheus metrics, served at /api/metrics. HTTP metrics come from Next.js's root request
// spans (lib/observability/tracing.ts), so pages and route handlers are measured alike.
import client from "prom-client";

type Metrics = {
  registry: client.Registry;
  httpRequests: client.Counter<"method" | "route" | "status">;
  httpDuration: client.Histogram<"method" | "route" | "status">;
  upstreamDuration: client.Histogram<"upstream" | "operation" | "outcome">;
  upstreamErrors: client.Counter<"upstream" | "kind">;
};

const holder = globalThis as unknown as { __opsdeckMetrics?: Metrics };

function create(): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "opsdeck_" });
  return {
    registry,
    httpRequests: new client.Counter({
      name: "opsdeck_http_requests_total",
      help: "HTTP requests served, by route pattern and status code.",
      labelNames: ["method", "route", "status"],
      registers: [registry],
    }),
    httpDuration: new client.Histogram({
      name: "opsdeck_http_request_duration_seconds",
      help: "Time to serve an HTTP request, by route pattern and status code.",
      labelNames: ["method", "route", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    upstreamDuration: new client.Histogram({
      name: "opsdeck_upstream_request_duration_seconds",
      help: "Calls to upstream systems (Prometheus, Alertmanager, Jaeger, Kubernetes), by outcome.",
      labelNames: ["upstream", "operation", "outcome"],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    upstreamErrors: new client.Counter({
      name: "opsdeck_upstream_errors_total",
      help: "Failed upstream calls, by kind (unavailable, timeout, bad_response, circuit_open).",
      labelNames: ["upstream", "kind"],
      registers: [registry],
    }),
  };
}

export function metrics(): Metrics {
  holder.__opsdeckMetrics ??= create();
  return holder.__opsdeckMetrics;
}

/** Registers gauges read at scrape time; `collect` is called on every scrape. */
export function registerPoolGauges(read: () => { total: number; idle: number; waiting: number }) {
  const { registry } = metrics();
  if (registry.getSingleMetric("opsdeck_db_pool_connections")) return;
  new client.Gauge({
    name: "opsdeck_db_pool_connections",
    help: "PostgreSQL pool connections by state (idle, in_use) and requests waiting for one.",
    labelNames: ["state"],
    registers: [registry],
    collect() {
      const { total, idle, waiting } = read();
      this.set({ state: "idle" }, idle);
      this.set({ state: "in_use" }, total - idle);
      this.set({ state: "waiting" }, waiting);
    },
  });
}
