// Change notifications inside one app instance: "object X of kind K in cluster C changed" and "cluster C's
// state changed", from the informers to whoever listens (the live streams of pages). Each instance runs
// its own informers, so each learns of every change by itself: nothing crosses instances (ADR 0013).
import { logger } from "@/lib/observability/logger";
import type { ChangeType } from "./informer";
import type { ClusterState } from "./state";

export type ObjectChange = {
  type: ChangeType;
  cluster: string;
  /** The descriptor's kind ("Rollout"), group and plural. */
  kind: string;
  group: string;
  plural: string;
  namespace?: string;
  name: string;
  resourceVersion: string;
};

export type ClusterChange = { cluster: string; state: ClusterState };

type Listener<T> = (change: T) => void;

class Channel<T> {
  private readonly listeners = new Set<Listener<T>>();

  /** Returns the function that unsubscribes. */
  subscribe(listener: Listener<T>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(change: T) {
    for (const listener of this.listeners) {
      // A failing listener must not break the informer that delivers the change, nor the other listeners.
      try {
        listener(change);
      } catch (error) {
        logger.error({ err: error }, "kubernetes: a change listener failed");
      }
    }
  }

  get size() {
    return this.listeners.size;
  }
}

export class KubeChanges {
  readonly objects = new Channel<ObjectChange>();
  readonly clusters = new Channel<ClusterChange>();
}
