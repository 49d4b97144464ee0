// A client for Jaeger's /api/v3 HTTP API (OTLP JSON): services, operations, trace search, one trace.
// Failures are UpstreamErrors naming Jaeger; reads are retried with backoff behind a circuit breaker.
// Where Jaeger's gRPC query API is configured, whole traces come over it instead (./grpc.ts), and over
// HTTP while its port does not answer.
import { z } from "zod";
import { UpstreamError } from "@/lib/errors";
import { unixNanoToUs, type TraceSummary } from "@/lib/traces/model";
import { configuredUpstream } from "@/lib/upstream/configured";
import { HttpUpstream, type UpstreamConnection, type UpstreamReply } from "@/lib/upstream/http";
import { logger } from "@/lib/observability/logger";
import type { UpstreamHealth } from "@/lib/upstream/resilience";
import { JaegerGrpc, type JaegerGrpcConfig } from "./grpc";
import { decodeTraces, type DecodedTraces } from "./otlp";

export type JaegerConfig = Pick<UpstreamConnection, "url" | "timeoutMs" | "bearerToken"> & {
  /** Where Jaeger's gRPC query API is, for whole traces; they come over /api/v3 without it. */
  grpc?: Pick<JaegerGrpcConfig, "address" | "tls">;
};

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

const JAEGER = { name: "jaeger", label: "Jaeger" } as const;

/** Jaeger's errors come as {"error": {"message": …}}, whatever the content type says. */
const jaegerError = z.object({ error: z.object({ message: z.string() }) });

function errorMessage(reply: UpstreamReply): string {
  const parsed = jaegerError.safeParse(reply.tryJson());
  return parsed.success ? parsed.data.error.message : reply.text.trim();
}

export class JaegerClient {
  private readonly http: HttpUpstream;
  private readonly grpc: JaegerGrpc | null;
  /** Whether the last trace asked for over gRPC came over HTTP instead, so that the switch is logged once. */
  private onHttpFallback = false;

  constructor(readonly config: JaegerConfig) {
    this.http = new HttpUpstream(JAEGER, config);
    this.grpc = config.grpc
      ? new JaegerGrpc({ ...config.grpc, timeoutMs: config.timeoutMs, bearerToken: config.bearerToken })
      : null;
  }

  /**
   * GETs `api/v3/<path>`; `null` for Jaeger's 404 "No traces found". With `optional`, a route this Jaeger
   * does not have (a plain 404, or the UI's HTML page) gives `undefined` instead of an error (not retried,
   * not counted against the breaker).
   */
  private get(operation: string, path: string, params?: URLSearchParams, optional = false): Promise<unknown> {
    return this.http.request({ operation, path: `api/v3/${path}`, query: params }, (reply) =>
      this.read(reply, path, optional),
    );
  }

  /**
   * Whether Jaeger answers, asked once now past the circuit breaker (its list of services, the cheapest
   * read). Jaeger's query API does not say its version, so there is none to give.
   */
  async probe(): Promise<void> {
    await this.http.probe({ operation: "services", path: "api/v3/services" }, (reply) =>
      this.read(reply, "services", false),
    );
  }

  /** What this process last saw of Jaeger (circuit, last success, last failure). */
  health(): UpstreamHealth {
    return this.http.health();
  }

  private read(reply: UpstreamReply, path: string, optional: boolean): unknown {
    // Jaeger answers an empty search or an unknown trace with 404 {"error":{"message":"No traces found"}};
    // a 404 without that body is a wrong URL (not Jaeger, or an old one without /api/v3).
    if (reply.status === 404) {
      if (/no traces found|trace not found/i.test(errorMessage(reply))) return null;
      if (optional) return undefined;
      throw reply.error(
        "bad_response",
        `Jaeger at ${this.config.url} has no /api/v3/${path.split("/")[0]} (HTTP 404). Is JAEGER_URL the query service (port 16686), version 1.50 or newer?`,
      );
    }
    if (reply.status === 400)
      throw reply.error("bad_response", `Jaeger refused the query: ${errorMessage(reply).slice(0, 300)}`);
    if (!reply.ok) throw reply.statusError(reply.text ? errorMessage(reply).slice(0, 200) : undefined);
    const body = reply.tryJson();
    if (body !== undefined) return body;
    // Jaeger's UI answers paths its API lacks with its HTML page (200): the route is not there.
    if (optional) return undefined;
    throw reply.notJsonError();
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
    const body = await this.get("find_traces", "traces", this.searchParams(query));
    return body === null ? EMPTY : decodeTraces(body);
  }

  private searchParams(query: TraceQuery): URLSearchParams {
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
    return params;
  }

  /** Whether this Jaeger has /api/v3/trace-summaries (Jaeger 2.x); learnt on the first search. */
  private summariesSupported: boolean | undefined;

