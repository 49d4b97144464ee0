// Input of the incident actions; shared by the forms, the route handlers and the services.
import { z } from "zod";
import { text } from "@/lib/validation/text";

export const SEVERITIES = ["SEV1", "SEV2", "SEV3", "SEV4"] as const;
export const STATUSES = ["investigating", "identified", "monitoring", "resolved"] as const;
export const INCIDENT_ROLES = ["commander", "scribe", "communications"] as const;

export type Severity = (typeof SEVERITIES)[number];
export type IncidentStatus = (typeof STATUSES)[number];
export type IncidentRole = (typeof INCIDENT_ROLES)[number];

/** How the roles are named: in full on the incident's page and timeline, briefly in tables. */
export const ROLE_LABELS: Record<IncidentRole, { full: string; short: string }> = {
  commander: { full: "Incident commander", short: "Commander" },
  scribe: { full: "Scribe", short: "Scribe" },
  communications: { full: "Communications lead", short: "Communications" },
};

export const SEVERITY_HELP: Record<Severity, string> = {
  SEV1: "Critical: a core service is down for many customers.",
  SEV2: "Major: a core feature is degraded or down for some customers.",
  SEV3: "Minor: limited impact, a workaround exists.",
  SEV4: "Low: no customer impact yet.",
};

/** How URLs name an incident: by its number ("/incidents/42") or by its id. */
export const incidentRef = z.union([text().regex(/^\d{1,9}$/), z.uuid()]);

const services = z.array(text().trim().min(1).max(200)).max(20);

export const declareIncidentInput = z.object({
  title: text().trim().min(3, "Give the incident a title of at least 3 characters.").max(200),
  severity: z.enum(SEVERITIES, { message: "Choose a severity from SEV1 to SEV4." }),
  services: services.default([]),
  summary: text().trim().max(10_000).default(""),
  /** Fingerprint of the Alertmanager alert it was declared from, if any. */
  fromAlert: text()
    .regex(/^[0-9a-f]{1,32}$/)
    .optional(),
});

const actionItem = z.object({
  text: text().trim().min(1).max(500),
  owner: text().trim().max(200).default(""),
  done: z.boolean().default(false),
});

const incidentFields = {
  title: text().trim().min(3).max(200),
  severity: z.enum(SEVERITIES),
  status: z.enum(STATUSES),
  services,
  summary: text().max(10_000),
  customerImpact: text().max(10_000),
  rootCause: text().max(20_000),
  wentWell: text().max(20_000),
  actionItems: z.array(actionItem).max(50),
};

/** The fields of an incident a person edits; each is its own unit of concurrency. */
export const EDITABLE_FIELDS = Object.keys(incidentFields) as (keyof typeof incidentFields)[];
export type EditableField = (typeof EDITABLE_FIELDS)[number];

/**
 * A change of some fields, with `base`: the value each changed field had when the writer last saw it.
 * A field someone else changed since then is a conflict (409 with both values); fields nobody else
 * touched, and appends (notes, ticks), never are. A field left out of `base` is overwritten as is.
 */
export const updateIncidentInput = z
  .object({
    ...z.object(incidentFields).partial().shape,
    base: z.object(incidentFields).partial().strict().default({}),
  })
  .strict()
  .refine((input) => EDITABLE_FIELDS.some((f) => input[f] !== undefined), {
    message: "Change at least one field.",
  });

/** One field someone else changed since the writer saw it: what it was, theirs, and yours. */
export type FieldConflict = {
  field: EditableField;
  base: unknown;
  theirs: unknown;
  yours: unknown;
  changedBy: string | null;
  changedAt: string | null;
};

export const assignRoleInput = z.object({
  role: z.enum(INCIDENT_ROLES),
  /** Defaults to the caller ("take command"). */
  userEmail: text().trim().toLowerCase().email().optional(),
});

export const noteInput = z.object({
  body: text().trim().min(1, "Write something.").max(5_000),
  keyEvent: z.boolean().default(false),
});

export const keyEventInput = z.object({ entryId: z.uuid(), keyEvent: z.boolean() });

export const attachInput = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("trace"),
    traceId: text().regex(/^[0-9a-f]{16,32}$/, "A trace id is 16 or 32 hex digits."),
    note: text().max(500).optional(),
  }),
  z.object({
    kind: z.literal("link"),
    url: z.url({ protocol: /^https?$/, message: "Use an http(s) link." }),
    title: text().trim().min(1).max(200),
  }),
]);

export const mergeInput = z.object({ into: incidentRef });
export const splitInput = z.object({ groupKey: text().min(1).max(2_000) });

export const startChecklistInput = z.object({ runbookId: z.uuid() });
export const checkStepInput = z.object({ stepId: z.uuid(), checked: z.boolean() });

export const listIncidentsInput = z.object({
  status: z.enum(["open", "resolved", "all"]).default("open"),
  service: text().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
