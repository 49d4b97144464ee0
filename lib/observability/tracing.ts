// Traces of the app's own requests. Next.js creates the spans (one root span per request, with
// http.method, next.route and http.status_code); this installs the tracer provider that records them,
// exports them over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set, and turns root spans into HTTP metrics.
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, type ReadableSpan, type SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from "@opentelemetry/semantic-conventions";
import type { Env } from "@/lib/config/env";
import { metrics } from "./metrics";

class HttpMetricsProcessor implements SpanProcessor {
  onStart() {}
  onEnd(span: ReadableSpan) {
    const attributes = span.attributes;
    if (attributes["next.span_type"] !== "BaseServer.handleRequest") return;
    // `next start` opens two handleRequest spans per request, the inner one carrying the route pattern.
    // Counting only spans with a route counts each request once and keeps label cardinality bounded;
    // static files and the proxy's sign-in redirects are not counted.
    const route = attributes["next.route"];
    if (typeof route !== "string") return;
    const labels = {
      method: String(attributes["http.method"] ?? "GET"),
      route,
      status: String(attributes["http.status_code"] ?? 0),
    };
    const [seconds, nanos] = span.duration;
    metrics().httpRequests.inc(labels);
    metrics().httpDuration.observe(labels, seconds + nanos / 1e9);
  }
  async shutdown() {}
  async forceFlush() {}
}

export function startTracing(config: Env, version: string) {
  const spanProcessors: SpanProcessor[] = [new HttpMetricsProcessor()];
  if (config.OTEL_EXPORTER_OTLP_ENDPOINT) {
    spanProcessors.push(new BatchSpanProcessor(new OTLPTraceExporter()));
  }
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: config.OTEL_SERVICE_NAME,
      [ATTR_SERVICE_VERSION]: version,
    }),
    spanProcessors,
  });
  provider.register();
  return provider;
}
