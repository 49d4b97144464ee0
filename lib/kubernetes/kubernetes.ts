// Kubernetes for one app instance: every configured cluster with its informers, caches and request
// client, and the change notifications they produce. Pages and live streams read the caches; only
// actions (a fresh read before a patch, the patch) go to the API server.
import client from "prom-client";
import { env } from "@/lib/config/env";
import { NotFoundError } from "@/lib/errors";
import { metrics } from "@/lib/observability/metrics";
import { KubeChanges } from "./changes";
import { impersonationOf, type Impersonation } from "./client";
import { Cluster } from "./cluster";
import { loadKubeAccess, type KubeAccess } from "./clusters";
import { WATCHED_KINDS, type KindDescriptor, type KubeObject } from "./kinds";
import type { ClusterState } from "./state";

export type KubernetesOptions = {
  kinds?: KindDescriptor<KubeObject>[];
  probeIntervalMs?: number;
};

export class Kubernetes {
  readonly changes = new KubeChanges();
  private readonly clusters = new Map<string, Cluster>();

  constructor(
    private readonly access: KubeAccess,
    options: KubernetesOptions = {},
  ) {
    for (const { name, kubeConfig } of access.clusters) {
      this.clusters.set(
        name,
        new Cluster({
          name,
          kubeConfig,
          kinds: options.kinds ?? WATCHED_KINDS,
          namespaces: access.namespaces,
          timeoutMs: access.timeoutMs,
          changes: this.changes,
          probeIntervalMs: options.probeIntervalMs,
        }),
      );
    }
  }

  start() {
    for (const cluster of this.clusters.values()) cluster.start();
  }

  stop() {
    for (const cluster of this.clusters.values()) cluster.stop();
  }

  /** Cluster names, in configuration order. */
  names(): string[] {
    return [...this.clusters.keys()];
  }

  cluster(name: string): Cluster {
    const cluster = this.clusters.get(name);
    if (!cluster) throw new NotFoundError(`No Kubernetes cluster named "${name}" is configured.`);
    return cluster;
  }

  states(): ClusterState[] {
    return [...this.clusters.values()].map((c) => c.state());
  }

  /** Resolves when every cluster is in sync once. */
  async whenSynced(): Promise<void> {
    await Promise.all([...this.clusters.values()].map((c) => c.whenSynced()));
  }

  /** Who patches are sent as: the person (KUBE_IMPERSONATE=true), or undefined for the app's own account. */
  impersonationFor(person: { email: string; role: string }): Impersonation | undefined {
    return this.access.impersonate ? impersonationOf(person) : undefined;
  }
}

const holder = globalThis as unknown as { __opsdeckKubernetes?: Kubernetes | null };

/**
 * This instance's Kubernetes access, started on first use; null when Kubernetes is not configured.
 * One per process (kept across dev-server reloads), so each kind has one informer per cluster.
 */
export function kubernetes(): Kubernetes | null {
  if (holder.__opsdeckKubernetes !== undefined) return holder.__opsdeckKubernetes;
  const access = loadKubeAccess(env());
  const instance = access ? new Kubernetes(access) : null;
  holder.__opsdeckKubernetes = instance;
  if (instance) {
    instance.start();
    registerGauges(instance);
  }
  return instance;
}

/** Cached objects per cluster and kind, and whether each cluster is in sync, read at scrape time. */
function registerGauges(instance: Kubernetes) {
  const { registry } = metrics();
  if (registry.getSingleMetric("opsdeck_kubernetes_cached_objects")) return;
  new client.Gauge({
    name: "opsdeck_kubernetes_cached_objects",
    help: "Objects in the informer caches, by cluster, kind and state (cached, or unparsable and left out).",
    labelNames: ["cluster", "kind", "state"],
    registers: [registry],
    collect() {
      for (const cluster of instance.states()) {
        // Two informers may watch one kind (the Rollouts' and the Canaries' events): their counts add up.
        const totals = new Map<string, { objects: number; unparsable: number }>();
        for (const kind of cluster.kinds) {
          const total = totals.get(kind.kind) ?? { objects: 0, unparsable: 0 };
          totals.set(kind.kind, {
            objects: total.objects + kind.objects,
            unparsable: total.unparsable + kind.unparsable,
          });
        }
        for (const [kind, { objects, unparsable }] of totals) {
          this.set({ cluster: cluster.cluster, kind, state: "cached" }, objects);
          this.set({ cluster: cluster.cluster, kind, state: "unparsable" }, unparsable);
        }
      }
    },
  });
  new client.Gauge({
    name: "opsdeck_kubernetes_cluster_synced",
    help: "1 while a cluster's informers are listed, watching and its API server answers; 0 when stale.",
    labelNames: ["cluster"],
    registers: [registry],
    collect() {
      for (const cluster of instance.states())
        this.set({ cluster: cluster.cluster }, cluster.state === "synced" ? 1 : 0);
    },
  });
}
