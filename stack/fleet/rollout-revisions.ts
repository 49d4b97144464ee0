// What each demo service serves, read from its Argo Rollout and the Rollout's ReplicaSets, so that the
// fleet's processes behave like the Rollout's pods (revision-sync.ts applies it). Only the fields used
// are parsed; the rest passes.
import { z } from "zod";
import { FLEET_SERVICES, type FleetService } from "./topology";
import type { Revision, Revisions } from "./revisions";

const HASH_LABEL = "rollouts-pod-template-hash";

const rolloutSchema = z.object({
  metadata: z.object({ name: z.string(), uid: z.string() }),
  spec: z.object({
    strategy: z.object({
      canary: z.object({ steps: z.array(z.unknown()).nullish() }).nullish(),
      blueGreen: z.object({}).nullish(),
    }),
  }),
  status: z
    .object({
      abort: z.boolean().nullish(),
      stableRS: z.string().nullish(),
      currentPodHash: z.string().nullish(),
      currentStepIndex: z.number().nullish(),
      availableReplicas: z.number().nullish(),
      blueGreen: z.object({ activeSelector: z.string().nullish() }).nullish(),
    })
    .nullish(),
});

const replicaSetSchema = z.object({
  metadata: z.object({
    labels: z.record(z.string(), z.string()).nullish(),
    ownerReferences: z.array(z.object({ uid: z.string() })).nullish(),
  }),
  spec: z.object({
    template: z.object({ spec: z.object({ containers: z.array(z.object({ image: z.string() })) }) }),
  }),
  status: z.object({ availableReplicas: z.number().nullish() }).nullish(),
});

export const rolloutListSchema = z.object({ items: z.array(rolloutSchema) });
export const replicaSetListSchema = z.object({ items: z.array(replicaSetSchema) });

type Rollout = z.infer<typeof rolloutSchema>;
type ReplicaSet = z.infer<typeof replicaSetSchema>;

/** The tag of an image reference (`registry:5000/name:tag@digest`); "latest" when it names none. */
export function imageTag(image: string): string {
  const name = image.split("@")[0]!.split("/").at(-1)!;
  const colon = name.lastIndexOf(":");
  return colon === -1 ? "latest" : name.slice(colon + 1);
}

/**
 * The revisions of one Rollout, or null while it has no stable revision (or its ReplicaSet is not
 * seen yet). The stable is `status.stableRS`, for blue-green the active selector, which serves all
 * traffic (the preview gets none). The canary is `status.currentPodHash` while it differs from the
 * stable and the rollout is not aborted, with the weight `kubectl argo rollouts get` shows as actual
 * without a traffic router: the canary's available pods × 100 / the rollout's available pods, 100 past
 * the last step.
 */
export function rolloutRevisions(rollout: Rollout, replicaSets: ReplicaSet[]): Revisions | null {
  const status = rollout.status ?? {};
  const owned = replicaSets.filter((rs) =>
    rs.metadata.ownerReferences?.some((owner) => owner.uid === rollout.metadata.uid),
  );
  const replicaSet = (hash: string) => owned.find((rs) => rs.metadata.labels?.[HASH_LABEL] === hash);
  const revision = (hash: string | null | undefined): Revision | null => {
    const image = hash && replicaSet(hash)?.spec.template.spec.containers[0]?.image;
    return hash && image ? { hash, tag: imageTag(image) } : null;
  };

  const { canary: canaryStrategy, blueGreen } = rollout.spec.strategy;
  const stable = revision(
    blueGreen ? (status.blueGreen?.activeSelector ?? status.stableRS) : status.stableRS,
  );
  if (!stable) return null;
  if (!canaryStrategy || status.abort || status.currentPodHash === stable.hash)
    return { stable, canary: null };
  const canary = revision(status.currentPodHash);
  if (!canary) return { stable, canary: null };

  const steps = canaryStrategy.steps ?? [];
  const available = status.availableReplicas ?? 0;
  let weight = 0;
  if ((status.currentStepIndex ?? 0) >= steps.length) weight = 100;
  else if (available > 0)
    weight = Math.floor(((replicaSet(canary.hash)!.status?.availableReplicas ?? 0) * 100) / available);
  return { stable, canary: { ...canary, weight } };
}

/** The revisions of every demo service that has a Rollout of its name among `rollouts`. */
export function fleetRevisions(
  rollouts: z.infer<typeof rolloutListSchema>,
  replicaSets: z.infer<typeof replicaSetListSchema>,
): Partial<Record<FleetService, Revisions>> {
  const result: Partial<Record<FleetService, Revisions>> = {};
  for (const rollout of rollouts.items) {
    const service = FLEET_SERVICES.find((name) => name === rollout.metadata.name);
    const revisions = service && rolloutRevisions(rollout, replicaSets.items);
    if (service && revisions) result[service] = revisions;
  }
  return result;
}
