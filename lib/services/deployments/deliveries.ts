// The index of every progressive delivery this app instance sees: one summary per rollout, recomputed
// when the rollout or something it owns changes (never per request), indexed by cluster, namespace and
// service, with a short in-memory series of its canary weights. It follows the informers' change
// notifications (lib/kubernetes/changes.ts) and tells its own listeners (the live streams) what changed.
// One per process (ADR 0014).
import { describeRollout } from "@/lib/argo-rollouts/describe";
import { env } from "@/lib/config/env";
import type { Cluster } from "@/lib/kubernetes/cluster";
import type { ObjectChange } from "@/lib/kubernetes/changes";
import {
  EXPERIMENTS,
  ROLLOUT_EVENTS,
  ROLLOUT_REPLICA_SETS,
  ROLLOUTS,
  ANALYSIS_RUNS,
} from "@/lib/kubernetes/kinds";
import { kubernetes, type Kubernetes } from "@/lib/kubernetes/kubernetes";
import type { ClusterState } from "@/lib/kubernetes/state";
import { logger } from "@/lib/observability/logger";
import { cachedRelated, cachedRollouts, parseRollout } from "./argo-objects";
import type { DeliveryRef, DeliverySummary, RolloutDetail } from "./model";
import { sortSummaries } from "./query";
import { deliveryKey, type DeploymentSort } from "./schemas";
import { rolloutSummary } from "./summary";

export type WeightPoint = RolloutDetail["weightHistory"][number];

/** What a listener hears: a delivery's summary or details changed, or a cluster's state did. */
export type DeliveryChange =
  | {
      kind: "delivery";
      key: string;
      ref: DeliveryRef;
      /** The summaries before and after (null: it did not exist / no longer exists). */
      before: DeliverySummary | null;
      after: DeliverySummary | null;
      /** False when only details changed (an analysis measurement, an event, replica counts the list omits). */
      summaryChanged: boolean;
    }
  | { kind: "cluster"; cluster: string };

type Entry = { summary: DeliverySummary; json: string; uid: string; weights: WeightPoint[] };

const WEIGHT_POINTS = 500;
/** Rollouts recomputed per turn of the event loop, and by a read before it answers. */
const FLUSH_BATCH = 100;
const READ_BATCH = 100;
/** Derived values kept (sorted lists, answers to the filters people use). */
const DERIVED_ENTRIES = 64;
const WEIGHT_WINDOW_MS = 24 * 3_600_000;

const rolloutKey = (cluster: string, namespace: string, name: string) =>
  deliveryKey({ source: "argo-rollouts", cluster, namespace, name });

function addTo(index: Map<string, Set<string>>, value: string, key: string) {
  let keys = index.get(value);
  if (!keys) index.set(value, (keys = new Set()));
  keys.add(key);
}

function removeFrom(index: Map<string, Set<string>>, value: string, key: string) {
  const keys = index.get(value);
  keys?.delete(key);
  if (keys?.size === 0) index.delete(value);
}

export class DeliveryIndex {
  private readonly entries = new Map<string, Entry>();
  /** `${cluster}/${uid}` → key: which rollout owns an object. */
  private readonly byUid = new Map<string, string>();
  private readonly byCluster = new Map<string, Set<string>>();
  private readonly byNamespace = new Map<string, Set<string>>();
  private readonly byService = new Map<string, Set<string>>();
  /** Rollouts to recompute: key → where it lives. */
  private readonly dirty = new Map<string, { cluster: string; namespace: string; name: string }>();
  private flushScheduled = false;
  private readonly listeners = new Set<(change: DeliveryChange) => void>();
  private readonly clusters = new Map<string, ClusterState>();
  private unsubscribe: (() => void)[] = [];
  /** Bumped at every summary change: what is derived from one version can be reused until the next. */
  private version = 0;
  private readonly derivedCache = new Map<string, { version: number; value: unknown }>();

  constructor(
    readonly kube: Kubernetes,
    private readonly options: { serviceLabel: string; now?: () => Date },
  ) {}

  start(): this {
    if (this.unsubscribe.length) return this;
    this.unsubscribe = [
      this.kube.changes.objects.subscribe((change) => this.onObject(change)),
      this.kube.changes.clusters.subscribe(({ cluster, state }) => {
        this.clusters.set(cluster, state);
        this.emit({ kind: "cluster", cluster });
      }),
    ];
    for (const state of this.kube.states()) this.clusters.set(state.cluster, state);
    // The caches may already hold objects (the informers start with the first use of Kubernetes).
    for (const name of this.kube.names()) {
      for (const object of cachedRollouts(this.kube.cluster(name))) {
        this.markDirty(name, object.metadata.namespace ?? "", object.metadata.name);
      }
    }
    return this;
  }

  stop() {
    for (const unsubscribe of this.unsubscribe) unsubscribe();
    this.unsubscribe = [];
  }

  /**
   * Each cluster's state as last announced (synced, stale since, never synced), without asking the
   * clusters: their full state counts every cached object, too much work for every request.
   */
  clusterStates(): ClusterState[] {
    return this.kube.names().flatMap((name) => this.clusters.get(name) ?? []);
  }

