// One cluster as the app instance sees it: which kinds the API server serves (discovery), one informer per
// kind (per namespace when the namespaces are restricted), a cheap periodic probe that notices an API
// server gone quiet (a watch can hang without an error), the cluster's state, and its request client.
import type { KubeConfig } from "@kubernetes/client-node";
import { NotFoundError, UpstreamError } from "@/lib/errors";
import { logger } from "@/lib/observability/logger";
import type { KubeChanges } from "./changes";
import { KubeClient } from "./client";
import { groupVersionPath, informerKey, kindKey, type KindDescriptor, type KubeObject } from "./kinds";
import { KindInformer } from "./informer";
import { describeFailure, request } from "./requests";
import type { ClusterState, KindStatus } from "./state";
import { send } from "./transport";

export type ClusterOptions = {
  name: string;
  kubeConfig: KubeConfig;
  kinds: KindDescriptor<KubeObject>[];
  /** Null: all namespaces. */
  namespaces: string[] | null;
  timeoutMs: number;
  changes: KubeChanges;
  probeIntervalMs?: number;
};

const PROBE_TIMEOUT_MS = 3_000;
const DISCOVERY_TIMEOUT_MS = 5_000;
/** Discovery runs again every this many probes, so that CRDs installed later get their informer. */
const DISCOVERY_EVERY_PROBES = 6;

type Probe = { ok: true } | { ok: false; message: string; since: Date };

export class Cluster {
  readonly name: string;
  readonly client: KubeClient;
  private readonly informers = new Map<string, KindInformer<KubeObject>[]>();
  /** Keys of the custom kinds the API server serves; null until discovery first succeeds. */
  private served: Set<string> | null = null;
  private discoveryError: string | null = null;
  private probe: Probe = { ok: true };
  private probes = 0;
  private probing = false;
  private probeTimer: NodeJS.Timeout | null = null;
  private running = false;
  private everSynced = false;
  private troubleSince: Date | null = null;
  private current: ClusterState;
  private emitted = "";
  private readonly syncWaiters = new Set<() => void>();

  constructor(private readonly options: ClusterOptions) {
    this.name = options.name;
    this.client = new KubeClient(options.name, options.kubeConfig, { timeoutMs: options.timeoutMs });
    this.current = { cluster: this.name, kinds: [], state: "never_synced", message: "connecting" };
  }

  start() {
    if (this.running) return;
    this.running = true;
    for (const kind of this.options.kinds) if (!kind.custom) this.startKind(kind);
    void this.discover().then(() => this.refresh());
    const interval = this.options.probeIntervalMs ?? 10_000;
    this.probeTimer = setInterval(() => {
      // One probe at a time: a frozen API server makes each take its whole timeout.
      if (this.probing) return;
      this.probing = true;
      void this.probeOnce().finally(() => (this.probing = false));
    }, interval);
    this.probeTimer.unref();
  }

  stop() {
    this.running = false;
    if (this.probeTimer) clearInterval(this.probeTimer);
    this.probeTimer = null;
    for (const informers of this.informers.values()) for (const informer of informers) informer.stop();
    this.informers.clear();
  }

  /** The cluster's state now (object counts included). */
  state(): ClusterState {
    return { ...this.current, kinds: this.kindStatuses() };
  }

  /** Resolves once every served kind has been listed and is being watched (tests; start-up). */
  whenSynced(): Promise<void> {
    if (this.current.state === "synced") return Promise.resolve();
    return new Promise((resolve) => this.syncWaiters.add(resolve));
  }

  /** The API server's URL, from the kubeconfig. */
  get server(): string | null {
    return this.options.kubeConfig.getCurrentCluster()?.server ?? null;
  }

  /** The API server's version (`/version`'s gitVersion), asked now (Settings → Connections' Test). */
  async probeVersion(): Promise<string> {
    let body: unknown;
    try {
      body = await request(this.options.kubeConfig, {
        method: "GET",
        path: "/version",
        signal: AbortSignal.timeout(this.options.timeoutMs),
        describe: { cluster: this.name, verb: "get", kind: "version", resource: "/version" },
      });
    } catch (error) {
      const name = (error as Error).name;
      if (name === "TimeoutError" || name === "AbortError")
        throw new UpstreamError(
          "kubernetes",
          "timeout",
          `Kubernetes cluster "${this.name}" did not answer within ${this.options.timeoutMs / 1000}s.`,
        );
      throw error;
    }
    const version = (body as { gitVersion?: unknown } | null)?.gitVersion;
    if (typeof version !== "string")
      throw new UpstreamError(
        "kubernetes",
        "bad_response",
        `Kubernetes cluster "${this.name}" answered /version without a gitVersion.`,
      );
    return version;
  }

