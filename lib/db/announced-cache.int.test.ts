// Values two app instances on one database keep (the service catalog, the incidents lists): read once for
// many requests, and a change, through the app or by hand in SQL, reaches both within a moment.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { updateServiceMeta } from "@/lib/services/health/catalog";
import { addNote, declareIncident } from "@/lib/services/incidents";
import { INCIDENT_LIST_TOPIC } from "@/lib/services/incidents/list-cache";
import { contextFor } from "@/tests/support/actors";
import { superuserSql } from "@/tests/support/db";
import { AnnouncedCache } from "./announced-cache";
import { ChangeFeed } from "./changes";
import { db } from "./client";

const SERVICE = "announced-cache-test";

/** One app instance: its own change feed, its own copies, and a count of its reads. */
function instance<T>(topic: string, read: () => Promise<T>) {
  const feed = new ChangeFeed(() => process.env.DATABASE_URL);
  const reads = { count: 0 };
  const announced: string[] = []; // the ids each announcement named
  void feed.subscribe(topic, null, (change) => announced.push(change.id));
  // Kept long, so that only the announcements can make a change show.
  const cache = new AnnouncedCache<T>(topic, feed, 600_000);
  const load = () =>
    cache.read("all", () => {
      reads.count++;
      return read();
    });
  return { feed, load, reads, announced };
}

const catalogRows = async () => new Map((await db().serviceMeta.findMany()).map((r) => [r.name, r]));
const openIncidents = () =>
  db().incident.findMany({ where: { status: { not: "resolved" } }, include: { roles: true } });

const catalogs = [instance("service-catalog", catalogRows), instance("service-catalog", catalogRows)];
const lists = [instance(INCIDENT_LIST_TOPIC, openIncidents), instance(INCIDENT_LIST_TOPIC, openIncidents)];
const all = [...catalogs, ...lists];

beforeAll(async () => {
  for (const { load, feed } of all) {
    await load();
    await vi.waitFor(() => expect(feed.connected).toBe(true));
  }
});
afterAll(async () => {
  await Promise.all(all.map(({ feed }) => feed.close()));
});

/** Waits until every instance's next read shows what `shows` expects, and says how long that took. */
async function everywhere<T>(instances: { load: () => Promise<T> }[], shows: (value: T) => boolean) {
  const since = Date.now();
  for (const { load } of instances)
    await vi.waitFor(async () => expect(shows(await load())).toBe(true), { timeout: 1_000 });
  return Date.now() - since;
}

describe("values announced through the change feed", () => {
  it("are read once for many readers", async () => {
    const { load, reads } = catalogs[0]!;
    await load();
    const before = reads.count;
    await Promise.all(Array.from({ length: 50 }, () => load()));
    expect(reads.count - before).toBe(0);
  });

  it("follow an edit of the service catalog through the app on every instance, within a second", async () => {
    const operator = await contextFor("operator");
    const current = (await db().serviceMeta.findUnique({ where: { name: SERVICE } }))?.version ?? 0;
    const description = `edited at ${Date.now()}`;
    await updateServiceMeta(operator, SERVICE, { description, expectedVersion: current });
    expect(await everywhere(catalogs, (c) => c.get(SERVICE)?.description === description)).toBeLessThan(
      1_000,
    );
  });

  it("follow the incidents lists through the app and through SQL by hand, but not a note", async () => {
    const responder = await contextFor("responder");
    const title = `Announced ${Date.now()}`;
    const incident = await declareIncident(responder, { title, severity: "SEV3" });
    expect(await everywhere(lists, (l) => l.some((i) => i.title === title))).toBeLessThan(1_000);
    // (A read may see the commit before its announcement arrives here: wait for that.)
    await vi.waitFor(() => lists.forEach(({ announced }) => expect(announced).toContain(incident.id)));

    // A note changes no list: nothing is announced for it. (Other tests change other incidents meanwhile.)
    const from = lists.map(({ announced }) => announced.length);
    await addNote(responder, String(incident.number), { body: "still looking" });
    await new Promise((r) => setTimeout(r, 300));
    lists.forEach(({ announced }, i) => expect(announced.slice(from[i])).not.toContain(incident.id));

    // An administrator's SQL is announced by the database itself.
    const sql = await superuserSql();
    await sql.query("update incidents set status = 'resolved', resolved_at = now() where id = $1", [
      incident.id,
    ]);
    await sql.end();
    expect(await everywhere(lists, (l) => !l.some((i) => i.id === incident.id))).toBeLessThan(1_000);
  });

  it("are not kept while the change feed is not listening", async () => {
    const { load, reads, feed } = instance("service-catalog", catalogRows);
    await load();
    await vi.waitFor(() => expect(feed.connected).toBe(true));
    await load();
    const before = reads.count;
    await feed.close();
    await load();
    await load();
    expect(reads.count - before).toBe(2);
  });
});
