// A client for Alertmanager's /api/v2: alert groups, alerts, silences. Responses are validated; failures
// are UpstreamErrors naming Alertmanager. Reads are retried; creating or expiring a silence is not (the
// silences service makes those safe to repeat instead).
import type { z } from "zod";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { configuredUpstream } from "@/lib/upstream/configured";
import { HttpUpstream, type UpstreamConnection, type UpstreamRequest } from "@/lib/upstream/http";
import type { UpstreamHealth } from "@/lib/upstream/resilience";
import {
  alertGroups,
  amStatus,
  gettableAlert,
  gettableSilences,
  postSilenceReply,
  type AmAlertGroup,
  type AmMatcher,
  type AmSilence,
} from "./schemas";

export type AlertmanagerConfig = Omit<UpstreamConnection, "headers">;

export type AlertFilter = { matchers?: string[]; active?: boolean; silenced?: boolean; inhibited?: boolean };

const ALERTMANAGER = { name: "alertmanager", label: "Alertmanager" } as const;

export class AlertmanagerClient {
  private readonly http: HttpUpstream;

  constructor(readonly config: AlertmanagerConfig) {
    this.http = new HttpUpstream(ALERTMANAGER, config);
  }

  /** `/api/v2/<path>`, its answer validated against `schema` (none for calls that answer nothing). */
  private request<S extends z.ZodType>(
    operation: string,
    method: "GET" | "POST" | "DELETE",
    path: string,
    params: URLSearchParams | null,
    schema: S | null,
    body?: unknown,
  ): Promise<z.output<S>> {
    const request: UpstreamRequest = {
      operation,
      method,
      path: `api/v2/${path}`,
      query: params ?? undefined,
      body: body === undefined ? undefined : { json: body },
    };
    return this.http.request(request, (reply) => {
      if (reply.status === 400 || reply.status === 422) {
        // Alertmanager explains what it refused in the body (a JSON string or plain text).
        const reason = reply.text.replace(/^"|"\n?$/g, "");
        throw new ValidationError({ _: [reason] }, `Alertmanager refused it: ${reason.trim()}`);
      }
      if (reply.status === 404) throw new NotFoundError("Alertmanager has no such silence.");
      if (!reply.ok) throw reply.statusError();
      if (!schema) return undefined as z.output<S>;
      return reply.parse(schema, reply.json(), `answer to ${path}`);
    });
  }

  private filterParams(filter: AlertFilter) {
    const params = new URLSearchParams();
    for (const m of filter.matchers ?? []) params.append("filter", m);
    for (const key of ["active", "silenced", "inhibited"] as const)
      if (filter[key] !== undefined) params.set(key, String(filter[key]));
    return params;
  }

  alertGroups(filter: AlertFilter = {}): Promise<AmAlertGroup[]> {
    return this.request("alert_groups", "GET", "alerts/groups", this.filterParams(filter), alertGroups);
  }

  alerts(filter: AlertFilter = {}) {
    return this.request("alerts", "GET", "alerts", this.filterParams(filter), gettableAlert.array());
  }

  silences(matchers: string[] = []): Promise<AmSilence[]> {
    const params = new URLSearchParams();
    for (const m of matchers) params.append("filter", m);
    return this.request("silences", "GET", "silences", params, gettableSilences);
  }

  async createSilence(silence: {
    matchers: AmMatcher[];
    startsAt: Date;
    endsAt: Date;
    createdBy: string;
    comment: string;
  }): Promise<string> {
    const reply = await this.request("create_silence", "POST", "silences", null, postSilenceReply, {
      ...silence,
      startsAt: silence.startsAt.toISOString(),
      endsAt: silence.endsAt.toISOString(),
    });
    return reply.silenceID;
  }

  async expireSilence(id: string): Promise<void> {
    await this.request("expire_silence", "DELETE", `silence/${encodeURIComponent(id)}`, null, null);
  }

  /** Alertmanager's version (`/api/v2/status`), asked once now, past the circuit breaker. */
  probeVersion(): Promise<string> {
    return this.http.probe({ operation: "status", path: "api/v2/status" }, (reply) => {
      if (!reply.ok) throw reply.statusError();
      return reply.parse(amStatus, reply.json(), "status").versionInfo.version;
    });
  }

  /** What this process last saw of Alertmanager (circuit, last success, last failure). */
  health(): UpstreamHealth {
    return this.http.health();
  }
}

const configured = configuredUpstream({ ...ALERTMANAGER, variable: "ALERTMANAGER_URL" }, (config) =>
  config.ALERTMANAGER_URL
    ? new AlertmanagerClient({
        url: config.ALERTMANAGER_URL,
        bearerToken: config.ALERTMANAGER_BEARER_TOKEN,
        basicAuth: config.ALERTMANAGER_BASIC_AUTH,
        timeoutMs: config.ALERTMANAGER_TIMEOUT_MS,
      })
    : null,
);

/** The configured client, or null when ALERTMANAGER_URL is unset. One per process (one circuit breaker). */
export const alertmanager = configured.get;

/** The configured client; a 503 saying to set ALERTMANAGER_URL when it is unset. */
export const requireAlertmanager = configured.require;
