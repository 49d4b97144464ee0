// The Node.js HTTP server in front of Next.js (started by scripts/server.ts). It is the only code that
// sees the connection, so it decides which X-Forwarded-For the app reads the client IP from
// (lib/auth/request-meta.ts): a client without a trusted proxy in front cannot choose its own. It also
// refuses what Next.js would answer with a bare 500 before proxy.ts or any route handler runs: a path whose
// percent-encoding does not decode (`/api/services/%ff`, 400) and a method it does not serve (TRACE, 405);
// and a method an API route does not export, which Next.js answers with a bare 405 (no body, no Allow).
// It gives every request its id, and the API's answers their security headers: API routes skip proxy.ts,
// whose per-request work (a nonce, a page policy, rewritten request headers) took over a quarter of
// the CPU of each API answer under load (5.5 ms of app CPU per answer with it, 4.0 without).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { acceptedRequestId, forwardedForOfConnection, REQUEST_ID_HEADER } from "@/lib/auth/request-meta";
import { API_CONTENT_SECURITY_POLICY, strictTransportSecurity } from "@/lib/http/content-security-policy";
import { observeAnswer, type RouteOf } from "@/lib/observability/http-metrics";
import { logger } from "@/lib/observability/logger";
import { servingSince } from "@/lib/upstream/request-start";
import { methodList, type ApiMethods } from "./api-methods";
import type { ErrorBody } from "./respond";

/** The methods Next.js serves. */
const SERVED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

export type AppServerOptions = {
  /** How many proxies in front of the app add to X-Forwarded-For (TRUSTED_PROXY_HOPS). */
  trustedProxyHops: number;
  /** The app's public URL (NEXTAUTH_URL): served over https, answers carry HSTS. */
  appUrl?: string;
  /** Route patterns, for the HTTP metrics of every answer Next.js gives (lib/observability/http-metrics.ts). */
  routeOf?: RouteOf;
  /** The methods each API route pattern answers, for the Allow header of a 405 (lib/http/api-methods.ts). */
  apiMethods?: ApiMethods;
};

export function createAppServer(
  handle: RequestHandler,
  { trustedProxyHops, appUrl, routeOf, apiMethods }: AppServerOptions,
): Server {
  const hsts = strictTransportSecurity(appUrl);
  return createServer((request, response) => {
    const namedAs = request.headers[REQUEST_ID_HEADER];
    const requestId = acceptedRequestId(typeof namedAs === "string" ? namedAs : null);
    request.headers[REQUEST_ID_HEADER] = requestId;
    if (request.url?.startsWith("/api/") && !request.url.startsWith("/api/auth/")) {
      response.setHeader(REQUEST_ID_HEADER, requestId);
      response.setHeader("Content-Security-Policy", API_CONTENT_SECURITY_POLICY);
      if (hsts) response.setHeader("Strict-Transport-Security", hsts);
    }
    const received = request.headers["x-forwarded-for"];
    const forwardedFor = forwardedForOfConnection(
      Array.isArray(received) ? received.join(", ") : received,
      request.socket.remoteAddress,
      trustedProxyHops,
    );
    if (forwardedFor === undefined) delete request.headers["x-forwarded-for"];
    else request.headers["x-forwarded-for"] = forwardedFor;
    if (!SERVED_METHODS.includes(request.method ?? "")) {
      const served = SERVED_METHODS.join(", ");
      return refuse(request, response, 405, "method_not_allowed", {
        message: `${request.method} is not a method Opsdeck serves; use ${methodList(SERVED_METHODS)}.`,
        headers: { Allow: served },
      });
    }
    const undecodable = undecodableSequence(request.url ?? "/");
    if (undecodable !== null) {
      return refuse(request, response, 400, "bad_request", {
        message: `The address is not valid: ${undecodable} is not a percent-encoded UTF-8 character.`,
      });
    }
    if (routeOf) observeAnswer(request, response, routeOf);
    // Next.js would answer a method the route does not export with a bare 405: no body, no Allow.
    const allowed = routeOf && apiMethods && methodsOfApiRoute(request.url!, routeOf, apiMethods);
    if (allowed && !allowed.includes(request.method!)) {
      return refuse(request, response, 405, "method_not_allowed", {
        message: `${request.method} is not served at ${pathOf(request.url!)}; it answers ${methodList(allowed)}.`,
        headers: { Allow: allowed.join(", ") },
      });
    }
    servingSince(() => handle(request, response)).catch((error: unknown) => {
      // Next.js answers its own errors; this is for a failure of the handler itself.
      logger.error({ err: error, url: request.url }, "request handler failed");
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
}

const pathOf = (url: string) => url.split("?", 1)[0]!;

/** The methods the API route serving `url` answers, from the build's table; undefined for anything else. */
function methodsOfApiRoute(url: string, routeOf: RouteOf, apiMethods: ApiMethods): string[] | undefined {
  if (!url.startsWith("/api/")) return undefined;
  const route = routeOf(pathOf(url));
  return route === undefined ? undefined : apiMethods[route];
}

/** The first percent-encoded sequence of the path that is not UTF-8 (or a `%` without two hex digits). */
function undecodableSequence(url: string): string | null {
  const path = pathOf(url);
  for (const [sequence] of path.matchAll(/(?:%[0-9a-f]{2})+|%/gi)) {
    try {
      decodeURIComponent(sequence);
    } catch {
      return sequence;
    }
  }
  return null;
}

/** An answer given here, in the API's error body under /api/ and as plain text for pages. */
function refuse(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  code: string,
  { message, headers = {} }: { message: string; headers?: Record<string, string> },
) {
  const requestId = request.headers[REQUEST_ID_HEADER] as string;
  const common = { ...headers, [REQUEST_ID_HEADER]: requestId };
  if (!request.url?.startsWith("/api/")) {
    response.writeHead(status, { ...common, "Content-Type": "text/plain; charset=utf-8" });
    response.end(`${message}\n`);
    return;
  }
  const body: ErrorBody = { error: { code, message, requestId } };
  response.writeHead(status, { ...common, "Content-Type": "application/json" });
  response.end(JSON.stringify(body));
}
