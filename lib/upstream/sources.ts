// How fresh each upstream's part of a page is, for the banner that names a failing upstream.
import { AppError, UpstreamError } from "@/lib/errors";
import type { Cached } from "@/lib/upstream/cache";

export type SourceState =
  | { state: "ok"; asOf: string }
  | { state: "stale"; asOf: string; message: string }
  | { state: "unavailable"; message: string }
  | { state: "not_configured"; message: string };

export function fromCached(cached: Cached<unknown>): SourceState {
  if (cached.staleBecause) {
    return { state: "stale", asOf: cached.fetchedAt.toISOString(), message: messageOf(cached.staleBecause) };
  }
  return { state: "ok", asOf: cached.fetchedAt.toISOString() };
}

export function fromError(error: unknown): SourceState {
  return { state: "unavailable", message: messageOf(error) };
}

function messageOf(error: unknown): string {
  if (error instanceof UpstreamError || error instanceof AppError) return error.message;
  return "failed unexpectedly";
}

/** Errors that mean "this upstream cannot answer now" (shown as a banner) rather than a bug. */
export function isUpstreamTrouble(error: unknown): boolean {
  return error instanceof UpstreamError;
}

/**
 * An upstream's part of a page, loaded with its client (through the cache): "not configured" without a
 * client, and an upstream failure as the source's state rather than an error, so the rest of the page
 * still shows.
 */
export async function fromUpstream<C, T>(
  client: C | null,
  notConfigured: string,
  load: (client: C) => Promise<Cached<T>>,
): Promise<{ value: T | null; source: SourceState }> {
  if (client === null) return { value: null, source: { state: "not_configured", message: notConfigured } };
  try {
    const cached = await load(client);
    return { value: cached.value, source: fromCached(cached) };
  } catch (error) {
    if (!isUpstreamTrouble(error)) throw error;
    return { value: null, source: fromError(error) };
  }
}
