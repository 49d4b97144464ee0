// The session cache of two app instances on one database: sessions are looked up once per few seconds,
// and a revocation, a disabled user or a role change, through the app or by hand in SQL, reaches both
// within a moment.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ChangeFeed } from "@/lib/db/changes";
import { db } from "@/lib/db/client";
import { liveSession } from "@/lib/services/auth/sign-in";
import { updateUser } from "@/lib/services/users";
import { contextFor } from "@/tests/support/actors";
import { superuserSql } from "@/tests/support/db";
import { SessionCache } from "./session-cache";

/** One app instance: its own change feed, its own cache, and a count of its database lookups. */
function instance() {
  const feed = new ChangeFeed(() => process.env.DATABASE_URL);
  const lookups = { count: 0 };
  const cache = new SessionCache(
    (id) => {
      lookups.count++;
      return liveSession(id);
    },
    feed,
    60_000, // long, so that only the announcements can make a change show
  );
  return { feed, cache, lookups };
}

const instances = [instance(), instance()];

async function signedIn(role: "viewer" | "responder" = "viewer") {
  const ctx = await contextFor(role);
  const session = await db().authSession.create({
    data: {
      userId: ctx.actor!.userId!,
      authMethod: "credentials",
      expiresAt: new Date(Date.now() + 3_600_000),
    },
  });
  return { userId: ctx.actor!.userId!, sessionId: session.id };
}

/** Waits until the cache has subscribed and its feed listens. */
async function warm(sessionId: string) {
  for (const { cache, feed } of instances) {
    await cache.resolve(sessionId);
    await vi.waitFor(() => expect(feed.connected).toBe(true));
  }
}

beforeAll(async () => {
  await warm((await signedIn()).sessionId);
});

afterAll(async () => {
  await Promise.all(instances.map(({ feed }) => feed.close()));
});

describe("the session cache", () => {
  it("looks a session up once for many requests", async () => {
    const { sessionId, userId } = await signedIn();
    const { cache, lookups } = instances[0]!;
    const before = lookups.count;
    const actors = await Promise.all(Array.from({ length: 50 }, () => cache.resolve(sessionId)));
    expect(actors.every((a) => a?.userId === userId)).toBe(true);
    expect(await cache.resolve(sessionId)).toMatchObject({ userId, role: "viewer" });
    expect(lookups.count - before).toBe(1);
  });

  it("forgets a session revoked by hand in SQL, on every instance, within a second", async () => {
    const { sessionId } = await signedIn();
    for (const { cache } of instances) expect(await cache.resolve(sessionId)).not.toBeNull();
    const sql = await superuserSql();
    await sql.query("update auth_sessions set revoked_at = now() where id = $1", [sessionId]);
    await sql.end();
    const revoked = Date.now();
    for (const { cache } of instances)
      await vi.waitFor(async () => expect(await cache.resolve(sessionId)).toBeNull(), { timeout: 1_000 });
    expect(Date.now() - revoked).toBeLessThan(1_000);
  });

  it("follows a role change and a disabled user through the app, on every instance", async () => {
    const admin = await contextFor("admin");
    const { sessionId, userId } = await signedIn("viewer");
    for (const { cache } of instances)
      expect(await cache.resolve(sessionId)).toMatchObject({ role: "viewer" });

    await updateUser(admin, userId, { role: "responder" });
    for (const { cache } of instances)
      await vi.waitFor(
        async () => expect(await cache.resolve(sessionId)).toMatchObject({ role: "responder" }),
        {
          timeout: 1_000,
        },
      );

    await updateUser(admin, userId, { status: "disabled" });
    for (const { cache } of instances)
      await vi.waitFor(async () => expect(await cache.resolve(sessionId)).toBeNull(), { timeout: 1_000 });
  });

  it("serves nothing from memory while its change feed is not listening", async () => {
    const { sessionId } = await signedIn();
    const { cache, lookups, feed } = instance();
    await cache.resolve(sessionId);
    await vi.waitFor(() => expect(feed.connected).toBe(true));
    await cache.resolve(sessionId);
    const before = lookups.count;
    await feed.close();
    await cache.resolve(sessionId);
    await cache.resolve(sessionId);
    expect(lookups.count - before).toBe(2);
  });
});
