// Metrics and traces of a demo service. Metric names follow the OpenTelemetry HTTP semantic conventions
// as exported to Prometheus (docs/adr/0007); latency observations carry the trace id as an exemplar.
import { trace, type Tracer } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import client from "prom-client";

export type Telemetry = {
  tracer: Tracer;
  registry: client.Registry<client.OpenMetricsContentType>;
  serverDuration: client.Histogram<"http_request_method" | "http_route" | "http_response_status_code">;
  errorRateKnob: client.Gauge;
  latencyKnob: client.Gauge;
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
    labelNames: ["http_request_method", "http_route", "http_response_status_code"],
    buckets: BUCKETS,
    enableExemplars: true,
    registers: [registry],
  });
  const errorRateKnob = new client.Gauge({
    name: "demo_fault_error_rate",
    help: "Error-rate fault knob (0-1).",
    registers: [registry],
  });
  const latencyKnob = new client.Gauge({
    name: "demo_fault_latency_seconds",
    help: "Added-latency fault knob.",
    registers: [registry],
  });

  return {
    tracer: trace.getTracer(`opsdeck-demo-${service}`),
    registry,
    serverDuration,
    errorRateKnob,
    latencyKnob,
    shutdown: () => provider.shutdown(),
  };
}
