// Whole numbers from outside, bounded so that they fit what they are compared with: a PostgreSQL `integer`
// column refuses 2^31 and beyond with an error (a 500), and Number() makes NaN of "abc", 1e20 of "1e20".
import { z } from "zod";
import { text } from "./text";

/** The largest value of a PostgreSQL `integer` column. */
export const PG_INTEGER_MAX = 2_147_483_647;

const bounds = (min: number, max: number) => `Use a whole number from ${min} to ${max}.`;

/** A whole number sent in JSON (a version, a count). */
export function wholeNumber(min: number, max = PG_INTEGER_MAX) {
  const message = bounds(min, max);
  return z.number({ error: message }).int(message).min(min, message).max(max, message);
}

/** A whole number written in a URL (a query parameter): digits only. */
export function wholeNumberText(min: number, max = PG_INTEGER_MAX) {
  return text().trim().regex(/^\d+$/, bounds(min, max)).transform(Number).pipe(wholeNumber(min, max));
}
