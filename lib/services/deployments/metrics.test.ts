import { describe, expect, it } from "vitest";
import { PRESETS } from "@/lib/prometheus/profile";
import { matcher } from "@/lib/prometheus/promql";
import { revisionQueries } from "./metrics";

const otel = {
  service: "service",
  ...PRESETS.otel,
  errorMatcher: matcher(PRESETS.otel.status, "=~", "5.."),
};

describe("the canary-vs-stable queries", () => {
  it("ask rate, error ratio and p95 per pod template hash of the service", () => {
    const q = revisionQueries(otel, "rollouts_pod_template_hash", "checkout", ["5f7d9c8b6", "6c8d4b7f9"], 60);
    const requests =
      'sum by (rollouts_pod_template_hash) (rate(http_server_request_duration_seconds_count{service="checkout",rollouts_pod_template_hash=~"5f7d9c8b6|6c8d4b7f9"}[60s]))';
    expect(q.rate).toBe(requests);
    expect(q.errorRatio).toBe(
      `(sum by (rollouts_pod_template_hash) (rate(http_server_request_duration_seconds_count{service="checkout",rollouts_pod_template_hash=~"5f7d9c8b6|6c8d4b7f9",http_response_status_code=~"5.."}[60s])) or ${requests} * 0) / (${requests} > 0)`,
    );
    expect(q.p95).toBe(
      'histogram_quantile(0.95, sum by (rollouts_pod_template_hash, le) (rate(http_server_request_duration_seconds_bucket{service="checkout",rollouts_pod_template_hash=~"5f7d9c8b6|6c8d4b7f9"}[60s])))',
    );
    expect(q.anySeries).toBe('count(http_server_request_duration_seconds_count{service="checkout"})');
  });

  it("escapes every value: a service name or hash cannot change the query", () => {
    const q = revisionQueries(otel, "rev", 'x"} or vector(1) or {a="', ["a.b|c", 'd"'], 60);
    expect(q.rate).toContain('service="x\\"} or vector(1) or {a=\\""');
    expect(q.rate).toContain('rev=~"a\\\\.b\\\\|c|d\\""');
  });

  it("refuses a revision label that is not a label name", () => {
    expect(() => revisionQueries(otel, "rollouts-pod-template-hash", "checkout", ["a"], 60)).toThrow(
      /not a valid label name/,
    );
  });
});
