// The PromQL behind the service-health pages, in one place. The Overview asks a fixed number of queries
// however many services there are (everything is `by (service)`); with recording rules (the default,
// stack/prometheus/rules/opsdeck-recording.yml) they read one pre-aggregated series per service.
import type { MetricProfile } from "./profile";
import { duration, matcher, selector } from "./promql";

export type OverviewQueries = {
  /** The rate window of the Overview's "now" (rate, errors, latency); the SLO's are longer. */
  nowWindow: string;
  requestRate: string;
  errorRatio: string;
  /** p50, p95 and p99 in one query; the `quantile` label tells them apart. */
  latency: string;
  /** Targets up and in total per service in one query; the `agg` label tells them apart. */
  targets: string;
  errorRatio1h: string;
  /** Errors and requests over an SLO window, per service (one query per distinct window). */
  budget: (windowDays: number) => string;
};

const Q = ["0.5", "0.95", "0.99"] as const;

export function overviewQueries(p: MetricProfile, recorded: boolean): OverviewQueries {
  const s = p.service;
  const requests = selector(p.requests, []);
  const errors = selector(p.requests, [p.errorMatcher]);
  const ratio = (window: string) =>
    `(sum by (${s}) (rate(${errors}[${duration(window)}])) or sum by (${s}) (rate(${requests}[${window}])) * 0) / (sum by (${s}) (rate(${requests}[${window}])) > 0)`;
  const targets = `label_replace(sum by (${s}) (up), "agg", "up", "", "") or label_replace(count by (${s}) (up), "agg", "total", "", "")`;

  if (recorded) {
    return {
      nowWindow: "1m",
      requestRate: "service:http_server_requests:rate1m",
      errorRatio: "service:http_server_error_ratio:rate1m",
      // One selector for the three recorded quantiles; `quantileOf` reads which is which from the name.
      latency: '{__name__=~"service:http_server_request_duration_seconds:p(50|95|99)_1m"}',
      targets,
      errorRatio1h: "service:http_server_error_ratio:rate1h",
      // Hourly counts, one per hour of the window. A service with no hourly counts yet (its first hour)
      // gets the last hour's ratio instead.
      budget: (days) =>
        `(sum_over_time(service:http_server_errors:increase1h[${duration(`${days}d`)}:1h]) / (sum_over_time(service:http_server_requests:increase1h[${days}d:1h]) > 0)) or service:http_server_error_ratio:rate1h`,
    };
  }
  const buckets = `sum by (${s}, le) (rate(${selector(p.durationBucket, [])}[5m]))`;
  // Raw series are often scraped once a minute: 5 minutes holds enough samples for a rate.
  return {
    nowWindow: "5m",
    requestRate: `sum by (${s}) (rate(${requests}[5m]))`,
    errorRatio: ratio("5m"),
    latency: Q.map(
      (q) => `label_replace(histogram_quantile(${q}, ${buckets}), "quantile", "${q}", "", "")`,
    ).join(" or "),
    targets,
    errorRatio1h: ratio("1h"),
    budget: (days) =>
      `(sum by (${s}) (increase(${errors}[${duration(`${days}d`)}])) or sum by (${s}) (increase(${requests}[${days}d])) * 0) / (sum by (${s}) (increase(${requests}[${days}d])) > 0)`,
  };
}

/** "0.95" from a sample of the latency query, whichever form it took. */
export function quantileOf(labels: Record<string, string>): string | undefined {
  if (labels.quantile) return labels.quantile;
  const match = /:p(\d+)_1m$/.exec(labels.__name__ ?? "");
  return match ? String(Number(match[1]) / 100) : undefined;
}

/** Range queries for the sparklines: request rate and error ratio of every service. */
export function sparklineQueries(p: MetricProfile, recorded: boolean) {
  const q = overviewQueries(p, recorded);
  return { requestRate: q.requestRate, errorRatio: q.errorRatio };
}

/** Charts of one service. `service` is user input: it only enters through `matcher`. */
export function serviceQueries(p: MetricProfile, service: string, rateWindow: string) {
  const w = duration(rateWindow);
  const own = matcher(p.service, "=", service);
  const requests = selector(p.requests, [own]);
  const buckets = selector(p.durationBucket, [own]);
  return {
    rateByRoute: `sum by (${p.route}) (rate(${requests}[${w}]))`,
    rateByStatus: `sum by (${p.status}) (rate(${requests}[${w}]))`,
    errorRatio: `(sum(rate(${selector(p.requests, [own, p.errorMatcher])}[${w}])) or vector(0)) / (sum(rate(${requests}[${w}])) > 0)`,
    latency: Q.map(
      (q) =>
        `label_replace(histogram_quantile(${q}, sum by (le) (rate(${buckets}[${w}]))), "quantile", "${q}", "", "")`,
    ).join(" or "),
    p95ByRoute: `histogram_quantile(0.95, sum by (le, ${p.route}) (rate(${buckets}[${w}])))`,
    exemplarSelector: buckets,
    up: `up{${own}}`,
  };
}
