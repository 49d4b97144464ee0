// Inputs of Deployments, shared by the forms, the route handlers and the services, and the API's paths
// for the browser. Pure: no I/O, no configuration.
import { z } from "zod";
import { ROLLOUT_ACTIONS } from "@/lib/argo-rollouts/actions";
import { GATE_TYPES } from "@/lib/flagger/schemas";
import { text } from "@/lib/validation/text";
import type { DeliveryRef, DeliverySource, DeliveryStatus, GateAction } from "./model";

export const DELIVERY_SOURCES = ["argo-rollouts", "flagger"] as const satisfies readonly DeliverySource[];
export const DELIVERY_STATUSES = [
  "Healthy",
  "Progressing",
  "Paused",
  "Degraded",
  "Aborted",
] as const satisfies readonly DeliveryStatus[];

export const DEPLOYMENT_ACTIONS = ROLLOUT_ACTIONS;

/** Actions that need the rollout's name typed in a production namespace. */
export const CONFIRM_NAME_ACTIONS = ["abort", "undo"] as const;

export const REASON_MIN = 3;
export const REASON_MAX = 500;

/**
 * How URLs name a rollout: its cluster (a configured kubeconfig context), namespace and name. Kubernetes
 * names are at most 253 characters (namespaces 63), so a longer one names nothing.
 */
export const rolloutRef = z.object({
  cluster: text().min(1).max(253),
  namespace: text().min(1).max(63),
  name: text().min(1).max(253),
});

export const actionInput = z
  .object({
    action: z.enum(DEPLOYMENT_ACTIONS, { message: `Choose one of: ${DEPLOYMENT_ACTIONS.join(", ")}.` }),
    /** Undo only: the revision to roll back to; 0 or left out: the previous one. */
    toRevision: z.number().int().min(0).optional(),
    reason: text({ message: "Say why (it is recorded in the audit log and the rollout's history)." })
      .trim()
      .min(REASON_MIN, `Say why in at least ${REASON_MIN} characters.`)
      .max(REASON_MAX, `Keep the reason under ${REASON_MAX} characters.`),
    /** Abort and undo in a production namespace: the rollout's name, typed by the person. */
    confirmName: text().trim().max(253).optional(),
    /**
     * The state the person acted on (RolloutDetail's resourceVersion, view.step.index, view.revision); the
     * action is refused (409) when the rollout moved on to another step or revision.
     */
    expected: z.object({
      resourceVersion: text().min(1, "Send the resourceVersion of the rollout as you saw it."),
      step: z.number().int().min(0).nullish(),
      revision: z.number().int().min(0).nullish(),
    }),
    /** Generated when the confirmation opens; a retry with the same key is answered from the first. */
    idempotencyKey: z.uuid("Send a UUID as idempotencyKey."),
  })
  .refine((input) => input.action === "undo" || input.toRevision === undefined, {
    path: ["toRevision"],
    message: "Only undo takes a revision.",
  });

export type ActionInput = z.input<typeof actionInput>;

export const DEPLOYMENT_SORTS = [
  "name",
  "status",
  "service",
  "namespace",
  "cluster",
  "lastChange",
  "progress",
] as const;
export type DeploymentSort = (typeof DEPLOYMENT_SORTS)[number];

/** One value or many (`?service=a&service=b`, or `a,b`). */
const many = <T extends z.ZodType<string, string>>(item: T) =>
  z
    .union([text(), z.array(text())])
    .transform((value) =>
      (Array.isArray(value) ? value : [value])
        .flatMap((v) => v.split(","))
        .map((v) => v.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).max(50));

/** The list's filters and sort, as the URL carries them. */
export const listQuery = z.object({
  cluster: many(z.string().max(253)).optional(),
  namespace: many(z.string().max(253)).optional(),
  service: many(z.string().max(253)).optional(),
  status: many(z.enum(DELIVERY_STATUSES)).optional(),
  source: many(z.enum(DELIVERY_SOURCES)).optional(),
  /** Case-insensitive substring of the name, namespace, service or an image. */
  q: text().trim().max(200).optional(),
  /** Only deliveries whose status changed at or after this time (the incident page: "the hours before"). */
  changedSince: z.iso.datetime({ offset: true, message: "must be an ISO time" }).optional(),
  sort: z.enum(DEPLOYMENT_SORTS).default("lastChange"),
  order: z.enum(["asc", "desc"]).optional(),
});
export type ListQuery = z.output<typeof listQuery>;

/** Metrics of a rollout: how far back (Go-style minutes/hours). */
export const METRIC_RANGES = ["15m", "30m", "1h", "3h", "6h"] as const;
export const metricsQuery = z.object({ range: z.enum(METRIC_RANGES).default("30m") });

