// The Node.js HTTP server in front of Next.js (started by scripts/server.ts). It is the only code that
// sees the connection, so it decides which X-Forwarded-For the app reads the client IP from
// (lib/auth/request-meta.ts): a client without a trusted proxy in front cannot choose its own.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { forwardedForOfConnection } from "@/lib/auth/request-meta";
import { logger } from "@/lib/observability/logger";

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
    handle(request, response).catch((error: unknown) => {
      // Next.js answers its own errors; this is for a failure of the handler itself.
      logger.error({ err: error, url: request.url }, "request handler failed");
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
}
