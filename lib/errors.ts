// Typed errors shared by every layer. Services throw these; lib/http/respond.ts is the one place that
// turns them into HTTP responses, and pages render them. Never classify errors by their message.

export type FieldErrors = Record<string, string[]>;

// The production build bundles this module more than once: the objects the instrumentation creates (the
// Kubernetes informers, the upstream clients) throw the errors of its copy, route handlers check them
// against theirs, and a plain `instanceof` then fails (a 404 from Kubernetes answered 500). So each error
// carries the kinds of its classes under a key shared by every copy, and `instanceof` on these classes
// reads it. A class whose errors may cross copies names its kind (a class name would be minified).
const KINDS = Symbol.for("opsdeck.errors.kinds");

function ownKind(constructor: unknown): string | undefined {
  return Object.hasOwn(constructor as object, "kind") ? (constructor as { kind: string }).kind : undefined;
}

export abstract class AppError extends Error {
  static readonly kind: string = "AppError";

  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    const kind = ownKind(this);
    const kinds = (value as { [KINDS]?: unknown } | null)?.[KINDS];
    return kind !== undefined && Array.isArray(kinds) && kinds.includes(kind);
  }

  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    const kinds: string[] = [];
    for (let c: unknown = new.target; c && c !== Error; c = Object.getPrototypeOf(c)) {
      const kind = ownKind(c);
      if (kind) kinds.push(kind);
    }
    Object.defineProperty(this, KINDS, { value: kinds });
  }

  abstract readonly code: string;
  abstract readonly status: number;
  /** Extra fields safe to show to the client. */
  details(): Record<string, unknown> {
    return {};
  }
}

export class ValidationError extends AppError {
  static override readonly kind: string = "ValidationError";
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
  static override readonly kind: string = "BadRequestError";
  readonly code = "bad_request";
  readonly status = 400;
}

export class PayloadTooLargeError extends AppError {
  static override readonly kind: string = "PayloadTooLargeError";
  readonly code = "payload_too_large";
  readonly status = 413;
}

export class UnsupportedMediaTypeError extends AppError {
  static override readonly kind: string = "UnsupportedMediaTypeError";
  readonly code = "unsupported_media_type";
  readonly status = 415;
}

export class UnauthenticatedError extends AppError {
  static override readonly kind: string = "UnauthenticatedError";
  readonly code = "unauthenticated";
  readonly status = 401;
  constructor(message = "Sign in to continue.") {
    super(message);
  }
}

export class ForbiddenError extends AppError {
  static override readonly kind: string = "ForbiddenError";
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
  static override readonly kind: string = "CrossOriginError";
  readonly code = "cross_origin";
  readonly status = 403;
}

export class MethodNotAllowedError extends AppError {
  static override readonly kind: string = "MethodNotAllowedError";
  readonly code = "method_not_allowed";
  readonly status = 405;
  constructor(
    readonly allowed: string[],
    message: string,
  ) {
    super(message);
  }
}

export class NotFoundError extends AppError {
  static override readonly kind: string = "NotFoundError";
  readonly code = "not_found";
  readonly status = 404;
}

export class ConflictError extends AppError {
  static override readonly kind: string = "ConflictError";
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
  static override readonly kind: string = "RateLimitedError";
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
  static override readonly kind: string = "UpstreamError";
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
