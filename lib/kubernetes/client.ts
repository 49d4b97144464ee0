// Requests to one cluster that need the API server itself rather than the caches: a fresh read of one
// object before acting on it, fresh lists, and patches. They run under the project's resilience policy
// (timeout; retries for reads only; a circuit breaker per cluster; metrics under upstream "kubernetes")
// and fail with typed errors (errors.ts). Patches can carry a resourceVersion precondition, and can be
// sent as another person (Kubernetes impersonation) so the cluster's own RBAC decides what they may do.
import type { KubeConfig } from "@kubernetes/client-node";
import { ConflictError, UpstreamError, ValidationError } from "@/lib/errors";
import { Upstream, type UpstreamHealth } from "@/lib/upstream/resilience";
import type { KubeRequestDescription } from "./errors";
import { objectPath, parseFailure, type KindDescriptor, type KubeObject } from "./kinds";
import { listObjects, request } from "./requests";

/** Who a request is sent as: the signed-in person, with Opsdeck's role as a group. */
export type Impersonation = { user: string; groups: string[] };

export type RequestOptions = { impersonate?: Impersonation };

export type Patch = {
  subresource?: "status";
  /** `merge`: RFC 7386 JSON merge patch (an object); `json`: RFC 6902 JSON patch (a list of operations). */
  type: "merge" | "json";
  body: unknown;
  /**
   * Apply only if the object is still at this version; otherwise ConflictError. Sent as
   * `metadata.resourceVersion` in a merge patch (the API server checks it) or as a leading `test`
   * operation in a JSON patch.
   */
  resourceVersion?: string;
};

const CONTENT_TYPES = { merge: "application/merge-patch+json", json: "application/json-patch+json" } as const;

/** The groups a person is impersonated with: their Opsdeck role, and every authenticated user's. */
export function impersonationOf(person: { email: string; role: string }): Impersonation {
  return { user: person.email, groups: [`opsdeck:${person.role}`, "system:authenticated"] };
}

export function impersonationHeaders(impersonate?: Impersonation): Record<string, string | string[]> {
  if (!impersonate) return {};
  // One header line per group: Kubernetes reads each line as one group (a comma is part of a name).
  return { "Impersonate-User": impersonate.user, "Impersonate-Group": impersonate.groups };
}

export class KubeClient {
  private readonly upstream: Upstream;

  constructor(
    readonly cluster: string,
    private readonly kubeConfig: KubeConfig,
    options: { timeoutMs: number },
  ) {
    this.upstream = new Upstream("kubernetes", `Kubernetes cluster "${cluster}"`, {
      timeoutMs: options.timeoutMs,
    });
  }

  /** What this process last saw of the cluster's requests (circuit, last success, last failure). */
  health(): UpstreamHealth {
    return this.upstream.health();
  }

  /** The object as the API server has it now. */
  get<T extends KubeObject>(
    kind: KindDescriptor<T>,
    namespace: string | undefined,
    name: string,
    options: RequestOptions = {},
  ): Promise<T> {
    const describe = this.describe("get", kind, namespace, name, undefined, options);
    return this.upstream.call(`get ${kind.plural}`, true, async (signal) => {
      const raw = await request(this.kubeConfig, {
        method: "GET",
        path: objectPath(kind, namespace, name),
        headers: impersonationHeaders(options.impersonate),
        signal,
        describe,
      });
      return this.parse(kind, raw, describe);
    });
  }

  /** A fresh list (the kind's own selectors apply unless others are given); unparsable objects are left out. */
  list<T extends KubeObject>(
    kind: KindDescriptor<T>,
    namespace: string | undefined,
    selectors: { labelSelector?: string; fieldSelector?: string } = {},
  ): Promise<T[]> {
    return this.upstream.call(`list ${kind.plural}`, true, async (signal) => {
      const { items } = await listObjects(this.kubeConfig, this.cluster, kind, namespace, {
        ...selectors,
        signal,
      });
      return items.flatMap((raw) => {
        try {
          return [kind.parse(raw)];
        } catch {
          return [];
        }
      });
    });
  }

