// Failed sign-ins are counted per account and per client IP in PostgreSQL (rate-limiter-flexible), so
// the limit holds across every app instance behind a load balancer.
import { RateLimiterPostgres, type RateLimiterRes } from "rate-limiter-flexible";
import { env } from "@/lib/config/env";
import { pool } from "@/lib/db/client";
import { RateLimitedError } from "@/lib/errors";

type Limiters = { account: RateLimiterPostgres; ip: RateLimiterPostgres };
let limiters: Limiters | undefined;

function get(): Limiters {
  if (limiters) return limiters;
  const config = env();
  const common = {
    storeClient: pool(),
    storeType: "pool",
    tableName: "rate_limits",
    tableCreated: true,
    clearExpiredByTimeout: false,
    duration: config.LOGIN_LOCKOUT_MINUTES * 60,
  };
  limiters = {
    account: new RateLimiterPostgres({
      ...common,
      keyPrefix: "login-account",
      points: config.LOGIN_MAX_FAILURES_PER_ACCOUNT,
    }),
    ip: new RateLimiterPostgres({
      ...common,
      keyPrefix: "login-ip",
      points: config.LOGIN_MAX_FAILURES_PER_IP,
    }),
  };
  return limiters;
}

function minutes(ms: number) {
  const m = Math.max(1, Math.ceil(ms / 60_000));
  return `${m} minute${m === 1 ? "" : "s"}`;
}

function exhausted(res: RateLimiterRes | null, points: number) {
  return res !== null && res.consumedPoints >= points;
}

/** Throws a 429 with a message a person can act on if either limit is used up. */
export async function assertLoginAllowed(email: string, ip: string | null): Promise<void> {
  const { account, ip: byIp } = get();
  const [a, i] = await Promise.all([account.get(email), ip ? byIp.get(ip) : Promise.resolve(null)]);
  if (exhausted(a, account.points)) {
    throw new RateLimitedError(
      `Too many failed sign-in attempts for this account. Try again in ${minutes(a!.msBeforeNext)}, or ask an administrator to reset your password.`,
      Math.ceil(a!.msBeforeNext / 1000),
    );
  }
  if (exhausted(i, byIp.points)) {
    throw new RateLimitedError(
      `Too many failed sign-in attempts from your network. Try again in ${minutes(i!.msBeforeNext)}.`,
      Math.ceil(i!.msBeforeNext / 1000),
    );
  }
}

export async function recordLoginFailure(email: string, ip: string | null): Promise<void> {
  const { account, ip: byIp } = get();
  // penalty() counts without throwing when the limit is passed; assertLoginAllowed decides.
  await Promise.all([account.penalty(email), ip ? byIp.penalty(ip) : Promise.resolve()]);
}

export async function clearLoginFailures(email: string): Promise<void> {
  await get().account.delete(email);
}
