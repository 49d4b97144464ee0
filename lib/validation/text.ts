// Text that PostgreSQL can store. Its text type refuses the NUL character outright, and an unpaired UTF-16
// surrogate (which JavaScript strings allow) is refused by jsonb and silently turned into U+FFFD by the
// UTF-8 encoder on its way to a text column. Every string a schema accepts from outside is `text()`, so
// such input is a 422 naming the field instead of a database error after the fact. Browser-safe: forms
// parse with the same schemas.
import { z } from "zod";

const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, "g");

export const UNSTORABLE_TEXT_MESSAGE =
  "Contains a character that cannot be stored (a NUL character or half of a UTF-16 surrogate pair): remove it.";

export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

/** The value with every character PostgreSQL cannot store replaced by U+FFFD, the replacement character. */
export function toStorableText(value: string): string {
  return value.replace(UNSTORABLE_ALL, "\uFFFD");
}

/** A string schema that refuses what PostgreSQL cannot store; chain `.trim()`, `.max()`… as on `z.string()`. */
export function text(params?: Parameters<typeof z.string>[0]): z.ZodString {
  return z.string(params).refine(isStorableText, UNSTORABLE_TEXT_MESSAGE);
}
