import { describe, expect, it } from "vitest";
import { PRESETS, type MetricProfile } from "./profile";
import { matcher } from "./promql";
import { overviewQueries, quantileOf, serviceQueries } from "./queries";

const otel: MetricProfile = {
  service: "service",
  ...PRESETS.otel,
  errorMatcher: matcher(PRESETS.otel.status, "=~", "5.."),
};
const classic: MetricProfile = {
  service: "app",
  ...PRESETS.prometheus,
  errorMatcher: matcher(PRESETS.prometheus.status, "=~", "5.."),
};

describe("service-health queries", () => {
  it("reads the recording rules when they are in use", () => {
    const q = overviewQueries(otel, true);
    expect(q.requestRate).toBe("service:http_server_requests:rate1m");
    // "Now" reads the 1-minute rules; the SLO's burn the 1-hour ratio.
    expect(q.nowWindow).toBe("1m");
    expect(q.errorRatio).toBe("service:http_server_error_ratio:rate1m");
    expect(q.errorRatio1h).toBe("service:http_server_error_ratio:rate1h");
    expect(q.latency).toContain("service:http_server_request_duration_seconds:p(50|95|99)_1m");
    expect(
      quantileOf({ __name__: "service:http_server_request_duration_seconds:p95_1m", service: "x" }),
    ).toBe("0.95");
    expect(quantileOf({ quantile: "0.5" })).toBe("0.5");
    expect(q.budget(28)).toContain("[28d:1h]");
  });

  it("follows the metric profile in raw mode", () => {
    const q = overviewQueries(classic, false);
    expect(q.requestRate).toBe("sum by (app) (rate(http_requests_total[5m]))");
    expect(q.errorRatio).toContain('http_requests_total{status=~"5.."}');
    expect(q.latency).toContain("http_request_duration_seconds_bucket");
  });

  it("escapes the service name it is given", () => {
    const q = serviceQueries(otel, 'web"} or vector(1) #', "1m");
    expect(q.rateByRoute).toContain('service="web\\"} or vector(1) #"');
    expect(q.rateByRoute).not.toContain('service="web"}');
    expect(() => serviceQueries(otel, "web", "1m) or (")).toThrow();
  });
});
