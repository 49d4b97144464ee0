// How long an informer waits before its next attempt after a failure: exponential, capped, with jitter
// so that the informers of many kinds and instances do not hit a recovering API server at once.

export type BackoffOptions = { initialMs: number; maxMs: number };

export const INFORMER_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 30_000 };

/**
 * The delay before retry number `attempt` (0 for the first retry): the exponential step, capped, of which
 * a random half is jitter ("equal jitter"), so the delay still grows while retries spread out.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = INFORMER_BACKOFF,
  random: () => number = Math.random,
): number {
  const step = Math.min(options.maxMs, options.initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(step / 2 + random() * (step / 2));
}
