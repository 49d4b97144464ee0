// Fault knobs of a demo service, turned over HTTP (PUT /admin/faults) by tests and the demo, for its
// stable revision, its canary, or both (revisions.ts). Before any revision is set, every request is the
// stable's.
import { z } from "zod";
import { REVISION_ROLES, type RevisionRole } from "./revisions";

export const faultsSchema = z
  .object({
    /** Share of requests answered with 500, 0 to 1. */
    errorRate: z.number().min(0).max(1),
    /** Extra latency added to every request. */
    latencyMs: z.number().int().min(0).max(60_000),
  })
  .strict();

export type Faults = z.infer<typeof faultsSchema>;

export const NO_FAULTS: Faults = { errorRate: 0, latencyMs: 0 };

/** The body of PUT /admin/faults: the knobs to change, and whose (default: every revision's). */
export const faultsUpdateSchema = faultsSchema
  .partial()
  .extend({ revision: z.enum([...REVISION_ROLES, "all"]).default("all") })
  .strict();

export type FaultsUpdate = z.input<typeof faultsUpdateSchema>;

/** The knobs of each revision, as GET and PUT /admin/faults answer them. */
export type FaultsByRevision = Record<RevisionRole, Faults>;

export const NO_FAULTS_BY_REVISION: FaultsByRevision = { stable: NO_FAULTS, canary: NO_FAULTS };

/** The knobs after an update: the knobs it names change, for the revisions it names. */
export function updateFaults(
  current: FaultsByRevision,
  update: z.output<typeof faultsUpdateSchema>,
): FaultsByRevision {
  const { revision, ...knobs } = update;
  const next = { ...current };
  for (const role of REVISION_ROLES)
    if (revision === "all" || revision === role) next[role] = { ...current[role], ...knobs };
  return next;
}
