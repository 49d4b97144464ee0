// The service catalog as two app instances on one database keep it: read once for many requests, and an
// edit through the app reaches both within a moment.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { updateServiceMeta } from "@/lib/services/health/catalog";
import { contextFor } from "@/tests/support/actors";
import { AnnouncedValue } from "./announced-value";
import { ChangeFeed } from "./changes";
import { db } from "./client";

const SERVICE = "announced-value-test";

/** One app instance: its own change feed, its own copy of the catalog, and a count of its reads. */
function instance() {
  const feed = new ChangeFeed(() => process.env.DATABASE_URL);
  const reads = { count: 0 };
  const catalog = new AnnouncedValue(
    "service-catalog",
    async () => {
      reads.count++;
      const rows = await db().serviceMeta.findMany();
      return new Map(rows.map((r) => [r.name, r]));
    },
    feed,
    600_000, // long, so that only the announcements can make a change show
  );
  return { feed, catalog, reads };
}

const instances = [instance(), instance()];

beforeAll(async () => {
  for (const { catalog, feed } of instances) {
    await catalog.read();
    await vi.waitFor(() => expect(feed.connected).toBe(true));
  }
});
afterAll(async () => {
  await Promise.all(instances.map(({ feed }) => feed.close()));
});

describe("a value announced through the change feed", () => {
  it("is read once for many readers", async () => {
    const { catalog, reads } = instances[0]!;
    await catalog.read();
    const before = reads.count;
    await Promise.all(Array.from({ length: 50 }, () => catalog.read()));
    await catalog.read();
    expect(reads.count - before).toBe(0);
  });

  it("follows an edit through the app on every instance, within a second", async () => {
    const operator = await contextFor("operator");
    const current = (await db().serviceMeta.findUnique({ where: { name: SERVICE } }))?.version ?? 0;
    for (const { catalog } of instances) await catalog.read();
    const description = `edited at ${Date.now()}`;
    await updateServiceMeta(operator, SERVICE, { description, expectedVersion: current });
    const edited = Date.now();
    for (const { catalog } of instances)
      await vi.waitFor(
        async () => expect((await catalog.read()).get(SERVICE)?.description).toBe(description),
        { timeout: 1_000 },
      );
    expect(Date.now() - edited).toBeLessThan(1_000);
  });

  it("is not kept while its change feed is not listening", async () => {
    const { catalog, reads, feed } = instance();
    await catalog.read();
    await vi.waitFor(() => expect(feed.connected).toBe(true));
    await catalog.read();
    const before = reads.count;
    await feed.close();
    await catalog.read();
    await catalog.read();
    expect(reads.count - before).toBe(2);
  });
});
