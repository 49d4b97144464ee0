// A minimal client of the Kubernetes REST API for the stack and its tests: mutual TLS with the admin
// certificate, JSON in and out, errors that carry the API's status and message. (The app has its own
// client; the stack stays independent of lib/.)
import { readFileSync } from "node:fs";
import { Agent, request } from "node:https";
import type { Pki } from "./pki";

export class KubeApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly reason?: string,
  ) {
    super(message);
  }
}

export type PatchType = "merge" | "json" | "strategic" | "apply";
const PATCH_TYPES: Record<PatchType, string> = {
  merge: "application/merge-patch+json",
  json: "application/json-patch+json",
  strategic: "application/strategic-merge-patch+json",
  apply: "application/apply-patch+yaml",
};

export class KubeApi {
  private readonly agent: Agent;

  constructor(
    readonly server: string,
    pki: Pick<Pki, "ca" | "adminCert" | "adminKey">,
  ) {
    this.agent = new Agent({
      ca: readFileSync(pki.ca),
      cert: readFileSync(pki.adminCert),
      key: readFileSync(pki.adminKey),
      keepAlive: true,
    });
  }

  request<T = unknown>(
    method: string,
    path: string,
    options: { body?: unknown; patch?: PatchType; timeoutMs?: number } = {},
  ): Promise<T> {
    const url = new URL(path, this.server);
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method,
          agent: this.agent,
          timeout: options.timeoutMs ?? 15_000,
          headers: {
            accept: "application/json",
            ...(body && {
              "content-type": options.patch ? PATCH_TYPES[options.patch] : "application/json",
              "content-length": Buffer.byteLength(body),
            }),
          },
        },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (text += chunk));
          res.on("end", () => {
            const status = res.statusCode ?? 0;
            let json: unknown = undefined;
            try {
              json = text ? JSON.parse(text) : undefined;
            } catch {
              // not JSON (healthz answers "ok")
            }
            if (status >= 200 && status < 300) return resolve((json ?? text) as T);
            const failure = json as { message?: string; reason?: string } | undefined;
            reject(
              new KubeApiError(
                status,
                `${method} ${url.pathname}: ${status} ${failure?.message ?? text}`,
                failure?.reason,
              ),
            );
          });
        },
      );
      req.on("timeout", () => req.destroy(new Error(`${method} ${url.pathname}: no answer in time`)));
      req.on("error", reject);
      req.end(body);
    });
  }

  get<T = unknown>(path: string) {
    return this.request<T>("GET", path);
  }

  /** Server-side apply of one object (JSON is valid YAML), as `kubectl apply --server-side --force-conflicts`. */
  apply<T = unknown>(path: string, object: unknown) {
    return this.request<T>("PATCH", `${path}?fieldManager=opsdeck-stack&force=true`, {
      body: object,
      patch: "apply",
    });
  }

  async healthy(): Promise<boolean> {
    try {
      return (await this.request<string>("GET", "/readyz", { timeoutMs: 2_000 })) === "ok";
    } catch {
      return false;
    }
  }

  close() {
    this.agent.destroy();
  }
}
