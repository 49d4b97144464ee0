// One informer: client-node's ListWatch (list, then watch from the list's resourceVersion; relist on 410
// Gone) over one kind in one cluster (and one namespace when the namespaces are restricted). ListWatch
// stops for good on any other error; this restarts it with backoff and jitter for as long as the app runs,
// resuming from the last resourceVersion, so the cache survives an API server outage with its last data.
// Objects are parsed on the way in; the cache holds only parsed objects.
import { ListWatch, type KubeConfig, type KubernetesObject } from "@kubernetes/client-node";
import { logger } from "@/lib/observability/logger";
import { backoffDelay } from "./backoff";
import { describeFailure, listObjects } from "./requests";
import { collectionPath, parseFailure, type KindDescriptor, type KubeObject, type ObjectMeta } from "./kinds";
import { ApiWatch, type WatchEvent } from "./transport";

export type ChangeType = "added" | "updated" | "deleted";

export type InformerOptions<T extends KubeObject> = {
  cluster: string;
  kubeConfig: KubeConfig;
  kind: KindDescriptor<T>;
  /** Undefined: every namespace (one cluster-wide watch). */
  namespace?: string;
  onChange: (type: ChangeType, metadata: ObjectMeta) => void;
  /** Something the cluster's state depends on moved: listed, connected, failed. */
  onStateChange: () => void;
};

export type InformerState = {
  /** The first list has completed: the cache holds a complete picture (possibly old). */
  listed: boolean;
  /** The watch is open: the cache follows the cluster. */
  watching: boolean;
  lastError: { message: string; at: Date } | null;
  /** Start of the current run of failures. */
  failingSince: Date | null;
};

const objectKey = (metadata: { namespace?: string; name?: string }) =>
  `${metadata.namespace ?? ""}/${metadata.name ?? ""}`;

export class KindInformer<T extends KubeObject> {
  // ListWatch's type wants client-node's own metadata type (dates as Date); ours keeps the API's strings.
  private readonly listWatch: ListWatch<KubernetesObject>;
  private readonly watcher: ApiWatch;
  private readonly state: InformerState = {
    listed: false,
    watching: false,
    lastError: null,
    failingSince: null,
  };
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private running = false;
  /** Objects left out because they did not parse, with the resourceVersion whose failure was logged. */
  private unparsable = new Map<string, string>();
  /** Restarts after errors, for tests and metrics. */
  restarts = 0;

  constructor(private readonly options: InformerOptions<T>) {
    const { kind, namespace } = options;
    this.watcher = new ApiWatch(options.kubeConfig, {
      receive: (event) => this.receive(event),
      connected: () => this.connected(),
    });
    this.listWatch = new ListWatch<KubernetesObject>(
      collectionPath(kind, namespace),
      this.watcher,
      () => this.listFromServer(),
      false,
      kind.labelSelector,
      kind.fieldSelector,
    );
    const changed = (type: ChangeType) => (object: KubernetesObject) =>
      options.onChange(type, object.metadata as ObjectMeta);
    this.listWatch.on("add", changed("added"));
    this.listWatch.on("update", changed("updated"));
    this.listWatch.on("delete", changed("deleted"));
    this.listWatch.on("error", (error: unknown) => this.failed(error));
  }

  get kind() {
    return this.options.kind;
  }

  get namespace() {
    return this.options.namespace;
  }

  status(): Readonly<InformerState> & { objects: number; unparsable: number } {
    return { ...this.state, objects: this.listWatch.list().length, unparsable: this.unparsable.size };
  }

  start() {
    if (this.running) return;
    this.running = true;
    void this.listWatch.start();
  }

  stop() {
    this.running = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    void this.listWatch.stop();
  }

  /** After the API server was unreachable: reconnect now rather than at the next backoff step. */
  reconnect() {
    if (!this.running) return;
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
      void this.listWatch.start();
    } else {
      this.watcher.reconnect();
    }
  }

  list(namespace?: string): T[] {
    return this.listWatch.list(namespace) as unknown as T[];
  }

  get(namespace: string | undefined, name: string): T | undefined {
    return this.listWatch.get(name, namespace) as unknown as T | undefined;
  }

  /** The ListWatch's list function: every page, parsed. */
  private async listFromServer() {
    const { kind, namespace, cluster, kubeConfig } = this.options;
    const { items, resourceVersion } = await listObjects(kubeConfig, cluster, kind, namespace);
    const unparsable = new Map<string, string>();
    const parsed: KubernetesObject[] = [];
    for (const raw of items) {
      const object = this.parse(raw, unparsable);
      if (object) parsed.push(object);
    }
    this.unparsable = unparsable;
    this.state.listed = true;
    this.options.onStateChange();
    return { metadata: { resourceVersion }, items: parsed };
  }

  /** Parses one object; on failure records it (logging once per version) and returns null. */
  private parse(raw: unknown, unparsable = this.unparsable): KubernetesObject | null {
    const metadata = (raw as { metadata?: { name?: string; namespace?: string; resourceVersion?: string } })
      ?.metadata;
    const key = objectKey(metadata ?? {});
    try {
      const object = this.options.kind.parse(raw) as unknown as KubernetesObject;
      unparsable.delete(key);
      return object;
    } catch (error) {
      const version = metadata?.resourceVersion ?? "";
      if (this.unparsable.get(key) !== version) {
        logger.warn(
          {
            cluster: this.options.cluster,
            kind: this.options.kind.kind,
            namespace: metadata?.namespace,
            name: metadata?.name,
            resourceVersion: version,
            reason: parseFailure(error),
          },
          "kubernetes: left an object out of the cache because it does not parse",
        );
      }
      unparsable.set(key, version);
      return null;
    }
  }

  private receive(event: WatchEvent): WatchEvent | null {
    const metadata = (event.object as { metadata?: ObjectMeta } | null)?.metadata;
    switch (event.type) {
      case "ADDED":
      case "MODIFIED": {
        if (!metadata?.name) return null;
        const object = this.parse(event.object);
        // A version that no longer parses leaves the cache, rather than its older version staying.
        return object ? { type: event.type, object } : { type: "DELETED", object: { metadata } };
      }
      case "DELETED":
        if (metadata) this.unparsable.delete(objectKey(metadata));
        return event;
      default: // BOOKMARK (a newer resourceVersion) and ERROR (410 Gone: ListWatch relists)
        return event;
    }
  }

  private connected() {
    this.state.watching = true;
    this.state.lastError = null;
    this.state.failingSince = null;
    this.attempt = 0;
    this.options.onStateChange();
  }

  private failed(error: unknown) {
    if (!this.running) return;
    const { cluster, kind, namespace, kubeConfig } = this.options;
    const message = describeFailure(
      error,
      { cluster, verb: "watch", kind: kind.kind, resource: kind.plural, namespace },
      kubeConfig,
    );
    const now = new Date();
    this.state.watching = false;
    this.state.lastError = { message, at: now };
    this.state.failingSince ??= now;
    const delay = backoffDelay(this.attempt++);
    this.restarts++;
    if (this.attempt === 1 || this.attempt % 10 === 0) {
      logger.warn(
        { cluster, kind: kind.kind, namespace, attempt: this.attempt, retryInMs: delay, err: message },
        "kubernetes: informer failed; retrying",
      );
    }
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.running) void this.listWatch.start();
    }, delay);
    this.retryTimer.unref();
    this.options.onStateChange();
  }
}
