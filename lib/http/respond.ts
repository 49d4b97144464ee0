// How route handlers answer besides a plain 200: `created` for what they create, and the one mapping from
// errors to HTTP responses. Unknown errors become a 500 with the request id only, logged with their
// stack; a database outage is a 503 logged once for all the requests it fails (lib/db/errors.ts).
import { NextResponse } from "next/server";
import { databaseOutage, isDatabaseUnavailable } from "@/lib/db/errors";
import { AppError, MethodNotAllowedError, RateLimitedError, UpstreamError } from "@/lib/errors";
import { REQUEST_ID_HEADER } from "@/lib/auth/request-meta";
import { logger } from "@/lib/observability/logger";

/**
 * A 201 answer. `location` is the path where the created resource can be read (GET), for resources that
 * have one; the body follows the same rule as every answer (docs/ARCHITECTURE.md, "Answers").
 */
export function created<T>(body: T, location?: string): NextResponse<T> {
  return NextResponse.json(body, { status: 201, headers: location ? { Location: location } : undefined });
}

export type ErrorBody = {
  error: { code: string; message: string; requestId: string } & Record<string, unknown>;
};

export function errorResponse(error: unknown, requestId: string): NextResponse<ErrorBody> {
  if (isDatabaseUnavailable(error)) {
    databaseOutage().failed(error, { requestId });
    error = new UpstreamError(
      "database",
      "unavailable",
      "Opsdeck cannot reach its database right now. Try again in a moment.",
    );
  }
  if (error instanceof AppError) {
    const response = NextResponse.json<ErrorBody>(
      { error: { code: error.code, message: error.message, requestId, ...error.details() } },
      { status: error.status },
    );
    if (error instanceof RateLimitedError)
      response.headers.set("Retry-After", String(error.retryAfterSeconds));
    if (error instanceof MethodNotAllowedError) response.headers.set("Allow", error.allowed.join(", "));
    response.headers.set(REQUEST_ID_HEADER, requestId);
    return response;
  }
  logger.error({ err: error, requestId }, "unhandled error");
  const response = NextResponse.json<ErrorBody>(
    {
      error: {
        code: "internal",
        message: `Something went wrong on our side. Quote request id ${requestId} when reporting it.`,
        requestId,
      },
    },
    { status: 500 },
  );
  response.headers.set(REQUEST_ID_HEADER, requestId);
  return response;
}
