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

  /** An upstream with a call in flight that is known to hang (see `upstreamHung`), or null. */
  get waitingOnHung(): UpstreamIdentity | null {
    for (const { upstream } of this.calls.values()) if (hung.has(upstream.label)) return upstream;
    return null;
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

// Upstreams that have hung, by label: one kept a load waiting past the time budget, or a call to it timed
// out, and none has answered since. While one is here, readers that have a last good value to show get
// it at once instead of each new load making them wait the budget again (cache.ts). One set per process,
// shared by the bundles that load this module.
const HUNG = Symbol.for("opsdeck.hung-upstreams");
const hung = ((globalThis as { [HUNG]?: Set<string> })[HUNG] ??= new Set<string>());

/** Records that `upstream` has not answered in time. */
export function upstreamHung(upstream: UpstreamIdentity): void {
  hung.add(upstream.label);
}

/** Records that `upstream` answered: it is waited for again. */
export function upstreamAnswered(upstream: UpstreamIdentity): void {
  hung.delete(upstream.label);
}

/** Resolves with the first upstream known to hang that this work waits on, now or at a later call. */
export async function hungCallOf(waits: Waits): Promise<UpstreamIdentity> {
  for (;;) {
    const upstream = waits.waitingOnHung;
    if (upstream) return upstream;
    await waits.nextCall();
  }
}

/** Runs `work`, recording the upstream calls it makes (a nested tracking reports to its parent too). */
export function tracking<T>(work: () => Promise<T>): { promise: Promise<T>; waits: Waits } {
  const waits = new Waits(current.getStore());
  return { promise: current.run(waits, async () => work()), waits };
}

/** Called by every upstream call as it starts; the returned function is called when it ends. */
export function callStarted(upstream: UpstreamIdentity): () => void {
  return current.getStore()?.started(upstream) ?? (() => undefined);
}
