// Whole numbers written in a URL (query parameters): digits only and within bounds, checked before they
// reach a query, since Number() makes NaN of "abc", 1e20 of "1e20" and too large a number of
// "99999999999" for a PostgreSQL integer.
import { z } from "zod";
import { text } from "./text";

/** The largest value of a PostgreSQL `integer` column. */
export const PG_INTEGER_MAX = 2_147_483_647;

export function wholeNumber(min: number, max: number) {
  const message = `Use a whole number from ${min} to ${max}.`;
  return text()
    .trim()
    .regex(/^\d+$/, message)
    .transform(Number)
    .pipe(z.number({ error: message }).int(message).min(min, message).max(max, message));
}
