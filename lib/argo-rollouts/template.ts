// Pod template comparison as `kubectl argo rollouts undo` does it (cmd/undo/undo.go equalIgnoreHash):
// apimachinery's Semantic.DeepDerivative(rolloutTemplate, replicaSetTemplate) on the JSON forms, after
// removing the rollouts-pod-template-hash label from both.
import { POD_TEMPLATE_HASH_LABEL, type PodTemplate } from "./schemas";

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * DeepDerivative(a1, a2) on JSON values: like deep equality, except that what is unset in `derived`
 * (the first argument) is not compared — null, "", an empty list or an empty object. A shorter list is
 * compared with the start of the longer one. A key present in `derived` but missing in `base` differs,
 * even with a null value (Go's map lookup yields an invalid value). false and 0 are compared.
 */
export function deepDerivative(derived: unknown, base: unknown): boolean {
  if (derived === null || derived === undefined) return true;
  if (base === null || base === undefined) return false;
  if (Array.isArray(derived)) {
    if (!Array.isArray(base)) return false;
    if (derived.length === 0) return true;
    if (derived.length > base.length) return false;
    return derived.every((item, index) => deepDerivative(item, base[index]));
  }
  if (isPlainObject(derived)) {
    if (!isPlainObject(base)) return false;
    const keys = Object.keys(derived);
    if (keys.length === 0) return true;
    if (keys.length > Object.keys(base).length) return false;
    return keys.every((key) => Object.hasOwn(base, key) && deepDerivative(derived[key], base[key]));
  }
  if (typeof derived !== typeof base) return false;
  if (derived === "") return true;
  return derived === base;
}

/**
 * A copy of a pod template without the rollouts-pod-template-hash label. Labels left empty stay `{}`
 * as unstructured.RemoveNestedField leaves them, or go, as a typed template's JSON drops them.
 */
export function withoutPodTemplateHash(
  template: PodTemplate,
  { dropEmptyLabels }: { dropEmptyLabels: boolean },
): PodTemplate {
  const copy = structuredClone(template);
  const labels = copy.metadata?.labels;
  if (labels && Object.hasOwn(labels, POD_TEMPLATE_HASH_LABEL)) {
    delete labels[POD_TEMPLATE_HASH_LABEL];
    if (dropEmptyLabels && Object.keys(labels).length === 0) delete copy.metadata!.labels;
  }
  return copy;
}

/** equalIgnoreHash: whether the rollout's template already is (a derivative of) the ReplicaSet's. */
export function templateMatchesIgnoringHash(
  rolloutTemplate: PodTemplate | null | undefined,
  replicaSetTemplate: PodTemplate | null | undefined,
): boolean {
  if (!rolloutTemplate) return false;
  const keep = { dropEmptyLabels: false };
  return deepDerivative(
    withoutPodTemplateHash(rolloutTemplate, keep),
    withoutPodTemplateHash(replicaSetTemplate ?? {}, keep),
  );
}