  /** Whether the API server serves the kind; null until discovery has answered. */
  serves(kind: KindDescriptor<KubeObject>): boolean | null {
    if (!kind.custom) return true;
    return this.served ? this.served.has(kindKey(kind)) : null;
  }

  /** Cached objects of the kind (all watched namespaces, or one); empty for a kind not served. */
  list<T extends KubeObject>(
    kind: KindDescriptor<T>,
    filter: { namespace?: string; ownerUid?: string } = {},
  ): T[] {
    const informers = this.informers.get(informerKey(kind)) ?? [];
    const objects = informers.flatMap((informer) =>
      informer.namespace === undefined ||
      filter.namespace === undefined ||
      informer.namespace === filter.namespace
        ? (informer.list(filter.namespace) as T[])
        : [],
    );
    if (!filter.ownerUid) return objects;
    return objects.filter((o) => o.metadata.ownerReferences?.some((owner) => owner.uid === filter.ownerUid));
  }

  /** One cached object. */
  get<T extends KubeObject>(
    kind: KindDescriptor<T>,
    namespace: string | undefined,
    name: string,
  ): T | undefined {
    for (const informer of this.informers.get(informerKey(kind)) ?? []) {
      if (informer.namespace !== undefined && informer.namespace !== namespace) continue;
      const object = informer.get(namespace, name) as T | undefined;
      if (object) return object;
    }
    return undefined;
  }

  /** The informer of a kind (and namespace); tests use it to prove an informer resumed rather than was replaced. */
  informer(kind: KindDescriptor<KubeObject>, namespace?: string): KindInformer<KubeObject> {
    const found = (this.informers.get(informerKey(kind)) ?? []).find((i) => i.namespace === namespace);
    if (!found) throw new NotFoundError(`No informer for ${kind.plural} in cluster "${this.name}".`);
    return found;
  }

  private startKind(kind: KindDescriptor<KubeObject>) {
    const key = informerKey(kind);
    if (this.informers.has(key)) return;
    const namespaces = kind.namespaced && this.options.namespaces ? this.options.namespaces : [undefined];
    const informers = namespaces.map(
      (namespace) =>
        new KindInformer({
          cluster: this.name,
          kubeConfig: this.options.kubeConfig,
          kind,
          namespace,
          onChange: (type, metadata) =>
            this.options.changes.objects.emit({
              type,
              cluster: this.name,
              kind: kind.kind,
              group: kind.group,
              plural: kind.plural,
              namespace: metadata.namespace,
              name: metadata.name,
              resourceVersion: metadata.resourceVersion,
            }),
          onStateChange: () => this.refresh(),
        }),
    );
    this.informers.set(key, informers);
    for (const informer of informers) informer.start();
  }

  private stopKind(kind: KindDescriptor<KubeObject>) {
    const key = informerKey(kind);
    for (const informer of this.informers.get(key) ?? []) informer.stop();
    this.informers.delete(key);
  }

