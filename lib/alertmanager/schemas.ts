// Alertmanager's /api/v2 responses (api/v2/openapi.yaml in ../shared/fixtures). Fields newer than the
// oldest supported Alertmanager (0.25: silence annotations, mutedBy, routeLabels) are optional.
import { z } from "zod";

const labelSet = z.record(z.string(), z.string());

export const matcherSchema = z.object({
  name: z.string(),
  value: z.string(),
  isRegex: z.boolean(),
  isEqual: z.boolean().default(true),
});

export const gettableAlert = z.object({
  labels: labelSet,
  annotations: labelSet.default({}),
  receivers: z.array(z.object({ name: z.string() })),
  fingerprint: z.string(),
  startsAt: z.string(),
  updatedAt: z.string(),
  endsAt: z.string(),
  generatorURL: z.string().optional(),
  status: z.object({
    state: z.enum(["unprocessed", "active", "suppressed"]),
    silencedBy: z.array(z.string()),
    inhibitedBy: z.array(z.string()),
    mutedBy: z.array(z.string()).optional(),
  }),
});

export const alertGroups = z.array(
  z.object({
    labels: labelSet,
    routeLabels: labelSet.optional(),
    receiver: z.object({ name: z.string() }),
    alerts: z.array(gettableAlert),
  }),
);

export const gettableSilence = z.object({
  id: z.string(),
  status: z.object({ state: z.enum(["expired", "active", "pending"]) }),
  updatedAt: z.string(),
  matchers: z.array(matcherSchema),
  startsAt: z.string(),
  endsAt: z.string(),
  createdBy: z.string(),
  comment: z.string(),
});

export const gettableSilences = z.array(gettableSilence);
export const postSilenceReply = z.object({ silenceID: z.string() });

export type AmAlert = z.infer<typeof gettableAlert>;
export type AmAlertGroup = z.infer<typeof alertGroups>[number];
export type AmSilence = z.infer<typeof gettableSilence>;
export type AmMatcher = z.infer<typeof matcherSchema>;

/** `/api/v2/status`: only the version is used. */
export const amStatus = z.object({ versionInfo: z.object({ version: z.string() }) });
