// Which metrics and labels the service-health queries read. One place for all names: the OpenTelemetry
// HTTP semantic conventions (the demo fleet's, docs/adr/0007) or the Prometheus client libraries'.
import { env } from "@/lib/config/env";
import { labelName, matcher, metricName } from "./promql";

export type MetricProfile = {
  /** The label that names a service (SERVICE_LABEL). */
  service: string;
  /** Counter of requests (a histogram's _count works). */
  requests: string;
  /** Histogram buckets of request duration, in seconds. */
  durationBucket: string;
  route: string;
  status: string;
  method: string;
  /** Matches responses that count as errors. */
  errorMatcher: string;
};

export const PRESETS = {
  otel: {
    requests: "http_server_request_duration_seconds_count",
    durationBucket: "http_server_request_duration_seconds_bucket",
    route: "http_route",
    status: "http_response_status_code",
    method: "http_request_method",
  },
  prometheus: {
    requests: "http_requests_total",
    durationBucket: "http_request_duration_seconds_bucket",
    route: "route",
    status: "status",
    method: "method",
  },
} as const;

export function metricProfile(): MetricProfile {
  const config = env();
  const preset = PRESETS[config.METRICS_PRESET];
  return {
    service: labelName(config.SERVICE_LABEL),
    requests: metricName(preset.requests),
    durationBucket: metricName(preset.durationBucket),
    route: labelName(preset.route),
    status: labelName(preset.status),
    method: labelName(preset.method),
    errorMatcher: matcher(preset.status, "=~", "5.."),
  };
}
