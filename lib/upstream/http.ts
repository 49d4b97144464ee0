// The one request path of every upstream client: the URL under the configured base, the credentials, the
// resilience policies (timeout, retries for reads, circuit breaker, metrics), and a connection that fails
// or breaks off as an UpstreamError naming the upstream. What a status means and what shape an answer
// has differ per upstream, so each client reads the reply itself, in the hook it passes to request(),
// with the helpers of UpstreamReply (their errors name the upstream too).
import type { z } from "zod";
import { UpstreamError } from "@/lib/errors";
import { Upstream, type UpstreamHealth } from "./resilience";
import type { UpstreamIdentity } from "./waits";

export type { UpstreamIdentity } from "./waits";

/** Where an upstream is, how long to wait for it, and how to sign in to it. */
export type UpstreamConnection = {
  url: string;
  timeoutMs: number;
  bearerToken?: string;
  basicAuth?: { username: string; password: string };
  /** Sent with every request (a tenant header such as X-Scope-OrgID). */
  headers?: Record<string, string>;
};

export type UpstreamRequest = {
  /** Names the call in the metrics. */
  operation: string;
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Relative to the connection's URL, which may itself have a path (a proxy's prefix). */
  path: string;
  query?: URLSearchParams;
  body?: { json: unknown } | { form: URLSearchParams };
  /** Safe to repeat, so retried; GETs are unless told otherwise. */
  idempotent?: boolean;
};

type UpstreamErrorKind = UpstreamError["kind"];

/** What an upstream answered, with the errors a client raises about it, each naming the upstream. */
export class UpstreamReply {
  constructor(
    private readonly upstream: UpstreamIdentity,
    readonly status: number,
    readonly text: string,
  ) {}

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  error(kind: UpstreamErrorKind, message: string): UpstreamError {
    return new UpstreamError(this.upstream.name, kind, message);
  }

  /** "<Label> answered HTTP <status>[: <detail>]."; a 5xx means the upstream is unavailable. */
  statusError(detail?: string): UpstreamError {
    return this.error(
      this.status >= 500 ? "unavailable" : "bad_response",
      `${this.upstream.label} answered HTTP ${this.status}${detail === undefined ? "" : `: ${detail}`}.`,
    );
  }

  notJsonError(): UpstreamError {
    return this.error("bad_response", `${this.upstream.label} answered something that is not JSON.`);
  }

  /** The body as JSON, or undefined when it is not JSON. */
  tryJson(): unknown {
    try {
      return JSON.parse(this.text) as unknown;
    } catch {
      return undefined;
    }
  }

  /** The body as JSON; an error when it is not. */
  json(): unknown {
    const value = this.tryJson();
    if (value === undefined) throw this.notJsonError();
    return value;
  }

  /** `value` validated by `schema`; otherwise "<Label>'s <what> did not have the expected shape." */
  parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
    const parsed = schema.safeParse(value);
    if (!parsed.success)
      throw this.error("bad_response", `${this.upstream.label}'s ${what} did not have the expected shape.`);
    return parsed.data;
  }
}

export class HttpUpstream {
  private readonly policies: Upstream;

  constructor(
    readonly upstream: UpstreamIdentity,
    readonly connection: UpstreamConnection,
  ) {
    this.policies = new Upstream(upstream.name, upstream.label, { timeoutMs: connection.timeoutMs });
  }

  /**
   * Sends `request` under the policies and returns what `read` makes of the reply. Errors `read` throws
   * count as the upstream's failures (retried, counted by the breaker) when they are UpstreamErrors, and
   * as the caller's (passed on as they are) otherwise.
   */
  request<T>(request: UpstreamRequest, read: (reply: UpstreamReply) => T): Promise<T> {
    const method = request.method ?? "GET";
    return this.policies.call(request.operation, request.idempotent ?? method === "GET", (signal) =>
      this.send(request, read, signal),
    );
  }

  /** One attempt now, past the circuit breaker and without retries (Settings → Connections' Test). */
  probe<T>(request: UpstreamRequest, read: (reply: UpstreamReply) => T): Promise<T> {
    return this.policies.probe((signal) => this.send(request, read, signal));
  }

  health(): UpstreamHealth {
    return this.policies.health();
  }

  private async send<T>(
    request: UpstreamRequest,
    read: (reply: UpstreamReply) => T,
    signal: AbortSignal,
  ): Promise<T> {
    const method = request.method ?? "GET";
    const base = this.connection.url;
    const url = new URL(request.path, base.endsWith("/") ? base : `${base}/`);
    if (request.query) url.search = request.query.toString();
    const body = request.body;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: this.headers(body),
        body: body === undefined ? undefined : "json" in body ? JSON.stringify(body.json) : body.form,
        signal,
      });
    } catch (error) {
      throw this.lost(error, signal, "is unreachable");
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw this.lost(error, signal, "broke off its answer");
    }
    return read(new UpstreamReply(this.upstream, response.status, text));
  }

  /** A connection that failed or broke off; an abort is the timeout policy's to report. */
  private lost(error: unknown, signal: AbortSignal, what: string): unknown {
    if (signal.aborted) return error;
    const { cause, message } = error as Error;
    return new UpstreamError(
      this.upstream.name,
      "unavailable",
      `${this.upstream.label} at ${this.connection.url} ${what} (${cause ?? message}).`,
      { cause: error },
    );
  }

  private headers(body: UpstreamRequest["body"]): Record<string, string> {
    const headers: Record<string, string> = { Accept: "application/json", ...this.connection.headers };
    if (body !== undefined)
      headers["Content-Type"] = "json" in body ? "application/json" : "application/x-www-form-urlencoded";
    const { bearerToken, basicAuth } = this.connection;
    if (bearerToken) headers.Authorization = `Bearer ${bearerToken}`;
    else if (basicAuth)
      headers.Authorization = `Basic ${Buffer.from(`${basicAuth.username}:${basicAuth.password}`).toString("base64")}`;
    return headers;
  }
}