  /** Finds which custom kinds the API server serves, and starts or stops their informers to match. */
  private async discover() {
    const custom = this.options.kinds.filter((kind) => kind.custom);
    const groupVersions = [...new Set(custom.map(groupVersionPath))];
    const served = new Set<string>();
    try {
      for (const path of groupVersions) {
        let resources: { name: string }[] = [];
        try {
          const list = (await request(this.options.kubeConfig, {
            method: "GET",
            path,
            signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS),
            describe: { cluster: this.name, verb: "discover", kind: "APIResourceList", resource: path },
          })) as { resources?: { name: string }[] };
          resources = list.resources ?? [];
        } catch (error) {
          if (!(error instanceof NotFoundError)) throw error; // 404: the group is not installed
        }
        for (const kind of custom) {
          if (groupVersionPath(kind) === path && resources.some((r) => r.name === kind.plural)) {
            served.add(kindKey(kind));
          }
        }
      }
    } catch (error) {
      this.discoveryError = describeFailure(
        error,
        { cluster: this.name, verb: "discover", kind: "APIResourceList", resource: "custom resources" },
        this.options.kubeConfig,
      );
      return;
    }
    this.discoveryError = null;
    if (!this.running) return;
    for (const kind of custom) {
      if (served.has(kindKey(kind))) this.startKind(kind);
      else if (this.informers.has(informerKey(kind))) {
        logger.info(
          { cluster: this.name, kind: kind.kind },
          "kubernetes: no longer served; stopped watching",
        );
        this.stopKind(kind);
      }
    }
    this.served = served;
  }

  /**
   * GET /readyz with a short timeout; only 200 counts. (A starting API server answers 403 until its RBAC
   * caches are filled, and 500 until it is ready; the ClusterRole grants the app this path.)
   */
  private async probeOnce() {
    if (!this.running) return;
    let failure: string | null = null;
    try {
      const response = await send(this.options.kubeConfig, {
        method: "GET",
        path: "/readyz",
        signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
      });
      if (response.status !== 200) {
        failure = `Kubernetes cluster "${this.name}" is not ready (/readyz answered ${response.status}).`;
      }
    } catch (error) {
      failure =
        (error as Error).name === "TimeoutError" || (error as Error).name === "AbortError"
          ? `Kubernetes cluster "${this.name}" did not answer within ${PROBE_TIMEOUT_MS / 1000}s.`
          : describeFailure(
              error,
              { cluster: this.name, verb: "probe", kind: "readyz", resource: "/readyz" },
              this.options.kubeConfig,
            );
    }
    if (!this.running) return;
    const wasDown = !this.probe.ok;
    if (failure) {
      this.probe = { ok: false, message: failure, since: this.probe.ok ? new Date() : this.probe.since };
    } else {
      this.probe = { ok: true };
      // Watches opened before the outage may be dead without knowing it: resume them all from their
      // resourceVersion now, rather than at their next backoff step.
      if (wasDown) for (const informers of this.informers.values()) for (const i of informers) i.reconnect();
      if (this.served === null || ++this.probes % DISCOVERY_EVERY_PROBES === 0) await this.discover();
    }
    this.refresh();
  }

  private allInformers(): KindInformer<KubeObject>[] {
    return [...this.informers.values()].flat();
  }

  /** Recomputes the state from the probe, discovery and informers; notifies when it changed. */
  private refresh() {
    const informers = this.allInformers().map((informer) => informer.status());
    const complete = this.served !== null && informers.every((s) => s.listed);
    const live = this.probe.ok && informers.every((s) => s.watching);
    const now = new Date();
    let next: ClusterState;
    if (complete && live) {
      this.everSynced = true;
      this.troubleSince = null;
      next = { cluster: this.name, kinds: [], state: "synced" };
    } else {
      const message =
        (!this.probe.ok ? this.probe.message : null) ??
        informers.find((s) => s.lastError)?.lastError?.message ??
        this.discoveryError ??
        `connecting to ${this.options.kubeConfig.getCurrentCluster()?.server ?? "the API server"}`;
      if (!this.everSynced) {
        next = { cluster: this.name, kinds: [], state: "never_synced", message };
      } else {
        const failures = [
          ...(this.probe.ok ? [] : [this.probe.since]),
          ...informers.flatMap((s) => (s.failingSince ? [s.failingSince] : [])),
        ];
        this.troubleSince ??= failures.length ? new Date(Math.min(...failures.map(Number))) : now;
        next = {
          cluster: this.name,
          kinds: [],
          state: "stale",
          since: this.troubleSince.toISOString(),
          message,
        };
      }
    }
    this.current = next;
    const { kinds: _kinds, ...summary } = next;
    const key = JSON.stringify(summary);
    if (key !== this.emitted) {
      this.emitted = key;
      if (next.state === "stale")
        logger.warn({ ...summary }, "kubernetes: cluster stale; serving its last data");
      else logger.info({ ...summary }, `kubernetes: cluster ${next.state.replace("_", " ")}`);
      this.options.changes.clusters.emit({ cluster: this.name, state: this.state() });
    }
    if (next.state === "synced") {
      for (const resolve of this.syncWaiters) resolve();
      this.syncWaiters.clear();
    }
  }

  private kindStatuses(): KindStatus[] {
    return this.options.kinds.map((kind) => {
      const informers = (this.informers.get(informerKey(kind)) ?? []).map((i) => i.status());
      return {
        kind: kind.kind,
        group: kind.group,
        plural: kind.plural,
        served: this.serves(kind) === true,
        objects: informers.reduce((sum, s) => sum + s.objects, 0),
        unparsable: informers.reduce((sum, s) => sum + s.unparsable, 0),
        listed: informers.length > 0 && informers.every((s) => s.listed),
        watching: informers.length > 0 && informers.every((s) => s.watching),
        lastError: informers.find((s) => s.lastError)?.lastError?.message ?? null,
      };
    });
  }
}