/** Markers for a service's charts. */
export const markersQuery = z.object({
  service: many(z.string().max(253)).pipe(z.array(z.string()).min(1, "Name a service.")),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

export function deliveryKey(ref: DeliveryRef): string {
  return `${ref.source}/${ref.cluster}/${ref.namespace}/${ref.name}`;
}

const enc = encodeURIComponent;

/** The page of a delivery, by its source (the search results link there too). */
export function deliveryHref(ref: DeliveryRef): string {
  return `/deployments/${ref.source}/${enc(ref.cluster)}/${enc(ref.namespace)}/${enc(ref.name)}`;
}

const rolloutBase = (ref: Omit<DeliveryRef, "source">) =>
  `/api/deployments/argo-rollouts/${enc(ref.cluster)}/${enc(ref.namespace)}/${enc(ref.name)}`;

/** The API's paths, for the browser's hooks and for links. */
export const deploymentPaths = {
  list: "/api/deployments",
  /** Server-sent events: `changed` when anything the list (with the same filters) shows changes. */
  events: "/api/deployments/events",
  markers: "/api/deployments/markers",
  rollout: rolloutBase,
  rolloutHistory: (ref: Omit<DeliveryRef, "source">) => `${rolloutBase(ref)}/history`,
  rolloutMetrics: (ref: Omit<DeliveryRef, "source">) => `${rolloutBase(ref)}/metrics`,
  rolloutActions: (ref: Omit<DeliveryRef, "source">) => `${rolloutBase(ref)}/actions`,
  rolloutEvents: (ref: Omit<DeliveryRef, "source">) => `${rolloutBase(ref)}/events`,
  /** The rollout's page (UI). */
  rolloutPage: (ref: Omit<DeliveryRef, "source">) =>
    `/deployments/argo-rollouts/${enc(ref.cluster)}/${enc(ref.namespace)}/${enc(ref.name)}`,
} as const;

export const GATE_ACTIONS = ["open", "close", "rollback"] as const satisfies readonly GateAction[];
export const GATE_SCOPES = ["revision", "always"] as const;

/** An operator's change of a Flagger canary's gate. */
export const gateInput = z
  .object({
    action: z.enum(GATE_ACTIONS, { message: `Choose one of: ${GATE_ACTIONS.join(", ")}.` }),
    /** Open and close: which gate. Rollback opens the rollback gate. */
    gate: z.enum(GATE_TYPES, { message: `Name a gate: ${GATE_TYPES.join(", ")}.` }).optional(),
    /** Open: for one revision (default; a new revision closes it again) or until closed. */
    scope: z.enum(GATE_SCOPES).default("revision"),
    reason: z
      .string({ message: "Say why (it is recorded in the audit log and the canary's history)." })
      .trim()
      .min(REASON_MIN, `Say why in at least ${REASON_MIN} characters.`)
      .max(REASON_MAX, `Keep the reason under ${REASON_MAX} characters.`),
    /** Rollback in a production namespace: the canary's name, typed by the person. */
    confirmName: z.string().trim().max(253).optional(),
    idempotencyKey: z.uuid("Send a UUID as idempotencyKey."),
  })
  .refine((input) => input.action === "rollback" || input.gate !== undefined, {
    path: ["gate"],
    message: `Name a gate: ${GATE_TYPES.join(", ")}.`,
  })
  .refine((input) => input.action !== "rollback" || input.gate === undefined || input.gate === "rollback", {
    path: ["gate"],
    message: "A rollback opens the rollback gate; name no other.",
  });
export type GateInput = z.input<typeof gateInput>;

/** What Flagger POSTs to a gate webhook (CanaryWebhookPayload). */
export const gateWebhookBody = z.object({
  name: text().min(1).max(253),
  namespace: text().min(1).max(253),
  phase: text().max(40).optional(),
  checksum: text().max(128).optional(),
  /** The hook's own `metadata`; `cluster` names the Opsdeck cluster when several are configured. */
  metadata: z.record(text(), text()).nullish(),
});

/** How a gate webhook's URL names the token and the gate. */
export const gateWebhookPath = z.object({ token: text().max(512), gate: text().max(40) });

const canaryBase = (ref: Omit<DeliveryRef, "source">) =>
  `/api/deployments/flagger/${enc(ref.cluster)}/${enc(ref.namespace)}/${enc(ref.name)}`;

/** The Flagger canary's API paths and page. */
export const canaryPaths = {
  canary: canaryBase,
  gates: (ref: Omit<DeliveryRef, "source">) => `${canaryBase(ref)}/gates`,
  events: (ref: Omit<DeliveryRef, "source">) => `${canaryBase(ref)}/events`,
  page: (ref: Omit<DeliveryRef, "source">) =>
    `/deployments/flagger/${enc(ref.cluster)}/${enc(ref.namespace)}/${enc(ref.name)}`,
} as const;
