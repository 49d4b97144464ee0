// The wire under the informers and requests: client-node's KubeConfig supplies everything about reaching
// and authenticating to a cluster (TLS, client certificates, tokens, exec plugins, proxies), and requests
// go out through Node's HTTP client with those options. The watch replaces client-node's Watch (same
// interface, used by its ListWatch) because that one never times out: a watch whose connection silently
// died would wait forever. Here a watch asks the server to end it after a few minutes, gives up itself
// shortly after, and can be told to reconnect.
import http from "node:http";
import https from "node:https";
import { createInterface } from "node:readline";
import { Watch, type KubeConfig } from "@kubernetes/client-node";
import { parseStatus } from "./errors";

export type KubeResponse = { status: number; body: string };

export type SendOptions = {
  method: "GET" | "PATCH" | "POST" | "DELETE";
  /** Path and query, from the server's root. */
  path: string;
  headers?: Record<string, string | string[]>;
  body?: string;
  signal?: AbortSignal;
};

/** Node request options for the cluster of `kubeConfig`'s current context, authenticated. */
async function requestOptions(
  kubeConfig: KubeConfig,
  headers: Record<string, string | string[]>,
): Promise<https.RequestOptions> {
  const options: https.RequestOptions = { headers: { Accept: "application/json", ...headers } };
  await kubeConfig.applyToHTTPSOptions(options);
  return options;
}

export function serverUrl(kubeConfig: KubeConfig, path: string): URL {
  const server = kubeConfig.getCurrentCluster()?.server;
  if (!server) throw new Error(`context "${kubeConfig.getCurrentContext()}" has no cluster server`);
  // A server URL may carry a path prefix (clusters behind a proxy); keep it.
  return new URL(server.replace(/\/+$/, "") + path);
}

const client = (url: URL) => (url.protocol === "http:" ? http : https);

/** One request; resolves with any HTTP status (the caller maps errors), rejects on network failures. */
export async function send(kubeConfig: KubeConfig, options: SendOptions): Promise<KubeResponse> {
  const url = serverUrl(kubeConfig, options.path);
  const headers = { ...options.headers };
  if (options.body !== undefined) headers["Content-Length"] = String(Buffer.byteLength(options.body));
  const base = await requestOptions(kubeConfig, headers);
  return new Promise((resolve, reject) => {
    const request = client(url).request(
      url,
      { ...base, method: options.method, signal: options.signal },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        res.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(options.body);
  });
}

/** An error carrying the HTTP status, as client-node's ListWatch expects (`statusCode === 410` relists). */
export class HttpStatusError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

export type WatchEvent = { type: string; object: unknown };

export type ApiWatchOptions = {
  /** Runs for every event before the ListWatch sees it; `null` drops the event. */
  receive: (event: WatchEvent) => WatchEvent | null;
  /** A watch answered 200: the informer is live again. */
  connected: () => void;
};

/** client-go's choice: a random 5–10 minutes, so that the watches of many clients do not end together. */
const randomWatchSeconds = () => 300 + Math.floor(Math.random() * 300);
/** How long a watch may take to answer. */
const CONNECT_TIMEOUT_MS = 10_000;
/** Past the server's own end of a watch, the client stops waiting for it. */
const WATCH_GRACE_MS = 30_000;
/** A watch that ends this soon without an event counts as a failure (backoff), not a normal end. */
const MIN_HEALTHY_WATCH_MS = 1_000;

export class ApiWatch extends Watch {
  private current: AbortController | null = null;

  constructor(
    kubeConfig: KubeConfig,
    private readonly options: ApiWatchOptions,
  ) {
    super(kubeConfig);
  }

  /** Ends the current watch as if the server had; the ListWatch resumes it from its resourceVersion. */
  reconnect() {
    this.current?.abort();
  }

  override async watch(
    path: string,
    queryParams: Record<string, string | number | boolean | undefined>,
    callback: (phase: string, apiObj: unknown, watchObj?: unknown) => void,
    done: (err: unknown) => void,
  ): Promise<AbortController> {
    const controller = new AbortController();
    this.current = controller;
    const watchSeconds = randomWatchSeconds();
    const started = Date.now();
    let events = 0;
    let finished = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (error: unknown) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      if (this.current === controller) this.current = null;
      if (
        !error &&
        events === 0 &&
        Date.now() - started < MIN_HEALTHY_WATCH_MS &&
        !controller.signal.aborted
      ) {
        error = new Error("the API server ended the watch at once");
      }
      controller.abort();
      // Never synchronously: the ListWatch stores the returned controller after this function resolves.
      setImmediate(() => done(error ?? null));
    };
    const arm = (ms: number, why: string) => {
      clearTimeout(timer);
      timer = setTimeout(() => finish(new Error(why)), ms);
      timer.unref();
    };
    controller.signal.addEventListener("abort", () => finish(null), { once: true });

    try {
      const query = new URLSearchParams({ watch: "true", allowWatchBookmarks: "true" });
      query.set("timeoutSeconds", String(watchSeconds));
      for (const [key, value] of Object.entries(queryParams)) {
        if (value !== undefined && value !== "") query.set(key, String(value));
      }
      const url = serverUrl(this.config, `${path}?${query}`);
      const base = await requestOptions(this.config, {});
      arm(CONNECT_TIMEOUT_MS, `no answer to the watch within ${CONNECT_TIMEOUT_MS / 1000}s`);
      const request = client(url).request(
        url,
        { ...base, method: "GET", signal: controller.signal },
        (res) => {
          if (res.statusCode !== 200) {
            let body = "";
            res.setEncoding("utf8");
            res.on("data", (chunk: string) => (body += chunk));
            res.on("end", () => {
              const status = parseStatus(body);
              finish(new HttpStatusError(res.statusCode ?? 0, status.message ?? `HTTP ${res.statusCode}`));
            });
            return;
          }
          arm(watchSeconds * 1000 + WATCH_GRACE_MS, "the watch outlived its timeout without ending");
          this.options.connected();
          const lines = createInterface({ input: res, crlfDelay: Infinity });
          // readline re-emits the response's errors (an aborted or reset connection) as its own.
          lines.on("error", (error) => finish(error));
          lines.on("line", (line) => {
            if (finished || !line) return;
            let event: WatchEvent;
            try {
              event = JSON.parse(line) as WatchEvent;
            } catch {
              return; // a torn line; the next relist or event repairs the cache
            }
            events++;
            const received = this.options.receive(event);
            if (received) callback(received.type, received.object, received);
          });
          res.on("error", (error) => finish(error));
          res.on("close", () => finish(null));
        },
      );
      request.on("socket", (socket) => socket.setKeepAlive(true, 30_000));
      request.on("error", (error) => finish(controller.signal.aborted ? null : error));
      request.end();
    } catch (error) {
      finish(error);
    }
    return controller;
  }
}