  /** Calls back at each change; returns the unsubscribe. */
  subscribe(listener: (change: DeliveryChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The summaries that may pass the filters, from the narrowest index that applies (every filter is then
   * checked on each): a service's or a namespace's rollouts without scanning the rest.
   */
  candidates(filters: { cluster?: string[]; namespace?: string[]; service?: string[] }): DeliverySummary[] {
    this.flush(READ_BATCH);
    const sets: Set<string>[][] = [];
    if (filters.service?.length) sets.push(filters.service.map((s) => this.byService.get(s) ?? new Set()));
    if (filters.namespace?.length)
      sets.push(filters.namespace.map((n) => this.byNamespace.get(n) ?? new Set()));
    if (filters.cluster?.length) sets.push(filters.cluster.map((c) => this.byCluster.get(c) ?? new Set()));
    if (!sets.length) return [...this.entries.values()].map((entry) => entry.summary);
    const size = (group: Set<string>[]) => group.reduce((sum, set) => sum + set.size, 0);
    const narrowest = sets.reduce((best, group) => (size(group) < size(best) ? group : best));
    const keys = new Set(narrowest.flatMap((set) => [...set]));
    return [...keys].flatMap((key) => this.entries.get(key)?.summary ?? []);
  }

  /**
   * A value derived from the summaries (a sorted list, a filtered answer), computed once per version of the
   * index and shared by every reader until a summary changes; readers must not modify it.
   */
  derived<T>(key: string, compute: () => T): T {
    this.flush(READ_BATCH);
    const cached = this.derivedCache.get(key);
    if (cached?.version === this.version) return cached.value as T;
    const version = this.version; // as of before computing: a change meanwhile makes it recompute next time
    const value = compute();
    this.derivedCache.delete(key); // re-inserted: Map order is the eviction order
    this.derivedCache.set(key, { version, value });
    if (this.derivedCache.size > DERIVED_ENTRIES)
      this.derivedCache.delete(this.derivedCache.keys().next().value!);
    return value;
  }

  /** Every summary in this order. */
  sorted(sort: DeploymentSort, order: "asc" | "desc"): readonly DeliverySummary[] {
    return this.derived(`sorted:${sort}:${order}`, () =>
      sortSummaries(
        [...this.entries.values()].map((entry) => entry.summary),
        sort,
        order,
      ),
    );
  }

  get(key: string): DeliverySummary | null {
    this.flush(READ_BATCH);
    return this.entries.get(key)?.summary ?? null;
  }

  weights(key: string): WeightPoint[] {
    this.flush(READ_BATCH);
    return [...(this.entries.get(key)?.weights ?? [])];
  }

  get size(): number {
    this.flush(READ_BATCH);
    return this.entries.size;
  }

  /**
   * Recomputes what changed since the last flush, at most `limit` rollouts (the oldest changes first). A
   * timer runs it in batches right after changes arrive, yielding between batches, so a first list of
   * thousands does not hold up requests; a read runs one batch, so it sees a change just notified.
   */
  flush(limit = Number.POSITIVE_INFINITY) {
    for (const [key, { cluster, namespace, name }] of this.dirty) {
      if (limit-- <= 0) break;
      this.dirty.delete(key);
      try {
        this.recompute(cluster, namespace, name);
      } catch (error) {
        logger.error({ err: error, cluster, namespace, name }, "deployments: could not summarise a rollout");
      }
    }
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private emit(change: DeliveryChange) {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        logger.error({ err: error }, "deployments: a change listener failed");
      }
    }
  }

  private markDirty(cluster: string, namespace: string, name: string) {
    this.dirty.set(rolloutKey(cluster, namespace, name), { cluster, namespace, name });
    this.scheduleFlush();
  }

  /** Changes come in bursts (the controller writes a rollout, its ReplicaSets and runs together; a list
   * adds thousands): each rollout is recomputed once per burst. */
  private scheduleFlush() {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush(FLUSH_BATCH);
      if (this.dirty.size) this.scheduleFlush();
    });
  }

  private markNamespaceDirty(cluster: string, namespace: string) {
    for (const object of cachedRollouts(this.kube.cluster(cluster), namespace)) {
      this.markDirty(cluster, namespace, object.metadata.name);
    }
  }

  private onObject(change: ObjectChange) {
    const namespace = change.namespace ?? "";
    if (change.group === ROLLOUTS.group && change.plural === ROLLOUTS.plural) {
      this.markDirty(change.cluster, namespace, change.name);
      return;
    }
    const cluster = this.kube.cluster(change.cluster);
    if (change.plural === ROLLOUT_EVENTS.plural && change.group === ROLLOUT_EVENTS.group) {
      const event = cluster.get(ROLLOUT_EVENTS, namespace, change.name);
      if (!event || event.involvedObject.kind !== "Rollout") return;
      const key = rolloutKey(change.cluster, namespace, event.involvedObject.name);
      const entry = this.entries.get(key);
      if (entry) this.emitDetail(key, entry.summary);
      return;
    }
    const kind = [ROLLOUT_REPLICA_SETS, ANALYSIS_RUNS, EXPERIMENTS].find(
      (k) => k.plural === change.plural && k.group === change.group,
    );
    if (!kind) return;
    const object = cluster.get(kind, namespace, change.name);
    const owner = object && this.ownerOf(cluster, namespace, object.metadata.ownerReferences ?? []);
    if (owner) this.markDirty(change.cluster, namespace, owner);
    // Gone (deleted), or its owner not seen yet: every rollout of the namespace may be concerned.
    else this.markNamespaceDirty(change.cluster, namespace);
  }

  /** The name of the rollout owning an object directly or through an Experiment. */
  private ownerOf(
    cluster: Cluster,
    namespace: string,
    owners: { uid: string; kind: string }[],
  ): string | null {
    for (const owner of owners) {
      const key = this.byUid.get(`${cluster.name}/${owner.uid}`);
      if (key) return this.entries.get(key)?.summary.name ?? null;
      if (owner.kind === "Experiment") {
        const experiment = cluster.list(EXPERIMENTS, { namespace }).find((e) => e.metadata.uid === owner.uid);
        if (experiment) return this.ownerOf(cluster, namespace, experiment.metadata.ownerReferences ?? []);
      }
    }
    return null;
  }

  private emitDetail(key: string, summary: DeliverySummary) {
    const { source, cluster, namespace, name } = summary;
    this.emit({
      kind: "delivery",
      key,
      ref: { source, cluster, namespace, name },
      before: summary,
      after: summary,
      summaryChanged: false,
    });
  }

  private recompute(clusterName: string, namespace: string, name: string) {
    const key = rolloutKey(clusterName, namespace, name);
    const cluster = this.kube.cluster(clusterName);
    const object = cluster.get(ROLLOUTS, namespace, name);
    const rollout = object ? parseRollout(object) : null;
    const previous = this.entries.get(key) ?? null;
    if (!rollout) {
      if (previous) this.remove(key, previous);
      return;
    }
    const now = this.now();
    const view = describeRollout(rollout, cachedRelated(cluster, rollout), now);
    const summary = rolloutSummary(clusterName, rollout, view, this.options.serviceLabel);
    const json = JSON.stringify(summary);
    const uid = rollout.metadata.uid ?? "";
    const weights = previous?.weights ?? [];
    const lastWeight = weights.at(-1);
    if (
      summary.weight &&
      (lastWeight?.set !== summary.weight.set || lastWeight.actual !== summary.weight.actual)
    ) {
      weights.push({ at: now.toISOString(), ...summary.weight });
      const oldest = now.getTime() - WEIGHT_WINDOW_MS;
      while (weights.length > WEIGHT_POINTS || (weights[0] && Date.parse(weights[0].at) < oldest))
        weights.shift();
    }
    if (previous) this.unindex(key, previous);
    const entry: Entry = { summary, json, uid, weights };
    this.entries.set(key, entry);
    this.index(key, entry);
    const changed = previous?.json !== json;
    if (changed) this.version++;
    this.emit({
      kind: "delivery",
      key,
      ref: { source: summary.source, cluster: clusterName, namespace, name },
      before: previous?.summary ?? null,
      after: summary,
      summaryChanged: changed,
    });
  }

  private remove(key: string, entry: Entry) {
    this.unindex(key, entry);
    this.entries.delete(key);
    this.version++;
    const { source, cluster, namespace, name } = entry.summary;
    this.emit({
      kind: "delivery",
      key,
      ref: { source, cluster, namespace, name },
      before: entry.summary,
      after: null,
      summaryChanged: true,
    });
  }

  private index(key: string, entry: Entry) {
    const { cluster, namespace, service } = entry.summary;
    this.byUid.set(`${cluster}/${entry.uid}`, key);
    addTo(this.byCluster, cluster, key);
    addTo(this.byNamespace, namespace, key);
    addTo(this.byService, service, key);
  }

  private unindex(key: string, entry: Entry) {
    const { cluster, namespace, service } = entry.summary;
    this.byUid.delete(`${cluster}/${entry.uid}`);
    removeFrom(this.byCluster, cluster, key);
    removeFrom(this.byNamespace, namespace, key);
    removeFrom(this.byService, service, key);
  }
}

const holder = globalThis as unknown as { __opsdeckDeliveries?: DeliveryIndex | null };

/**
 * This instance's index of deliveries, started (with Kubernetes' informers) on first use; null when
 * Kubernetes is not configured. One per process, kept across dev-server reloads.
 */
export function deliveries(): DeliveryIndex | null {
  if (holder.__opsdeckDeliveries !== undefined) return holder.__opsdeckDeliveries;
  const kube = kubernetes();
  holder.__opsdeckDeliveries = kube
    ? new DeliveryIndex(kube, { serviceLabel: env().DEPLOYMENTS_SERVICE_LABEL }).start()
    : null;
  return holder.__opsdeckDeliveries;
}
