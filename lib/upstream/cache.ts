// Shares upstream work between viewers: concurrent identical requests are coalesced into one call, and a
// result is reused until it expires (the refresh interval). The last good value is kept past expiry, so
// that when the upstream fails a page can show it, with its age, instead of nothing.
//
// This is per instance. The interface is what a shared cache across instances (PostgreSQL or Redis)
// would implement; see docs/adr/0008.

export type Cached<T> = {
  value: T;
  fetchedAt: Date;
  /** Set when the upstream failed and this is the last good value. */
  staleBecause?: Error;
};

type Entry = { value: unknown; fetchedAt: number; expiresAt: number };

export class SharedResultCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<unknown>>();

  constructor(
    private readonly options: { maxEntries: number; keepStaleMs: number } = {
      maxEntries: 2_000,
      keepStaleMs: 6 * 3_600_000,
    },
  ) {}

  async get<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<Cached<T>> {
    const now = Date.now();
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > now)
      return { value: entry.value as T, fetchedAt: new Date(entry.fetchedAt) };

    let pending = this.inflight.get(key) as Promise<T> | undefined;
    if (!pending) {
      pending = load().then((value) => {
        this.store(key, value, ttlMs);
        return value;
      });
      this.inflight.set(key, pending);
      void pending.catch(() => undefined).finally(() => this.inflight.delete(key));
    }
    try {
      const value = await pending;
      return { value, fetchedAt: new Date(this.entries.get(key)?.fetchedAt ?? Date.now()) };
    } catch (error) {
      const last = this.entries.get(key);
      if (last && now - last.fetchedAt < this.options.keepStaleMs) {
        return { value: last.value as T, fetchedAt: new Date(last.fetchedAt), staleBecause: error as Error };
      }
      throw error;
    }
  }

  private store(key: string, value: unknown, ttlMs: number) {
    const now = Date.now();
    this.entries.delete(key); // re-insert: Map order is the eviction order
    this.entries.set(key, { value, fetchedAt: now, expiresAt: now + ttlMs });
    while (this.entries.size > this.options.maxEntries)
      this.entries.delete(this.entries.keys().next().value!);
  }
}
