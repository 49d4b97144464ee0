// Failed sign-ins slow down the one account and client IP they came from, instead of locking the account:
// each failure of an (account, IP) pair doubles the wait before that pair may try again, up to
// LOGIN_MAX_DELAY_SECONDS, so someone guessing from their own network cannot keep the account's owner
// out, who signs in from another address at once. Failures per IP across accounts are capped as well
// (LOGIN_MAX_FAILURES_PER_IP, then locked out for LOGIN_LOCKOUT_MINUTES). In PostgreSQL, so they hold
// across instances (lib/auth/rate-limits.ts).
import type { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { env } from "@/lib/config/env";
import { RateLimitedError } from "@/lib/errors";
import { hashedKey, inWords, postgresLimiter } from "./rate-limits";

type Limiters = {
  /** Failures per (account, IP) pair within the window. */
  pairFailures: RateLimiterPostgres;
  /** The wait of a pair: blocked until it may try again. */
  pairWait: RateLimiterPostgres;
  ip: RateLimiterPostgres;
};
let limiters: Limiters | undefined;

function get(): Limiters {
  if (limiters) return limiters;
  const config = env();
  const window = config.LOGIN_LOCKOUT_MINUTES * 60;
  limiters = {
    pairFailures: postgresLimiter("login-pair", Number.MAX_SAFE_INTEGER, window),
    pairWait: postgresLimiter("login-wait", 1, window),
    ip: postgresLimiter("login-ip", config.LOGIN_MAX_FAILURES_PER_IP, window),
  };
  return limiters;
}

const pairKey = (email: string, ip: string | null) => hashedKey(email, ip ?? "unknown");

/** The wait after the nth failure of a pair: 1 s, 2 s, 4 s … up to LOGIN_MAX_DELAY_SECONDS. */
export function delayAfterFailures(failures: number, maxSeconds = env().LOGIN_MAX_DELAY_SECONDS): number {
  return Math.min(maxSeconds, 2 ** Math.max(0, Math.min(failures - 1, 30)));
}

function exhausted(res: RateLimiterRes | null, points: number) {
  return res !== null && res.consumedPoints >= points;
}

/** Throws a 429 with a message a person can act on while this pair must wait or this IP is locked out. */
export async function assertLoginAllowed(email: string, ip: string | null): Promise<void> {
  const { pairWait, ip: byIp } = get();
  const [wait, fromIp] = await Promise.all([
    pairWait.get(pairKey(email, ip)),
    ip ? byIp.get(ip) : Promise.resolve(null),
  ]);
  if (exhausted(wait, pairWait.points + 1)) {
    throw new RateLimitedError(
      `Too many failed sign-in attempts for this account from your address. Try again in ${inWords(wait!.msBeforeNext)}.`,
      Math.ceil(wait!.msBeforeNext / 1000),
    );
  }
  if (exhausted(fromIp, byIp.points)) {
    throw new RateLimitedError(
      `Too many failed sign-in attempts from your network. Try again in ${inWords(fromIp!.msBeforeNext)}.`,
      Math.ceil(fromIp!.msBeforeNext / 1000),
    );
  }
}

export async function recordLoginFailure(email: string, ip: string | null): Promise<void> {
  const { pairFailures, pairWait, ip: byIp } = get();
  const key = pairKey(email, ip);
  const [failures] = await Promise.all([
    pairFailures.penalty(key),
    // penalty() counts without throwing when the limit is passed; assertLoginAllowed decides.
    ip ? byIp.penalty(ip) : Promise.resolve(),
  ]);
  await pairWait.block(key, delayAfterFailures(failures.consumedPoints));
}

/** A correct password clears its pair's failures; the IP's count stays (it spans accounts). */
export async function clearLoginFailures(email: string, ip: string | null): Promise<void> {
  const { pairFailures, pairWait } = get();
  const key = pairKey(email, ip);
  await Promise.all([pairFailures.delete(key), pairWait.delete(key)]);
}
