// Metrics and traces of a demo service. Metric names follow the OpenTelemetry HTTP semantic conventions
// as exported to Prometheus (docs/adr/0007); latency observations carry the trace id as an exemplar, and
// the revision that served the request when one is set (revisions.ts).
import { trace, type Tracer } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import client from "prom-client";

type RequestLabel =
  | "http_request_method"
  | "http_route"
  | "http_response_status_code"
  | "rollouts_pod_template_hash"
  | "service_version";
export type RequestLabels = Partial<Record<RequestLabel, string>>;

export type Telemetry = {
  tracer: Tracer;
  registry: client.Registry<client.OpenMetricsContentType>;
  /** Records one request's duration with the trace id and span id as its exemplar. */
  observeRequest(labels: RequestLabels, seconds: number, exemplar: { traceId: string; spanId: string }): void;
  /**
   * Drops the request series of revisions not in `hashes` (`undefined`: the series without one), as a
   * pod that is gone has no series. Done before each scrape, so that a request a revision answered just
   * before it stopped serving does not bring its series back for good.
   */
  keepRevisions(hashes: Set<string | undefined>): void;
  errorRateKnob: client.Gauge<"revision">;
  latencyKnob: client.Gauge<"revision">;
  shutdown(): Promise<void>;
};

// OpenTelemetry's default explicit bucket boundaries for http.server.request.duration, in seconds.
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

export function startTelemetry(service: string, otlpEndpoint: string | undefined): Telemetry {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ "service.name": service, "service.namespace": "opsdeck-demo" }),
    spanProcessors: otlpEndpoint
      ? [
          new BatchSpanProcessor(new OTLPTraceExporter({ url: `${otlpEndpoint}/v1/traces` }), {
            scheduledDelayMillis: 1000,
          }),
        ]
      : [],
  });
  provider.register(); // AsyncLocalStorage context and W3C trace-context propagation

  // OpenMetrics, the exposition format that carries exemplars.
  const registry = new client.Registry<client.OpenMetricsContentType>();
  registry.setContentType(client.Registry.OPENMETRICS_CONTENT_TYPE);
  client.collectDefaultMetrics({ register: registry });
  const serverDuration = new client.Histogram({
    name: "http_server_request_duration_seconds",
    help: "Duration of HTTP server requests.",
    labelNames: [
      "http_request_method",
      "http_route",
      "http_response_status_code",
      // Only on requests served as a revision: prom-client leaves out a label it is not given.
      "rollouts_pod_template_hash",
      "service_version",
    ],
    buckets: BUCKETS,
    enableExemplars: true,
    registers: [registry],
  });
  const errorRateKnob = new client.Gauge({
    name: "demo_fault_error_rate",
    help: "Error-rate fault knob (0-1).",
    labelNames: ["revision"],
    registers: [registry],
  });
  const latencyKnob = new client.Gauge({
    name: "demo_fault_latency_seconds",
    help: "Added-latency fault knob.",
    labelNames: ["revision"],
    registers: [registry],
  });
  // Every label set observed, by revision hash, so that a revision's series can be dropped.
  const seriesByHash = new Map<string | undefined, Map<string, RequestLabels>>();

  return {
    tracer: trace.getTracer(`opsdeck-demo-${service}`),
    registry,
    observeRequest(labels, seconds, { traceId, spanId }) {
      serverDuration.observe({
        labels,
        value: seconds,
        // prom-client types exemplar labels as the metric's labels; they are free-form in OpenMetrics.
        exemplarLabels: { trace_id: traceId, span_id: spanId } as never,
      });
      const hash = labels.rollouts_pod_template_hash;
      const series = seriesByHash.get(hash) ?? new Map<string, RequestLabels>();
      series.set(JSON.stringify(Object.entries(labels).sort()), labels);
      seriesByHash.set(hash, series);
    },
    keepRevisions(hashes) {
      for (const [hash, series] of seriesByHash) {
        if (hashes.has(hash)) continue;
        for (const labels of series.values()) serverDuration.remove(labels);
        seriesByHash.delete(hash);
      }
    },
    errorRateKnob,
    latencyKnob,
    shutdown: () => provider.shutdown(),
  };
}
