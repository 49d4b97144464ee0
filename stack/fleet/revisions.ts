// The revisions a demo service serves, as the pods of an Argo Rollout would: a stable and, during a
// canary, a canary taking `weight` percent of the requests. Set over HTTP (PUT /admin/revisions) by the
// stack's revision sync (revision-sync.ts), which follows the demo Rollouts. Each request's metrics and
// server span carry its revision, as Prometheus's pod discovery and OpenTelemetry's resource detection
// label them in a cluster; before any revision is set, requests carry none.
import { z } from "zod";

/** A Kubernetes label value, as `rollouts-pod-template-hash` is (non-empty here). */
const labelValue = z
  .string()
  .max(63)
  .regex(/^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/, "must be a Kubernetes label value");

/** An image tag, as the container image's reference grammar allows. */
const imageTag = z
  .string()
  .regex(/^\w[\w.-]{0,127}$/, "must be an image tag (letters, digits, _ . -, at most 128)");

const revisionSchema = z.object({ hash: labelValue, tag: imageTag }).strict();

export const revisionsSchema = z
  .object({
    stable: revisionSchema,
    canary: revisionSchema
      .extend({
        /** Percent of requests the canary serves. */
        weight: z.number().int().min(0).max(100),
      })
      .strict()
      .nullable()
      .default(null),
  })
  .strict()
  .refine((revisions) => revisions.canary?.hash !== revisions.stable.hash, {
    path: ["canary", "hash"],
    message: "must differ from the stable's hash",
  });

export type Revisions = z.output<typeof revisionsSchema>;
export type Revision = z.infer<typeof revisionSchema>;

/** Which of a service's revisions a request or a fault knob applies to. */
export const REVISION_ROLES = ["stable", "canary"] as const;
export type RevisionRole = (typeof REVISION_ROLES)[number];

/** The revision a request is served as: the stable, unless no revision is set. */
export type Served = { role: RevisionRole; revision: Revision | null };

/** Serves a request as the canary with probability weight/100, otherwise as the stable. */
export function chooseRevision(revisions: Revisions | null, random: () => number): Served {
  if (!revisions) return { role: "stable", revision: null };
  const { canary } = revisions;
  if (canary && random() < canary.weight / 100)
    return { role: "canary", revision: { hash: canary.hash, tag: canary.tag } };
  return { role: "stable", revision: revisions.stable };
}

/**
 * The request metrics' labels of a revision: `rollouts_pod_template_hash`, what Prometheus's pod
 * discovery relabels the pod label to, and `service_version`, OpenTelemetry's `service.version` resource
 * attribute as exported to Prometheus (docs/adr/0007). Both are one-to-one with the revision.
 */
export function revisionLabels(revision: Revision | null): Record<string, string> {
  return revision ? { rollouts_pod_template_hash: revision.hash, service_version: revision.tag } : {};
}

/** The same on a server span, under OpenTelemetry's resource attribute names. */
export function revisionAttributes(revision: Revision | null): Record<string, string> {
  return revision
    ? { "k8s.pod.label.rollouts-pod-template-hash": revision.hash, "service.version": revision.tag }
    : {};
}

/** The hashes a service serves now; `undefined` stands for its requests without a revision. */
export function servedHashes(revisions: Revisions | null): Set<string | undefined> {
  if (!revisions) return new Set([undefined]);
  return new Set([revisions.stable.hash, ...(revisions.canary ? [revisions.canary.hash] : [])]);
}
