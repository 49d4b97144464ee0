// Shares upstream work between viewers and bounds how long any of them waits for it:
// - concurrent identical requests are coalesced into one load, and a result is reused until it expires
//   (the refresh interval);
// - the last good value is kept past expiry, so that when the upstream fails a page can show it, with its
//   age, instead of nothing;
// - nobody waits for an upstream longer than the time budget (UPSTREAM_BUDGET_MS) from the start of the
//   load they share, nor past a margin before their own request's budget (request-start.ts): past it they
//   get the last good value, marked stale, or, without one, a timeout naming the upstream, while the load
//   carries on in the background and refreshes the value for the next viewer (stale-while-revalidate);
// - once an upstream is known to hang (it kept a load past the budget, or a call to it timed out, and it
//   has not answered since), a viewer with a last good value gets it at once: only the first viewers of
//   a hang wait, not those of every load started during it.
// Work that is merely long once the upstream has answered (building a large trace) is waited for: the
// budget is about upstreams that do not answer (waits.ts).
//
// This is per instance. The interface is what a shared cache across instances (PostgreSQL or Redis)
// would implement; see docs/adr/0008.
import { env } from "@/lib/config/env";
import { UpstreamError } from "@/lib/errors";
import { answerMargin, requestStartedAt } from "./request-start";
import { hungCallOf, tracking, upstreamHung, type UpstreamIdentity, type Waits } from "./waits";

export type Cached<T> = {
  value: T;
  fetchedAt: Date;
  /** Set when the upstream failed, or has not answered within the budget, and this is the last good value. */
  staleBecause?: Error;
};

export type SharedResultCacheOptions = {
  maxEntries?: number;
  /** How long a last good value may be shown when its upstream fails. */
  keepStaleMs?: number;
  /** How long a caller waits for an upstream, in ms or read when needed; UPSTREAM_BUDGET_MS unless given. */
  budgetMs?: number | (() => number);
};

type Entry = { value: unknown; fetchedAt: number; expiresAt: number };
type Load = { promise: Promise<Entry>; waits: Waits; startedAt: number };
type Outcome = { entry: Entry } | { error: Error };

/** An upstream that has not answered within the budget: 504, naming it. */
export class LateAnswerError extends UpstreamError {
  constructor(upstream: UpstreamIdentity, budgetMs: number) {
    super(upstream.name, "timeout", `${upstream.label} has not answered within ${budgetMs / 1000}s.`);
  }
}

export class SharedResultCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Load>();
  private readonly maxEntries: number;
  private readonly keepStaleMs: number;

  constructor(private readonly options: SharedResultCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 2_000;
    this.keepStaleMs = options.keepStaleMs ?? 6 * 3_600_000;
  }

  private get budgetMs(): number {
    const { budgetMs } = this.options;
    return typeof budgetMs === "function" ? budgetMs() : (budgetMs ?? env().UPSTREAM_BUDGET_MS);
  }

  async get<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<Cached<T>> {
    const now = Date.now();
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > now)
      return { value: entry.value as T, fetchedAt: new Date(entry.fetchedAt) };

    const lastGood = !!entry && now - entry.fetchedAt < this.keepStaleMs;
    const outcome = await this.within(this.inflight.get(key) ?? this.start(key, ttlMs, load), lastGood);
    if ("entry" in outcome)
      return { value: outcome.entry.value as T, fetchedAt: new Date(outcome.entry.fetchedAt) };
    const last = this.entries.get(key);
    if (last && now - last.fetchedAt < this.keepStaleMs)
      return { value: last.value as T, fetchedAt: new Date(last.fetchedAt), staleBecause: outcome.error };
    throw outcome.error;
  }

  /**
   * Makes every value due for a refresh (kept as the last good one) and detaches loads in flight, whose
   * answers may predate what made them due: after a change through this instance, its next reader sees it.
   */
  expireAll(): void {
    for (const entry of this.entries.values()) entry.expiresAt = 0;
    this.inflight.clear();
  }

  private start(key: string, ttlMs: number, load: () => Promise<unknown>): Load {
    const { promise, waits } = tracking(load);
    const running: Load = {
      promise: promise.then((value) => {
        const entry = { value, fetchedAt: Date.now(), expiresAt: Date.now() + ttlMs };
        // A load detached by expireAll() answers its own callers but is not kept.
        if (this.inflight.get(key) === running) this.store(key, entry);
        return entry;
      }),
      waits,
      startedAt: Date.now(),
    };
    this.inflight.set(key, running);
    void running.promise
      .catch(() => undefined)
      .finally(() => {
        if (this.inflight.get(key) === running) this.inflight.delete(key);
      });
    return running;
  }

  /**
   * The load's outcome, or, once the budget since it started has passed while it waits on an upstream,
   * a LateAnswerError naming that upstream (the load goes on). With a last good value to show, no wait
   * on an upstream already known to hang: the first viewers of a hang wait the budget, not all of them.
   */
  private async within(load: Load, lastGood: boolean): Promise<Outcome> {
    const settled: Promise<Outcome> = load.promise.then(
      (entry) => ({ entry }),
      (error: unknown) => ({ error: error instanceof Error ? error : new Error(String(error)) }),
    );
    let timer: NodeJS.Timeout | undefined;
    const budget = this.budgetMs;
    // The request's budget, less the time to answer; but the upstream always gets half the budget, so
    // that a request held up before it asked (a busy process) does not turn a healthy upstream into a 504.
    const requestStart = requestStartedAt();
    const ends = Math.min(
      load.startedAt + budget,
      requestStart === undefined
        ? Infinity
        : Math.max(requestStart + budget - answerMargin(budget), load.startedAt + budget / 2),
    );
    const deadline = new Promise<"late">((resolve) => {
      timer = setTimeout(() => resolve("late"), ends - Date.now());
    });
    const hung = lastGood
      ? hungCallOf(load.waits).then((upstream) => ({ hung: upstream }))
      : new Promise<never>(() => undefined);
    const first = await Promise.race([settled, deadline, hung]);
    clearTimeout(timer);
    if (typeof first === "object" && "hung" in first)
      return { error: new LateAnswerError(first.hung, budget) };
    let outcome = first;
    while (outcome === "late") {
      const upstream = load.waits.waitingOn;
      if (upstream) {
        upstreamHung(upstream);
        return { error: new LateAnswerError(upstream, budget) };
      }
      // Past the budget but not waiting on an upstream (computing, say): wait, unless it calls one.
      outcome = await Promise.race([settled, load.waits.nextCall().then(() => "late" as const)]);
    }
    return outcome;
  }

  private store(key: string, entry: Entry) {
    this.entries.delete(key); // re-insert: Map order is the eviction order
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}
