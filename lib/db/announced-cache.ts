// Values read from PostgreSQL that many requests need and that change rarely next to how often they are
// read (the service catalog, the incidents lists), kept per instance and dropped on every instance when
// a change to them commits:
// - the change is announced on the change feed in its transaction, by the app (publishChange) or by a
//   trigger (whoever makes it); every instance hears it after the commit and drops its copies;
// - while the change feed is not listening, an announcement could be missed, so nothing is kept, and
//   after a gap (resync) every copy is dropped;
// - a copy lives `ttlMs` at most: the bound if all else failed.
// Concurrent readers of one key share one query. The session cache (lib/auth/session-cache.ts) is the
// per-session cousin, which drops one entry at a time.
import { changeFeed, type ChangeFeed } from "./changes";

export class AnnouncedCache<T> {
  private readonly copies = new Map<string, { value: Promise<T>; until: number }>();
  private listening: Promise<unknown> | null = null;
  private subscribed = false;

  constructor(
    private readonly topic: string,
    private readonly feed: ChangeFeed = changeFeed(),
    private readonly ttlMs = 60_000,
    private readonly maxEntries = 200,
  ) {}

  /** The copy kept under `key`, or what `load` reads (kept, while the change feed listens). */
  read(key: string, load: () => Promise<T>): Promise<T> {
    this.listen();
    if (!this.subscribed || !this.feed.connected) return load();
    const kept = this.copies.get(key);
    if (kept && kept.until > Date.now()) return kept.value;
    const copy = { value: load(), until: Date.now() + this.ttlMs };
    this.copies.delete(key); // re-insert: Map order is the eviction order
    this.copies.set(key, copy);
    while (this.copies.size > this.maxEntries) this.copies.delete(this.copies.keys().next().value!);
    copy.value.catch(() => {
      if (this.copies.get(key) === copy) this.copies.delete(key);
    });
    return copy.value;
  }

  /** Drops every copy (every instance does on the announcement; the changing one need not wait for it). */
  forget(): void {
    this.copies.clear();
  }

  private listen() {
    this.listening ??= Promise.all([
      this.feed.subscribe(this.topic, null, () => this.forget()),
      this.feed.onResync(() => this.forget()),
    ]).then(() => (this.subscribed = true));
  }
}
