// Comparing a secret someone sent with the one configured (bearer tokens, signatures). Both sides are
// first reduced to HMAC-SHA256 digests under a key made at start-up, so the comparison takes the same time
// wherever they differ, says nothing about the secret's length, and cannot throw: timingSafeEqual refuses
// buffers of different lengths, which a string of the right length in other characters would give.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

const key = randomBytes(32);
const digest = (value: string) => createHmac("sha256", key).update(value, "utf8").digest();

export function secretsEqual(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}
