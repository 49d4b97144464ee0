// A client for Jaeger's /api/v3 HTTP API (OTLP JSON): services, operations, trace search, one trace.
// Failures are UpstreamErrors naming Jaeger; reads are retried with backoff behind a circuit breaker.
import { env } from "@/lib/config/env";
import { UpstreamError } from "@/lib/errors";
import { Upstream } from "@/lib/upstream/resilience";
import { decodeTraces, type DecodedTraces } from "./otlp";

export type JaegerConfig = { url: string; timeoutMs: number; bearerToken?: string };

export type TraceQuery = {
  service: string;
  operation?: string;
  start: Date;
  end: Date;
  minDurationMs?: number;
  maxDurationMs?: number;
  limit: number;
};

const EMPTY: DecodedTraces = { resources: [], traces: new Map() };

/** Go's duration syntax in seconds ("0.250s"), which both Jaeger 1.x (time.ParseDuration) and 2.x accept. */
function seconds(ms: number) {
  return `${(ms / 1000).toFixed(6).replace(/\.?0+$/, "")}s`;
}

export class JaegerClient {
  private readonly upstream: Upstream;

  constructor(readonly config: JaegerConfig) {
    this.upstream = new Upstream("jaeger", "Jaeger", { timeoutMs: config.timeoutMs });
  }

  /** GETs `api/v3/<path>`; `null` for Jaeger's 404 "No traces found". */
  private get(operation: string, path: string, params?: URLSearchParams): Promise<unknown> {
    return this.upstream.call(operation, true, async (signal) => {
      const url = new URL(
        `api/v3/${path}`,
        this.config.url.endsWith("/") ? this.config.url : `${this.config.url}/`,
      );
      if (params) url.search = params.toString();
      const headers: Record<string, string> = { Accept: "application/json" };
      if (this.config.bearerToken) headers.Authorization = `Bearer ${this.config.bearerToken}`;
      let response: Response;
      try {
        response = await fetch(url, { headers, signal });
      } catch (error) {
        if (signal.aborted) throw error;
        throw new UpstreamError(
          "jaeger",
          "unavailable",
          `Jaeger at ${this.config.url} is unreachable (${(error as Error).cause ?? (error as Error).message}).`,
          { cause: error },
        );
      }
      const text = await response.text();
      const message = () => {
        try {
          const body = JSON.parse(text) as { error?: { message?: string } };
          return body.error?.message ?? text.trim();
        } catch {
          return text.trim();
        }
      };
      // Jaeger answers an empty search or an unknown trace with 404 {"error":{"message":"No traces found"}};
      // a 404 without that body is a wrong URL (not Jaeger, or an old one without /api/v3).
      if (response.status === 404) {
        if (/no traces found|trace not found/i.test(message())) return null;
        throw new UpstreamError(
          "jaeger",
          "bad_response",
          `Jaeger at ${this.config.url} has no /api/v3/${path.split("/")[0]} (HTTP 404). Is JAEGER_URL the query service (port 16686), version 1.50 or newer?`,
        );
      }
      if (response.status === 400)
        throw new UpstreamError(
          "jaeger",
          "bad_response",
          `Jaeger refused the query: ${message().slice(0, 300)}`,
        );
      if (!response.ok)
        throw new UpstreamError(
          "jaeger",
          response.status >= 500 ? "unavailable" : "bad_response",
          `Jaeger answered HTTP ${response.status}${text ? `: ${message().slice(0, 200)}` : ""}.`,
        );
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new UpstreamError("jaeger", "bad_response", "Jaeger answered something that is not JSON.");
      }
    });
  }

  async services(): Promise<string[]> {
    const body = (await this.get("services", "services")) as { services?: unknown } | null;
    const list = body?.services ?? [];
    if (!Array.isArray(list) || list.some((s) => typeof s !== "string"))
      throw new UpstreamError(
        "jaeger",
        "bad_response",
        "Jaeger's list of services did not have the expected shape.",
      );
    return (list as string[]).sort((a, b) => a.localeCompare(b));
  }

  async operations(service: string): Promise<{ name: string; spanKind: string }[]> {
    const body = (await this.get("operations", "operations", new URLSearchParams({ service }))) as {
      operations?: unknown;
    } | null;
    const list = body?.operations ?? [];
    if (!Array.isArray(list))
      throw new UpstreamError(
        "jaeger",
        "bad_response",
        "Jaeger's list of operations did not have the expected shape.",
      );
    return list
      .filter((o): o is { name: string; spanKind?: string } => typeof o?.name === "string")
      .map((o) => ({ name: o.name, spanKind: typeof o.spanKind === "string" ? o.spanKind : "" }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Every trace with a span matching the query; the spans of all of them come back in one list. */
  async findTraces(query: TraceQuery): Promise<DecodedTraces> {
    const params = new URLSearchParams();
    // Jaeger 1.x reads snake_case names, 2.x the protobuf JSON names; each ignores the other's.
    const set = (snake: string, camel: string, value: string) => {
      params.set(`query.${snake}`, value);
      params.set(`query.${camel}`, value);
    };
    set("service_name", "serviceName", query.service);
    if (query.operation) set("operation_name", "operationName", query.operation);
    set("start_time_min", "startTimeMin", query.start.toISOString());
    set("start_time_max", "startTimeMax", query.end.toISOString());
    if (query.minDurationMs !== undefined) set("duration_min", "durationMin", seconds(query.minDurationMs));
    if (query.maxDurationMs !== undefined) set("duration_max", "durationMax", seconds(query.maxDurationMs));
    set("num_traces", "searchDepth", String(query.limit));
    const body = await this.get("find_traces", "traces", params);
    return body === null ? EMPTY : decodeTraces(body);
  }

  /** One trace, or null when Jaeger does not have it. */
  async trace(traceId: string): Promise<DecodedTraces | null> {
    const body = await this.get("get_trace", `traces/${encodeURIComponent(traceId)}`);
    return body === null ? null : decodeTraces(body);
  }
}

let shared: JaegerClient | null | undefined;

export function jaeger(): JaegerClient | null {
  if (shared !== undefined) return shared;
  const config = env();
  shared = config.JAEGER_URL
    ? new JaegerClient({
        url: config.JAEGER_URL,
        timeoutMs: config.JAEGER_TIMEOUT_MS,
        bearerToken: config.JAEGER_BEARER_TOKEN,
      })
    : null;
  return shared;
}
