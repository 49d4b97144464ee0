// Typed errors shared by every layer. Services throw these; lib/http/respond.ts is the one place that
// turns them into HTTP responses, and pages render them. Never classify errors by their message.

export type FieldErrors = Record<string, string[]>;

export abstract class AppError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
  /** Extra fields safe to show to the client. */
  details(): Record<string, unknown> {
    return {};
  }
}

export class ValidationError extends AppError {
  readonly code = "validation_failed";
  readonly status = 422;
  constructor(
    readonly fields: FieldErrors,
    message = "Some fields are not valid.",
  ) {
    super(message);
  }
  override details() {
    return { fields: this.fields };
  }
}

export class BadRequestError extends AppError {
  readonly code = "bad_request";
  readonly status = 400;
}

export class PayloadTooLargeError extends AppError {
  readonly code = "payload_too_large";
  readonly status = 413;
}

export class UnsupportedMediaTypeError extends AppError {
  readonly code = "unsupported_media_type";
  readonly status = 415;
}

export class UnauthenticatedError extends AppError {
  readonly code = "unauthenticated";
  readonly status = 401;
  constructor(message = "Sign in to continue.") {
    super(message);
  }
}

export class ForbiddenError extends AppError {
  readonly code = "forbidden";
  readonly status = 403;
  constructor(
    readonly permission: string,
    message = `Your role does not allow this (needs "${permission}").`,
  ) {
    super(message);
  }
  override details() {
    return { permission: this.permission };
  }
}

/** A change requested from another site's page (cross-site request forgery), or by a client that did not say where from. */
export class CrossOriginError extends AppError {
  readonly code = "cross_origin";
  readonly status = 403;
}

export class NotFoundError extends AppError {
  readonly code = "not_found";
  readonly status = 404;
}

export class ConflictError extends AppError {
  readonly code = "conflict";
  readonly status = 409;
  constructor(
    message: string,
    /** What the client needs to resolve it (for example both values of each conflicting field). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
  override details() {
    return this.extra;
  }
}

export class RateLimitedError extends AppError {
  readonly code = "rate_limited";
  readonly status = 429;
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
  override details() {
    return { retryAfterSeconds: this.retryAfterSeconds };
  }
}

export type UpstreamName = "database" | "prometheus" | "alertmanager" | "jaeger" | "kubernetes";

/** An upstream system failed; `kind` decides 502 (bad answer), 503 (unreachable/open circuit) or 504. */
export class UpstreamError extends AppError {
  readonly code = "upstream_failed";
  readonly status: number;
  constructor(
    readonly upstream: UpstreamName,
    readonly kind: "unavailable" | "timeout" | "bad_response",
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.status = kind === "bad_response" ? 502 : kind === "timeout" ? 504 : 503;
  }
  override details() {
    return { upstream: this.upstream, kind: this.kind };
  }
}
