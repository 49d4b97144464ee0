// A value read from PostgreSQL that many requests need and that rarely changes (the service catalog),
// kept per instance and dropped on every instance when a change to it commits:
// - whoever changes it announces the change in the same transaction (publishChange); every instance's
//   change feed hears it after the commit and drops its copy;
// - while the change feed is not listening, an announcement could be missed, so nothing is kept, and
//   after a gap (resync) the copy is dropped;
// - a copy lives `ttlMs` at most: the bound if all else failed.
// Concurrent readers share one query. The session cache (lib/auth/session-cache.ts) is the keyed cousin.
import { changeFeed, type ChangeFeed } from "./changes";

export class AnnouncedValue<T> {
  private copy: { value: Promise<T>; until: number } | null = null;
  private listening: Promise<unknown> | null = null;
  private subscribed = false;

  constructor(
    private readonly topic: string,
    private readonly load: () => Promise<T>,
    private readonly feed: ChangeFeed = changeFeed(),
    private readonly ttlMs = 60_000,
  ) {}

  read(): Promise<T> {
    this.listen();
    if (!this.subscribed || !this.feed.connected) return this.load();
    if (!this.copy || this.copy.until <= Date.now()) {
      const value = this.load();
      const copy = { value, until: Date.now() + this.ttlMs };
      this.copy = copy;
      value.catch(() => {
        if (this.copy === copy) this.copy = null;
      });
    }
    return this.copy.value;
  }

  /** Drops this instance's copy (every instance does on the announcement; this one need not wait for it). */
  forget(): void {
    this.copy = null;
  }

  private listen() {
    this.listening ??= Promise.all([
      this.feed.subscribe(this.topic, null, () => this.forget()),
      this.feed.onResync(() => this.forget()),
    ]).then(() => (this.subscribed = true));
  }
}
