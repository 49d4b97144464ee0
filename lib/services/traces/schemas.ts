import { z } from "zod";
import { text } from "@/lib/validation/text";

/** "250ms", "1.5s", "2m", or a bare number of milliseconds. */
export function parseDurationMs(value: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(us|µs|ms|s|m|h)?\s*$/.exec(value);
  if (!m) return null;
  const factor = { us: 0.001, µs: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] ?? "ms"]!;
  return Number(m[1]) * factor;
}

const MAX_DURATION_MS = 24 * 3_600_000;

const duration = text()
  .trim()
  .transform((value, ctx) => {
    if (value === "") return undefined;
    const ms = parseDurationMs(value);
    if (ms === null) {
      ctx.addIssue({ code: "custom", message: 'must be a duration such as "250ms", "1.5s" or "2m"' });
      return z.NEVER;
    }
    // Jaeger reads durations as Go's time.Duration, which a far longer one would not fit.
    if (ms > MAX_DURATION_MS) {
      ctx.addIssue({ code: "custom", message: "must be at most 24h" });
      return z.NEVER;
    }
    return ms;
  })
  .optional();

const attribute = text()
  .trim()
  .regex(/^[^=\s][^=]*=.*$/, 'must be "key=value", e.g. http.response.status_code=500')
  .transform((pair) => {
    const at = pair.indexOf("=");
    return { key: pair.slice(0, at).trim(), value: pair.slice(at + 1).trim() };
  });

const HOUR = 3_600_000;

export const serviceName = text().trim().min(1, "choose a service").max(200);

export const traceSearchInput = z
  .object({
    service: serviceName,
    operation: text().trim().max(500).optional(),
    attributes: z.array(attribute).max(10, "at most 10 attribute filters").default([]),
    minDuration: duration,
    maxDuration: duration,
    start: z.coerce.date({ error: "must be a time" }).optional(),
    end: z.coerce.date({ error: "must be a time" }).optional(),
    limit: z.coerce.number().int().min(1).max(500, "at most 500 traces").default(20),
  })
  .transform((q) => {
    const end = q.end ?? new Date();
    return {
      ...q,
      operation: q.operation || undefined,
      end,
      start: q.start ?? new Date(end.getTime() - HOUR),
    };
  })
  .refine((q) => q.start < q.end, { message: "the start must be before the end", path: ["start"] })
  .refine(
    (q) => q.minDuration === undefined || q.maxDuration === undefined || q.minDuration <= q.maxDuration,
    {
      message: "the minimum duration must not exceed the maximum",
      path: ["minDuration"],
    },
  );

export type TraceSearchInput = z.output<typeof traceSearchInput>;

/** Trace ids are up to 32 hex digits; shorter ones (64-bit ids) are zero-padded as Jaeger does. */
export const traceId = text()
  .trim()
  .toLowerCase()
  .regex(/^[0-9a-f]{1,32}$/, "is not a trace id (up to 32 hexadecimal digits)")
  .transform((id) => id.padStart(32, "0"));

export const compareInput = z.object({ a: traceId, b: traceId });

export const dependenciesInput = z.object({
  lookbackMinutes: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(60),
  tracesPerService: z.coerce.number().int().min(1).max(200).default(30),
});
