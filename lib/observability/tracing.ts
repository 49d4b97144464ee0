// Traces of the app's own requests, when OTEL_EXPORTER_OTLP_ENDPOINT is set: Next.js creates the spans
// (one root span per request, with http.method, next.route and http.status_code); this installs the tracer
// provider that records them and exports them over OTLP. Without an endpoint no provider is installed:
// recording every request's spans cost about 0.6 ms of CPU per answer, for nobody to read. The HTTP
// metrics do not depend on it (lib/observability/http-metrics.ts).
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from "@opentelemetry/semantic-conventions";
import type { Env } from "@/lib/config/env";

export function startTracing(config: Env, version: string): NodeTracerProvider | null {
  if (!config.OTEL_EXPORTER_OTLP_ENDPOINT) return null;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: config.OTEL_SERVICE_NAME,
      [ATTR_SERVICE_VERSION]: version,
    }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  provider.register();
  return provider;
}
