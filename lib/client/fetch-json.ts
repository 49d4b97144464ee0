// Browser-side calls to the app's API, with its error body turned into a typed ApiError.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string[]> = {},
    readonly requestId?: string,
    /** The whole error body, for answers that carry more (a 409's conflicting values). */
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export type ErrorBody = {
  error?: {
    code?: string;
    message?: string;
    fields?: Record<string, string[]>;
    requestId?: string;
  } & Record<string, unknown>;
};

/** What a request that never reached the app says (the network, or the app down). */
export const NETWORK_MESSAGE = "Cannot reach Opsdeck. Check your connection and try again.";

export async function fetchJson<T>(url: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  return (await fetchOk(url, init)).json() as Promise<T>;
}

/** A successful answer of the app's API, whose body is still to be read; an error answer throws ApiError. */
export async function fetchOk(url: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
  const { json, ...rest } = init;
  let response: Response;
  try {
    response = await fetch(url, {
      ...rest,
      headers: {
        Accept: "application/json",
        ...(json !== undefined && { "Content-Type": "application/json" }),
        ...rest.headers,
      },
      body: json !== undefined ? JSON.stringify(json) : rest.body,
    });
  } catch {
    throw new ApiError(0, "network", NETWORK_MESSAGE);
  }
  if (response.ok) return response;
  throw apiError(response.status, (await response.json().catch(() => ({}))) as ErrorBody);
}

/**
 * Set once this page is on its way out of the session: signing out, or already sent to sign in.
 * Queries still running then get 401s; redirecting again would overtake the first navigation
 * (a sign-out would land on "your session expired" instead of "you are signed out").
 */
let leavingSession = false;

/** Call before signing out, so the 401s of queries still in flight do not redirect elsewhere. */
export function leaveSession(): void {
  leavingSession = true;
}

/** The ApiError of an error answer; a 401 also sends the person to sign in again, once. */
export function apiError(status: number, body: ErrorBody): ApiError {
  if (status === 401 && typeof window !== "undefined" && !leavingSession) {
    leavingSession = true;
    // The session ended (expired, revoked or signed out elsewhere): back to sign-in, then here again.
    const here = `${window.location.pathname}${window.location.search}`;
    // A full load on purpose: client state of the ended session must not survive.
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination
    window.location.assign(`/signin?expired=1&callbackUrl=${encodeURIComponent(here)}`);
  }
  return new ApiError(
    status,
    body.error?.code ?? "http_error",
    body.error?.message ?? `The server answered ${status}.`,
    body.error?.fields,
    body.error?.requestId,
    body.error,
  );
}