  /**
   * Lightweight summaries of the matching traces, where Jaeger has them (2.x); `null` where it does not,
   * and the caller falls back to findTraces.
   */
  async traceSummaries(query: TraceQuery): Promise<TraceSummary[] | null> {
    if (this.summariesSupported === false) return null;
    const body = await this.get("find_trace_summaries", "trace-summaries", this.searchParams(query), true);
    if (body === undefined) {
      this.summariesSupported = false;
      return null;
    }
    this.summariesSupported = true;
    if (body === null) return [];
    return parseSummaries(body);
  }

  /**
   * One trace, or null when Jaeger does not have it: over gRPC where it is configured; over /api/v3 where
   * it is not, and while the gRPC port does not answer (or its circuit is open after it did not).
   */
  async trace(traceId: string): Promise<DecodedTraces | null> {
    if (!this.grpc) return this.traceOverHttp(traceId);
    let trace: DecodedTraces | null;
    try {
      trace = await this.grpc.trace(traceId);
    } catch (error) {
      // A timeout is not retried over HTTP: Jaeger already had the whole time to answer.
      if (!(error instanceof UpstreamError) || error.kind !== "unavailable") throw error;
      if (!this.onHttpFallback)
        logger.warn(
          { upstream: "jaeger", address: this.grpc.config.address, err: error },
          "Jaeger's gRPC query API is unreachable: opening traces over its HTTP API until it answers",
        );
      this.onHttpFallback = true;
      return this.traceOverHttp(traceId);
    }
    if (this.onHttpFallback)
      logger.info({ upstream: "jaeger" }, "Jaeger's gRPC query API answers again: opening traces over it");
    this.onHttpFallback = false;
    return trace;
  }

  private async traceOverHttp(traceId: string): Promise<DecodedTraces | null> {
    const body = await this.get("get_trace", `traces/${encodeURIComponent(traceId)}`);
    return body === null ? null : decodeTraces(body);
  }

  /** Closes the gRPC channel, if any (for tests and scripts that make their own clients). */
  close(): void {
    this.grpc?.close();
  }
}

const summarySchema = z.object({
  traceId: z.string().regex(/^[0-9a-fA-F]{1,32}$/),
  rootServiceName: z.string().default(""),
  rootOperationName: z.string().default(""),
  minStartTimeUnixNano: z.union([z.string(), z.number()]).transform(String),
  maxEndTimeUnixNano: z.union([z.string(), z.number()]).transform(String),
  spanCount: z.coerce.number().int().default(0),
  errorSpanCount: z.coerce.number().int().default(0),
  services: z
    .array(
      z.object({
        name: z.string(),
        spanCount: z.coerce.number().int().default(0),
        errorSpanCount: z.coerce.number().int().default(0),
      }),
    )
    .default([]),
});

/** FindTraceSummaries' answer: `{"summaries": [...]}`, or chunks of it (`{"result": {...}}` per line). */
function parseSummaries(body: unknown): TraceSummary[] {
  const parsed = z
    .object({ summaries: z.array(summarySchema).default([]) })
    .or(
      z
        .object({ result: z.object({ summaries: z.array(summarySchema).default([]) }) })
        .transform((r) => r.result),
    )
    .safeParse(body);
  if (!parsed.success)
    throw new UpstreamError(
      "jaeger",
      "bad_response",
      "Jaeger's trace summaries did not have the expected shape.",
    );
  return parsed.data.summaries.map((s) => {
    const start = unixNanoToUs(s.minStartTimeUnixNano);
    return {
      traceId: s.traceId.toLowerCase().padStart(32, "0"),
      rootService: s.rootServiceName,
      rootOperation: s.rootOperationName,
      startUnixMs: start / 1000,
      durationUs: Math.max(0, unixNanoToUs(s.maxEndTimeUnixNano) - start),
      spanCount: s.spanCount,
      errorCount: s.errorSpanCount,
      services: s.services
        .map((x) => ({ name: x.name, spanCount: x.spanCount, errorCount: x.errorSpanCount }))
        .sort((a, b) => b.spanCount - a.spanCount || a.name.localeCompare(b.name)),
    };
  });
}

const configured = configuredUpstream({ ...JAEGER, variable: "JAEGER_URL" }, (config) =>
  config.JAEGER_URL
    ? new JaegerClient({
        url: config.JAEGER_URL,
        timeoutMs: config.JAEGER_TIMEOUT_MS,
        bearerToken: config.JAEGER_BEARER_TOKEN,
        grpc: config.JAEGER_GRPC_ADDRESS
          ? { address: config.JAEGER_GRPC_ADDRESS, tls: config.JAEGER_GRPC_TLS }
          : undefined,
      })
    : null,
);

/** The configured client, or null when JAEGER_URL is unset. One per process (one circuit breaker). */
export const jaeger = configured.get;

/** The configured client; a 503 saying to set JAEGER_URL when it is unset. */
export const requireJaeger = configured.require;
