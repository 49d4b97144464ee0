// The session behind a request's cookie, read from PostgreSQL at most once every few seconds per session
// and instance instead of on every request (ADR 0002 keeps sessions server-side so that they can be
// revoked; this keeps that promise):
// - the database announces every change of a session or of its user's status or role, whoever makes it
//   (a trigger, prisma/migrations/20261202000000_session_change_notifications), on the change feed that
//   every instance listens to; the entry is dropped at once, on every instance;
// - while the change feed is not listening, an announcement could be missed, so nothing is served from
//   here, and after a gap everything is forgotten;
// - an entry lives TTL_MS at most, and never past its session's expiry: the bound if all else failed.
// Concurrent lookups of one session (a page's several API calls) share one query. Event streams re-check
// their caller against the database itself (lib/services/auth/sign-in.ts, stillAuthorized).
import { changeFeed } from "@/lib/db/changes";
import { liveSession } from "@/lib/services/auth/sign-in";
import type { Actor } from "@/lib/services/context";

export const SESSION_CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 20_000;

type Entry = { actor: Actor | null; until: number };

export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<Actor | null>>();
  /** Bumped by every invalidation: a lookup that started before one must not be kept. */
  private generation = 0;
  private listening: Promise<unknown> | null = null;
  private subscribed = false;

  constructor(
    private readonly load: (
      sessionId: string,
    ) => Promise<{ actor: Actor; expiresAt: Date } | null> = liveSession,
    private readonly feed = changeFeed(),
    private readonly ttlMs = SESSION_CACHE_TTL_MS,
  ) {}

  /** The actor of a live session, or null (expired, revoked, its user not active, unknown). */
  async resolve(sessionId: string): Promise<Actor | null> {
    this.listen();
    if (!this.subscribed || !this.feed.connected) return (await this.load(sessionId))?.actor ?? null;
    const entry = this.entries.get(sessionId);
    if (entry && entry.until > Date.now()) return entry.actor;
    let lookup = this.pending.get(sessionId);
    if (!lookup) {
      const generation = this.generation;
      lookup = this.load(sessionId).then((found) => {
        if (generation === this.generation) this.keep(sessionId, found);
        return found?.actor ?? null;
      });
      this.pending.set(sessionId, lookup);
      void lookup.catch(() => undefined).finally(() => this.pending.delete(sessionId));
    }
    return lookup;
  }

  private keep(sessionId: string, found: { actor: Actor; expiresAt: Date } | null) {
    const until = Math.min(Date.now() + this.ttlMs, found?.expiresAt.getTime() ?? Infinity);
    this.entries.delete(sessionId); // re-insert: Map order is the eviction order
    this.entries.set(sessionId, { actor: found?.actor ?? null, until });
    while (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
  }

  private forget(which: (sessionId: string, entry: Entry) => boolean) {
    this.generation++;
    this.pending.clear();
    for (const [sessionId, entry] of this.entries)
      if (which(sessionId, entry)) this.entries.delete(sessionId);
  }

  private listen() {
    this.listening ??= Promise.all([
      this.feed.subscribe("session", null, (change) => this.forget((sessionId) => sessionId === change.id)),
      this.feed.subscribe("session-user", null, (change) =>
        this.forget((_, entry) => entry.actor?.userId === change.id),
      ),
      this.feed.onResync(() => this.forget(() => true)),
    ]).then(() => (this.subscribed = true));
  }
}

const holder = globalThis as unknown as { __opsdeckSessions?: SessionCache };

/** The one session cache of this process (route bundles share it). */
export function sessionCache(): SessionCache {
  holder.__opsdeckSessions ??= new SessionCache();
  return holder.__opsdeckSessions;
}