  /** Objects of `kind` in the namespace whose owner is the object with `ownerUid` (a Rollout's ReplicaSets). */
  async listOwned<T extends KubeObject>(
    kind: KindDescriptor<T>,
    namespace: string,
    ownerUid: string,
  ): Promise<T[]> {
    const items = await this.list(kind, namespace);
    return items.filter((item) => item.metadata.ownerReferences?.some((owner) => owner.uid === ownerUid));
  }

  /** Patches the object (or its status); never retried, as a write. */
  patch<T extends KubeObject>(
    kind: KindDescriptor<T>,
    namespace: string | undefined,
    name: string,
    patch: Patch,
    options: RequestOptions = {},
  ): Promise<T> {
    const describe = this.describe("patch", kind, namespace, name, patch.subresource, options);
    const body = withPrecondition(patch);
    return this.upstream.call(`patch ${describe.resource}`, false, async (signal) => {
      try {
        const raw = await request(this.kubeConfig, {
          method: "PATCH",
          path: objectPath(kind, namespace, name, patch.subresource),
          headers: {
            "Content-Type": CONTENT_TYPES[patch.type],
            ...impersonationHeaders(options.impersonate),
          },
          body: JSON.stringify(body),
          signal,
          describe,
        });
        return this.parse(kind, raw, describe);
      } catch (error) {
        throw await this.explainFailedTest(error, kind, patch, describe, signal);
      }
    });
  }

  /**
   * A JSON patch whose `test` operation failed is answered 422 (Invalid), like any other failed
   * operation. When our resourceVersion test is the cause, the object moved on: that is a conflict.
   */
  private async explainFailedTest(
    error: unknown,
    kind: KindDescriptor<KubeObject>,
    patch: Patch,
    describe: KubeRequestDescription,
    signal: AbortSignal,
  ): Promise<unknown> {
    if (!(error instanceof ValidationError) || patch.type !== "json" || !patch.resourceVersion) return error;
    const current = (await request(this.kubeConfig, {
      method: "GET",
      path: objectPath(kind, describe.namespace, describe.name!),
      signal,
      describe: { ...describe, verb: "get" },
    })) as { metadata?: { resourceVersion?: string } };
    const now = current.metadata?.resourceVersion;
    if (now === patch.resourceVersion) return error;
    return new ConflictError(
      `${kind.kind} "${describe.name}"${describe.namespace ? ` in namespace "${describe.namespace}"` : ""} of Kubernetes cluster "${this.cluster}" changed since it was read (resourceVersion ${patch.resourceVersion}, now ${now}).`,
    );
  }

  private parse<T extends KubeObject>(
    kind: KindDescriptor<T>,
    raw: unknown,
    describe: KubeRequestDescription,
  ): T {
    try {
      return kind.parse(raw);
    } catch (error) {
      throw new UpstreamError(
        "kubernetes",
        "bad_response",
        `Kubernetes cluster "${this.cluster}" answered ${describe.verb} ${describe.resource} "${describe.name}" with a ${kind.kind} Opsdeck cannot read (${parseFailure(error)}).`,
      );
    }
  }

  private describe(
    verb: string,
    kind: KindDescriptor<KubeObject>,
    namespace: string | undefined,
    name: string,
    subresource: string | undefined,
    options: RequestOptions,
  ): KubeRequestDescription {
    return {
      cluster: this.cluster,
      verb,
      kind: kind.kind,
      resource: subresource ? `${kind.plural}/${subresource}` : kind.plural,
      namespace,
      name,
      impersonating: options.impersonate,
    };
  }
}

/** The patch body with its resourceVersion precondition, if any. */
export function withPrecondition(patch: Patch): unknown {
  if (!patch.resourceVersion) return patch.body;
  if (patch.type === "merge") {
    if (!patch.body || typeof patch.body !== "object" || Array.isArray(patch.body)) {
      throw new Error("a merge patch is an object");
    }
    const body = patch.body as { metadata?: Record<string, unknown> };
    return { ...body, metadata: { ...body.metadata, resourceVersion: patch.resourceVersion } };
  }
  if (!Array.isArray(patch.body)) throw new Error("a JSON patch is a list of operations");
  return [{ op: "test", path: "/metadata/resourceVersion", value: patch.resourceVersion }, ...patch.body];
}
