// The app's own Prometheus metrics, served at /api/metrics. HTTP metrics come from Next.js's root request
// spans (lib/observability/tracing.ts), so pages and route handlers are measured alike.
import client from "prom-client";

type Metrics = {
  registry: client.Registry;
  httpRequests: client.Counter<"method" | "route" | "status">;
  httpDuration: client.Histogram<"method" | "route" | "status">;
  upstreamDuration: client.Histogram<"upstream" | "operation" | "outcome">;
  upstreamErrors: client.Counter<"upstream" | "kind">;
  upstreamRefused: client.Counter<"upstream">;
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
      help: "Calls to upstream systems (Prometheus, Alertmanager, Jaeger, Kubernetes), by outcome; calls refused by an open circuit breaker are not calls (opsdeck_upstream_refused_total).",
      labelNames: ["upstream", "operation", "outcome"],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    upstreamErrors: new client.Counter({
      name: "opsdeck_upstream_errors_total",
      help: "Failed upstream calls, by kind (unavailable, timeout, bad_response).",
      labelNames: ["upstream", "kind"],
      registers: [registry],
    }),
    upstreamRefused: new client.Counter({
      name: "opsdeck_upstream_refused_total",
      help: "Upstream calls not made because the upstream's circuit breaker was open (not counted as calls).",
      labelNames: ["upstream"],
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

const CHECKPOINT_LABELS = ["seq", "count", "hash", "keyed_from", "at", "signature"] as const;

/**
 * The audit chain's latest signed checkpoint, so that a copy of it lives in Prometheus: the head's
 * sequence number, when it was taken, and the whole checkpoint as the labels of an info metric (one
 * series at a time), from which `npm run audit:verify -- --checkpoint` can be given it back.
 */
export function recordAuditCheckpoint(cp: {
  seq: string;
  count: string;
  hash: string;
  keyedFrom: string;
  at: string;
  signature: string;
}) {
  const { registry } = metrics();
  const gauge = (name: string, help: string, labelNames: readonly string[] = []) =>
    (registry.getSingleMetric(name) as client.Gauge<string> | undefined) ??
    new client.Gauge({ name, help, labelNames, registers: [registry] });
  gauge(
    "opsdeck_audit_head_seq",
    "Sequence number of the audit log's head at the latest signed checkpoint.",
  ).set(Number(cp.seq));
  gauge(
    "opsdeck_audit_checkpoint_timestamp_seconds",
    "When the latest signed checkpoint of the audit log was taken (Unix time).",
  ).set(Date.parse(cp.at) / 1000);
  const info = gauge(
    "opsdeck_audit_checkpoint_info",
    "The latest signed checkpoint of the audit log; its labels are the checkpoint.",
    CHECKPOINT_LABELS,
  );
  info.reset();
  info.set(
    {
      seq: cp.seq,
      count: cp.count,
      hash: cp.hash,
      keyed_from: cp.keyedFrom,
      at: cp.at,
      signature: cp.signature,
    },
    1,
  );
}

/** Checkpoints not taken: `tampered` when the chain since the last one does not hold, `error` otherwise. */
export function countAuditCheckpointFailure(reason: "tampered" | "error") {
  const { registry } = metrics();
  const name = "opsdeck_audit_checkpoint_failures_total";
  const counter =
    (registry.getSingleMetric(name) as client.Counter<"reason"> | undefined) ??
    new client.Counter({
      name,
      help: "Audit checkpoints not taken: tampered (the chain since the last checkpoint does not hold) or error.",
      labelNames: ["reason"],
      registers: [registry],
    });
  counter.inc({ reason });
}
