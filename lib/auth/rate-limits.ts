// Counters of attempts in PostgreSQL (rate-limiter-flexible's `rate_limits` table), so limits hold across
// every app instance behind a load balancer: sign-ins (login-limiter.ts) and invitation links (below).
// Rows whose window has passed are deleted by the housekeeping timer (lib/db/housekeeping.ts).
import { createHash } from "node:crypto";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { pool } from "@/lib/db/client";
import { RateLimitedError } from "@/lib/errors";

/** A counter of `points` per `durationSeconds` in the shared table. */
export function postgresLimiter(keyPrefix: string, points: number, durationSeconds: number) {
  return new RateLimiterPostgres({
    storeClient: pool(),
    storeType: "pool",
    tableName: "rate_limits",
    tableCreated: true,
    // The housekeeping purge runs in one instance at a time instead of a timer per limiter per instance.
    clearExpiredByTimeout: false,
    keyPrefix,
    points,
    duration: durationSeconds,
  });
}

/** Keys of a bounded length (the column holds 255) that do not store the email itself. */
export function hashedKey(...parts: string[]): string {
  return createHash("sha256").update(parts.join("\n")).digest("hex");
}

export function inWords(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

// Invitation and password links: each attempt is counted before the password is hashed (argon2 is slow on
// purpose, so unlimited attempts would be a cheap way to load the server), per client IP and per token.
const INVITATION_WINDOW_SECONDS = 15 * 60;
const INVITATION_ATTEMPTS_PER_IP = 20;
const INVITATION_ATTEMPTS_PER_TOKEN = 5;

let invitationLimiters: { ip: RateLimiterPostgres; token: RateLimiterPostgres } | undefined;

/** Counts an attempt to use an invitation link; a 429 once either limit is used up. */
export async function consumeInvitationAttempt(ip: string | null, token: string): Promise<void> {
  invitationLimiters ??= {
    ip: postgresLimiter("invitation-ip", INVITATION_ATTEMPTS_PER_IP, INVITATION_WINDOW_SECONDS),
    token: postgresLimiter("invitation-token", INVITATION_ATTEMPTS_PER_TOKEN, INVITATION_WINDOW_SECONDS),
  };
  const { ip: byIp, token: byToken } = invitationLimiters;
  try {
    if (ip) await byIp.consume(ip);
    await byToken.consume(hashedKey(token));
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    throw new RateLimitedError(
      `Too many attempts with invitation links. Try again in ${inWords(error.msBeforeNext)}.`,
      Math.ceil(error.msBeforeNext / 1000),
    );
  }
}
