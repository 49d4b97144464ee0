// Input of the alert and silence actions, shared by the forms, the route handlers and the services.
import { z } from "zod";
import { text } from "@/lib/validation/text";
import { compile, fullMatch, InvalidRegexError } from "@/lib/matchers/regex";

const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export const silenceMatcherSchema = z
  .object({
    name: text().regex(LABEL, "Use a label name: letters, digits and underscores."),
    value: text().max(1_000),
    isRegex: z.boolean().default(false),
    isEqual: z.boolean().default(true),
  })
  .superRefine((m, ctx) => {
    if (!m.isRegex) return;
    try {
      compile(m.value);
    } catch (error) {
      if (!(error instanceof InvalidRegexError)) throw error;
      ctx.addIssue({ code: "custom", path: ["value"], message: `${m.name}: ${error.message}` });
    }
  });

export const createSilenceInput = z.object({
  matchers: z.array(silenceMatcherSchema).min(1, "Add at least one matcher.").max(20),
  durationMinutes: z
    .number()
    .int()
    .min(1, "At least one minute.")
    .max(60 * 24 * 30, "At most 30 days."),
  comment: text().trim().min(3, "Say why: everyone who sees the alert reads it.").max(1_000),
  /** Required to create a silence that would match (nearly) every alert. */
  confirmBroad: z.boolean().default(false),
});

export const acknowledgeInput = z.object({
  fingerprint: text().regex(/^[0-9a-f]{1,32}$/, "Not an alert fingerprint."),
  durationMinutes: z
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(30),
  note: text().trim().max(500).optional(),
});

/** `name="value"`, `name=~"regex"`, `name!="value"`, `name!~"regex"` (quotes optional). */
export const MATCHER_SYNTAX =
  /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(?:"((?:[^"\\]|\\.)*)"|([^"\s,{}]*))\s*$/;

export const alertListInput = z.object({
  filter: z
    .union([text(), z.array(text())])
    .optional()
    .transform((v) =>
      (v === undefined ? [] : Array.isArray(v) ? v : [v]).map((s) => s.trim()).filter(Boolean),
    )
    .refine((list) => list.every((m) => MATCHER_SYNTAX.test(m)), {
      message: 'Write matchers as label="value", label=~"regex", label!="value".',
    }),
  silenced: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
  inhibited: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
});

export type SilenceMatcher = z.infer<typeof silenceMatcherSchema>;

const PROBES = ["", "x", "opsdeck-probe-7f3a", "Z9_.-"];

/**
 * Whether a matcher leaves alerts out at all: an equality to a value, or a regex that does not match any
 * string. Negative matchers, empty values and catch-all regexes match (nearly) everything.
 */
export function isNarrowing(m: SilenceMatcher): boolean {
  if (!m.isEqual) return false;
  if (!m.isRegex) return m.value !== "";
  return !PROBES.slice(1).every((p) => fullMatch(m.value, p));
}

/** Marks a silence as an acknowledgement ("someone is on it"), whoever made it: a person or taking command. */
export const ACK_PREFIX = "[ack]";
