// Which upstreams a piece of work is waiting on right now. The shared result cache runs each load inside
// `tracking`, and every upstream call (resilience.ts) registers itself, so that when a load outlives the
// time budget the cache can tell a hung upstream ("Prometheus has not answered within 2 s") from work that
// is merely long (building a large trace once Jaeger has answered), which it lets finish.
import { AsyncLocalStorage } from "node:async_hooks";
import type { UpstreamName } from "@/lib/errors";

/** Which upstream: its name in errors, metrics and sources, and the name people know it by. */
export type UpstreamIdentity = { name: UpstreamName; label: string };

export class Waits {
  private readonly calls = new Map<string, { upstream: UpstreamIdentity; count: number }>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly parent: Waits | undefined) {}

  /** Registers a call to `upstream`; the returned function says it is over. */
  started(upstream: UpstreamIdentity): () => void {
    const call = this.calls.get(upstream.label) ?? { upstream, count: 0 };
    call.count++;
    this.calls.set(upstream.label, call);
    for (const listener of [...this.listeners]) listener();
    const inParent = this.parent?.started(upstream);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      inParent?.();
      if (--call.count === 0) this.calls.delete(upstream.label);
    };
  }

  /** An upstream with a call in flight (the first one asked, of several), or null. */
  get waitingOn(): UpstreamIdentity | null {
    return this.calls.values().next().value?.upstream ?? null;
  }

  /** Resolves when the next upstream call starts. */
  nextCall(): Promise<void> {
    return new Promise((resolve) => {
      const listener = () => {
        this.listeners.delete(listener);
        resolve();
      };
      this.listeners.add(listener);
    });
  }
}

const current = new AsyncLocalStorage<Waits>();

/** Runs `work`, recording the upstream calls it makes (a nested tracking reports to its parent too). */
export function tracking<T>(work: () => Promise<T>): { promise: Promise<T>; waits: Waits } {
  const waits = new Waits(current.getStore());
  return { promise: current.run(waits, async () => work()), waits };
}

/** Called by every upstream call as it starts; the returned function is called when it ends. */
export function callStarted(upstream: UpstreamIdentity): () => void {
  return current.getStore()?.started(upstream) ?? (() => undefined);
}
