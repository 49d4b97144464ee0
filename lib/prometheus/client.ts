// A client for any Prometheus-compatible HTTP API (Prometheus, Thanos, Mimir, VictoriaMetrics). Every
// response is validated (schemas.ts) and every failure is a typed error naming Prometheus.
//
// Built on fetch (lib/upstream/http.ts) rather than the prometheus-query package: prometheus-query's rules() drops lastError
// and evaluationTime, it has no exemplars API, its errors are plain objects, and it cannot be cancelled
// by the caller's timeout (docs/adr/0008).
import type { z } from "zod";
import { ValidationError } from "@/lib/errors";
import { configuredUpstream } from "@/lib/upstream/configured";
import { HttpUpstream, type UpstreamConnection, type UpstreamReply } from "@/lib/upstream/http";
import type { UpstreamHealth } from "@/lib/upstream/resilience";
import {
  buildInfoData,
  envelope,
  exemplarsData,
  labelValuesData,
  queryData,
  rulesData,
  targetsData,
  type RulesData,
  type TargetsData,
} from "./schemas";

export type Labels = Record<string, string>;
export type InstantSample = { labels: Labels; value: number };
export type RangeSeries = { labels: Labels; points: [number, number][] };
export type Exemplar = { seriesLabels: Labels; labels: Labels; value: number; timestamp: number };

/** Prometheus refused the query itself (bad syntax, unknown function): the caller's mistake, shown as 422. */
export class PromqlError extends ValidationError {
  constructor(message: string) {
    super({ query: [message] }, `Prometheus rejected the query: ${message}`);
  }
}

export type PrometheusConfig = UpstreamConnection;

const PROMETHEUS = { name: "prometheus", label: "Prometheus" } as const;

const parseValue = (v: string) => Number(v); // "NaN", "+Inf" and "-Inf" parse as such

export class PrometheusClient {
  private readonly http: HttpUpstream;

  constructor(readonly config: PrometheusConfig) {
    this.http = new HttpUpstream(PROMETHEUS, config);
  }

  /** GET (or POST for long queries) `/api/v1/<path>`, validated against `schema`. */
  private request<S extends z.ZodType>(
    operation: string,
    path: string,
    params: Record<string, string>,
    schema: S,
  ): Promise<z.output<S>> {
    const form = new URLSearchParams(params);
    const usePost = form.toString().length > 4_000;
    return this.http.request(
      {
        operation,
        method: usePost ? "POST" : "GET",
        path: `api/v1/${path}`,
        ...(usePost ? { body: { form } } : { query: form }),
        idempotent: true,
      },
      (reply) => reply.parse(schema, this.envelopeData(reply), `answer to ${path}`),
    );
  }

  /** The `data` of Prometheus's envelope; its errors as PromqlError (the query) or UpstreamError. */
  private envelopeData(reply: UpstreamReply): unknown {
    const json = reply.tryJson();
    if (json === undefined)
      throw reply.error(
        reply.status >= 500 ? "unavailable" : "bad_response",
        `Prometheus answered HTTP ${reply.status} with something that is not its API.`,
      );
    const parsed = envelope.safeParse(json);
    if (!parsed.success)
      throw reply.error("bad_response", `Prometheus answered HTTP ${reply.status} with an unexpected body.`);
    const answer = parsed.data;
    if (answer.status === "success") return answer.data;
    const detail = answer.error ?? `HTTP ${reply.status}`;
    if (reply.status === 400 || reply.status === 422) throw new PromqlError(detail);
    if (reply.status === 401 || reply.status === 403)
      throw reply.error(
        "bad_response",
        `Prometheus refused Opsdeck's credentials (HTTP ${reply.status}). Check PROMETHEUS_BEARER_TOKEN or PROMETHEUS_BASIC_AUTH.`,
      );
    throw reply.error(reply.status === 503 ? "unavailable" : "bad_response", `Prometheus failed: ${detail}`);
  }

  async instant(query: string, time?: Date): Promise<InstantSample[]> {
    const data = await this.request(
      "query",
      "query",
      { query, ...(time && { time: String(time.getTime() / 1000) }) },
      queryData,
    );
    switch (data.resultType) {
      case "vector":
        return data.result.map((r) => ({ labels: r.metric, value: parseValue(r.value[1]) }));
      case "scalar":
        return [{ labels: {}, value: parseValue(data.result[1]) }];
      default:
        throw new PromqlError(`expected an instant vector or scalar, got a ${data.resultType}`);
    }
  }

  async range(query: string, start: Date, end: Date, stepSeconds: number): Promise<RangeSeries[]> {
    const data = await this.request(
      "query_range",
      "query_range",
      {
        query,
        start: String(start.getTime() / 1000),
        end: String(end.getTime() / 1000),
        step: String(stepSeconds),
      },
      queryData,
    );
    if (data.resultType !== "matrix")
      throw new PromqlError(`expected a range vector, got a ${data.resultType}`);
    return data.result.map((r) => ({
      labels: r.metric,
      points: r.values.map(([t, v]) => [t * 1000, parseValue(v)] as [number, number]),
    }));
  }

  async exemplars(query: string, start: Date, end: Date): Promise<Exemplar[]> {
    const data = await this.request(
      "query_exemplars",
      "query_exemplars",
      { query, start: String(start.getTime() / 1000), end: String(end.getTime() / 1000) },
      exemplarsData,
    );
    return data.flatMap((s) =>
      s.exemplars.map((e) => ({
        seriesLabels: s.seriesLabels,
        labels: e.labels,
        value: parseValue(e.value),
        timestamp: e.timestamp * 1000,
      })),
    );
  }

  labelValues(label: string): Promise<string[]> {
    return this.request("label_values", `label/${encodeURIComponent(label)}/values`, {}, labelValuesData);
  }

  rules(): Promise<RulesData> {
    return this.request("rules", "rules", {}, rulesData);
  }

  targets(): Promise<TargetsData> {
    return this.request("targets", "targets", { state: "active" }, targetsData);
  }

  /**
   * Prometheus's version (`/api/v1/status/buildinfo`), asked once now, past the circuit breaker; null from
   * a compatible API that does not have that route (Thanos, Mimir and others answer 404).
   */
  probeVersion(): Promise<string | null> {
    return this.http.probe({ operation: "buildinfo", path: "api/v1/status/buildinfo" }, (reply) =>
      reply.status === 404
        ? null
        : reply.parse(buildInfoData, this.envelopeData(reply), "build information").version,
    );
  }

  /** What this process last saw of Prometheus (circuit, last success, last failure). */
  health(): UpstreamHealth {
    return this.http.health();
  }
}

const configured = configuredUpstream({ ...PROMETHEUS, variable: "PROMETHEUS_URL" }, (config) =>
  config.PROMETHEUS_URL
    ? new PrometheusClient({
        url: config.PROMETHEUS_URL,
        bearerToken: config.PROMETHEUS_BEARER_TOKEN,
        basicAuth: config.PROMETHEUS_BASIC_AUTH,
        headers: config.PROMETHEUS_HEADERS,
        timeoutMs: config.PROMETHEUS_TIMEOUT_MS,
      })
    : null,
);

/** The configured client, or null when PROMETHEUS_URL is unset. One per process (one circuit breaker). */
export const prometheus = configured.get;

/** The configured client; a 503 saying to set PROMETHEUS_URL when it is unset. */
export const requirePrometheus = configured.require;
