// The PromQL explorer (operators): an instant or range query exactly as typed, against the configured
// Prometheus. The query is the user's own; Prometheus parses it, and its errors come back as 422.
import { z } from "zod";
import { text } from "@/lib/validation/text";
import { requirePrometheus, type InstantSample, type RangeSeries } from "@/lib/prometheus/client";
import { authorize, parseInput, type ServiceContext } from "@/lib/services/context";
import { parseTimeExpression } from "@/lib/time/range";

const time = text()
  .max(40)
  .transform((v, ctx) => {
    const date = parseTimeExpression(v, new Date());
    if (!date) {
      ctx.addIssue({ code: "custom", message: "Use now, now-1h, or an ISO 8601 time." });
      return z.NEVER;
    }
    return date;
  });

// Zod runs an object's refinements even after a field failed a check (a time over 40 characters), with
// that field still the string it came as: the range checks below run only on an object that parsed.
const onceParsed = { when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0 };

export const exploreInput = z.discriminatedUnion("mode", [
  z.object({
    mode: z.literal("instant"),
    query: text().trim().min(1, "Enter a query.").max(10_000),
    time: time.optional(),
  }),
  z
    .object({
      mode: z.literal("range"),
      query: text().trim().min(1, "Enter a query.").max(10_000),
      start: time,
      end: time,
      step: z.coerce.number().min(1, "The step is at least 1 second.").max(86_400),
    })
    .refine((v) => v.start < v.end, {
      message: "The start must be before the end.",
      path: ["start"],
      ...onceParsed,
    })
    .refine((v) => (v.end.getTime() - v.start.getTime()) / 1000 / v.step <= 11_000, {
      message: "That is more than 11,000 points per series; use a larger step.",
      path: ["step"],
      ...onceParsed,
    }),
]);

export type ExploreResult =
  { mode: "instant"; samples: InstantSample[] } | { mode: "range"; series: RangeSeries[] };

export async function explore(ctx: ServiceContext, raw: unknown): Promise<ExploreResult> {
  authorize(ctx, "promql:query");
  const input = parseInput(exploreInput, raw);
  const client = requirePrometheus();
  if (input.mode === "instant")
    return { mode: "instant", samples: await client.instant(input.query, input.time) };
  return { mode: "range", series: await client.range(input.query, input.start, input.end, input.step) };
}
