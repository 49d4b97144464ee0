// A client for Alertmanager's /api/v2: alert groups, alerts, silences. Responses are validated; failures
// are UpstreamErrors naming Alertmanager. Reads are retried; creating or expiring a silence is not (the
// silences service makes those safe to repeat instead).
import type { z } from "zod";
import { env } from "@/lib/config/env";
import { NotFoundError, UpstreamError, ValidationError } from "@/lib/errors";
import { Upstream } from "@/lib/upstream/resilience";
import {
  alertGroups,
  gettableAlert,
  gettableSilences,
  postSilenceReply,
  type AmAlertGroup,
  type AmMatcher,
  type AmSilence,
} from "./schemas";

export type AlertmanagerConfig = {
  url: string;
  bearerToken?: string;
  basicAuth?: { username: string; password: string };
  timeoutMs: number;
};

export type AlertFilter = { matchers?: string[]; active?: boolean; silenced?: boolean; inhibited?: boolean };

export class AlertmanagerClient {
  private readonly upstream: Upstream;

  constructor(readonly config: AlertmanagerConfig) {
    this.upstream = new Upstream("alertmanager", "Alertmanager", { timeoutMs: config.timeoutMs });
  }

  private async request<S extends z.ZodType>(
    operation: string,
    method: "GET" | "POST" | "DELETE",
    path: string,
    params: URLSearchParams | null,
    schema: S | null,
    body?: unknown,
  ): Promise<z.output<S>> {
    return this.upstream.call(operation, method === "GET", async (signal) => {
      const url = new URL(
        `api/v2/${path}`,
        this.config.url.endsWith("/") ? this.config.url : `${this.config.url}/`,
      );
      if (params) url.search = params.toString();
      const headers: Record<string, string> = { Accept: "application/json" };
      if (body !== undefined) headers["Content-Type"] = "application/json";
      if (this.config.bearerToken) headers.Authorization = `Bearer ${this.config.bearerToken}`;
      else if (this.config.basicAuth)
        headers.Authorization = `Basic ${Buffer.from(`${this.config.basicAuth.username}:${this.config.basicAuth.password}`).toString("base64")}`;
      let response: Response;
      try {
        response = await fetch(url, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
          signal,
        });
      } catch (error) {
        if (signal.aborted) throw error;
        throw new UpstreamError(
          "alertmanager",
          "unavailable",
          `Alertmanager at ${this.config.url} is unreachable (${(error as Error).cause ?? (error as Error).message}).`,
          { cause: error },
        );
      }
      const text = await response.text();
      if (response.status === 400 || response.status === 422) {
        // Alertmanager explains what it refused in the body (a JSON string or plain text).
        throw new ValidationError(
          { _: [text.replace(/^"|"\n?$/g, "")] },
          `Alertmanager refused it: ${text.replace(/^"|"\n?$/g, "").trim()}`,
        );
      }
      if (response.status === 404) throw new NotFoundError("Alertmanager has no such silence.");
      if (!response.ok)
        throw new UpstreamError(
          "alertmanager",
          response.status >= 500 ? "unavailable" : "bad_response",
          `Alertmanager answered HTTP ${response.status}.`,
        );
      if (!schema) return undefined as z.output<S>;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new UpstreamError(
          "alertmanager",
          "bad_response",
          "Alertmanager answered something that is not JSON.",
        );
      }
      const parsed = schema.safeParse(json);
      if (!parsed.success)
        throw new UpstreamError(
          "alertmanager",
          "bad_response",
          `Alertmanager's answer to ${path} did not have the expected shape.`,
        );
      return parsed.data;
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
}

let shared: AlertmanagerClient | null | undefined;

export function alertmanager(): AlertmanagerClient | null {
  if (shared !== undefined) return shared;
  const config = env();
  shared = config.ALERTMANAGER_URL
    ? new AlertmanagerClient({
        url: config.ALERTMANAGER_URL,
        bearerToken: config.ALERTMANAGER_BEARER_TOKEN,
        basicAuth: config.ALERTMANAGER_BASIC_AUTH,
        timeoutMs: config.ALERTMANAGER_TIMEOUT_MS,
      })
    : null;
  return shared;
}
