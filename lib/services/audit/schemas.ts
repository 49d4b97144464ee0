// Filters of the Audit page, its API and its CSV export (one schema, shared by all three).
import { z } from "zod";
import { text } from "@/lib/validation/text";

const optionalText = text()
  .trim()
  .max(200)
  .optional()
  .transform((v) => v || undefined);

const optionalInstant = text()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return undefined;
    const date = new Date(v);
    if (Number.isNaN(date.getTime())) {
      ctx.addIssue({ code: "custom", message: "Use an ISO 8601 time, e.g. 2026-11-27T10:00:00Z." });
      return z.NEVER;
    }
    return date;
  });

export const auditFilterInput = z
  .object({
    actor: optionalText,
    action: optionalText,
    targetType: optionalText,
    targetId: optionalText,
    result: z
      .enum(["success", "denied", "failed"])
      .optional()
      .or(z.literal("").transform(() => undefined)),
    from: optionalInstant,
    to: optionalInstant,
  })
  .refine((f) => !f.from || !f.to || f.from < f.to, {
    message: "The start must be before the end.",
    path: ["from"],
  });

export const auditPageInput = auditFilterInput.and(
  z.object({
    /** Keyset cursor: the `seq` of the last entry of the previous page. */
    before: text()
      .regex(/^\d{1,19}$/, "Not a valid cursor.")
      .optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  }),
);

export type AuditFilter = z.output<typeof auditFilterInput>;
