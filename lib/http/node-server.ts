// The Node.js HTTP server in front of Next.js (started by scripts/server.ts). It is the only code that
// sees the connection, so it decides which X-Forwarded-For the app reads the client IP from
// (lib/auth/request-meta.ts): a client without a trusted proxy in front cannot choose its own. It also
// refuses a path whose percent-encoding does not decode (`/api/services/%ff`), which Next.js answers with
// a bare 500 before proxy.ts or any route handler runs.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { acceptedRequestId, forwardedForOfConnection, REQUEST_ID_HEADER } from "@/lib/auth/request-meta";
import { logger } from "@/lib/observability/logger";
import type { ErrorBody } from "./respond";

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

export function createAppServer(handle: RequestHandler, trustedProxyHops: number): Server {
  return createServer((request, response) => {
    const received = request.headers["x-forwarded-for"];
    const forwardedFor = forwardedForOfConnection(
      Array.isArray(received) ? received.join(", ") : received,
      request.socket.remoteAddress,
      trustedProxyHops,
    );
    if (forwardedFor === undefined) delete request.headers["x-forwarded-for"];
    else request.headers["x-forwarded-for"] = forwardedFor;
    const undecodable = undecodableSequence(request.url ?? "/");
    if (undecodable !== null) return refuseUndecodable(request, response, undecodable);
    handle(request, response).catch((error: unknown) => {
      // Next.js answers its own errors; this is for a failure of the handler itself.
      logger.error({ err: error, url: request.url }, "request handler failed");
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
}

/** The first percent-encoded sequence of the path that is not UTF-8 (or a `%` without two hex digits). */
function undecodableSequence(url: string): string | null {
  const path = url.split("?", 1)[0]!;
  for (const [sequence] of path.matchAll(/(?:%[0-9a-f]{2})+|%/gi)) {
    try {
      decodeURIComponent(sequence);
    } catch {
      return sequence;
    }
  }
  return null;
}

function refuseUndecodable(request: IncomingMessage, response: ServerResponse, sequence: string) {
  const message = `The address is not valid: ${sequence} is not a percent-encoded UTF-8 character.`;
  const received = request.headers[REQUEST_ID_HEADER];
  const requestId = acceptedRequestId(typeof received === "string" ? received : null);
  if (!request.url?.startsWith("/api/")) {
    response.writeHead(400, { "Content-Type": "text/plain; charset=utf-8", [REQUEST_ID_HEADER]: requestId });
    response.end(`Bad request. ${message}\n`);
    return;
  }
  const body: ErrorBody = { error: { code: "bad_request", message, requestId } };
  response.writeHead(400, { "Content-Type": "application/json", [REQUEST_ID_HEADER]: requestId });
  response.end(JSON.stringify(body));
}
