// The Prometheus HTTP API's responses, as documented in docs/querying/api.md (../shared/fixtures), and
// as Thanos, Mimir and VictoriaMetrics serve them. Every response is parsed with these before use.
import { z } from "zod";

export const envelope = z.object({
  status: z.enum(["success", "error"]),
  data: z.unknown().optional(),
  errorType: z.string().optional(),
  error: z.string().optional(),
  warnings: z.array(z.string()).optional(),
  infos: z.array(z.string()).optional(),
});

/** [unix seconds, "value"]; values are strings so that NaN and ±Inf survive JSON. */
const samplePair = z.tuple([z.number(), z.string()]);

function isSamplePairs(value: unknown): value is [number, string][] {
  if (!Array.isArray(value)) return false;
  for (const pair of value) {
    if (
      !Array.isArray(pair) ||
      pair.length !== 2 ||
      typeof pair[0] !== "number" ||
      typeof pair[1] !== "string"
    )
      return false;
  }
  return true;
}

/** The points of a range series, checked in one loop: matrices hold tens of thousands of them. */
const samplePairs = z.custom<[number, string][]>(isSamplePairs, { message: "expected [time, value] pairs" });
const labels = z.record(z.string(), z.string());

export const queryData = z.discriminatedUnion("resultType", [
  z.object({
    resultType: z.literal("vector"),
    result: z.array(z.object({ metric: labels, value: samplePair })),
  }),
  z.object({
    resultType: z.literal("matrix"),
    result: z.array(z.object({ metric: labels, values: samplePairs })),
  }),
  z.object({ resultType: z.literal("scalar"), result: samplePair }),
  z.object({ resultType: z.literal("string"), result: samplePair }),
]);

const ruleBase = {
  name: z.string(),
  query: z.string(),
  labels: labels.optional(),
  health: z.string(),
  lastError: z.string().optional(),
  evaluationTime: z.number().optional(),
  lastEvaluation: z.string().optional(),
};

export const rulesData = z.object({
  groups: z.array(
    z.object({
      name: z.string(),
      file: z.string(),
      interval: z.number(),
      evaluationTime: z.number().optional(),
      lastEvaluation: z.string().optional(),
      rules: z.array(
        z.discriminatedUnion("type", [
          z.object({ ...ruleBase, type: z.literal("recording") }),
          z.object({
            ...ruleBase,
            type: z.literal("alerting"),
            duration: z.number().optional(),
            annotations: labels.optional(),
            state: z.string().optional(),
            alerts: z
              .array(
                z.object({
                  labels,
                  state: z.string(),
                  activeAt: z.string().optional(),
                  value: z.string().optional(),
                }),
              )
              .optional(),
          }),
        ]),
      ),
    }),
  ),
});

export const targetsData = z.object({
  activeTargets: z.array(
    z.object({
      labels,
      scrapeUrl: z.string(),
      health: z.enum(["up", "down", "unknown"]),
      lastError: z.string(),
      lastScrape: z.string(),
      lastScrapeDuration: z.number(),
      scrapePool: z.string().optional(),
    }),
  ),
});

export const labelValuesData = z.array(z.string());

export const exemplarsData = z.array(
  z.object({
    seriesLabels: labels,
    exemplars: z.array(z.object({ labels, value: z.string(), timestamp: z.number() })),
  }),
);

export type RulesData = z.infer<typeof rulesData>;
export type TargetsData = z.infer<typeof targetsData>;

/** `/api/v1/status/buildinfo`: only the version is used (the other fields may change, Prometheus says). */
export const buildInfoData = z.object({ version: z.string() });
