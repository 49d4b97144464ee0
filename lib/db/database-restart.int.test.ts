// PostgreSQL going away under the app and coming back, on a server of this file's own: writes during its
// shutdown are refused with 503 naming the database (never a 500) and logged as one outage, not one error
// per write; none that was acknowledged is lost; and a live stream opened before the restart says
// `resync`, then delivers the next change; the outbox keeps hearing new deliveries, its loop logs no stack
// per cycle while the database is away, and the outage ends in the log with the first answer.
import { createServer } from "node:http";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { env } from "@/lib/config/env";
import { errorResponse } from "@/lib/http/respond";
import { logger } from "@/lib/observability/logger";
import { changeEvents } from "@/lib/http/sse";
import type { ServiceContext } from "@/lib/services/context";
import { PrivatePostgres } from "@/tests/support/private-postgres";

let postgres: PrivatePostgres;
// Imported once DATABASE_URL points at this file's server (nothing reads the configuration before).
let services: {
  addNote: typeof import("@/lib/services/incidents").addNote;
  declareIncident: typeof import("@/lib/services/incidents").declareIncident;
  incidentChanges: typeof import("@/lib/services/incidents/live").incidentChanges;
  startOutboxDispatcher: typeof import("@/lib/services/notifications/outbox").startOutboxDispatcher;
  contextFor: typeof import("@/tests/support/actors").contextFor;
};

beforeAll(async () => {
  postgres = await PrivatePostgres.start();
  process.env.DATABASE_URL = postgres.appUrl;
  const [incidents, live, outbox, actors] = await Promise.all([
    import("@/lib/services/incidents"),
    import("@/lib/services/incidents/live"),
    import("@/lib/services/notifications/outbox"),
    import("@/tests/support/actors"),
  ]);
  services = {
    addNote: incidents.addNote,
    declareIncident: incidents.declareIncident,
    incidentChanges: live.incidentChanges,
    startOutboxDispatcher: outbox.startOutboxDispatcher,
    contextFor: actors.contextFor,
  };
}, 120_000);

afterAll(async () => {
  const { changeFeed } = await import("./changes");
  await changeFeed().close();
  const { disconnect } = await import("./client");
  await disconnect();
  await postgres.close();
});

/** Retries `write` until it succeeds (a person trying again), recording each failure's HTTP status. */
async function persist<T>(write: () => Promise<T>, statuses: number[]): Promise<T> {
  for (;;) {
    try {
      return await write();
    } catch (error) {
      statuses.push(errorResponse(error, "test").status);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

async function readUntil(reader: ReadableStreamDefaultReader<string>, pattern: RegExp, timeoutMs: number) {
  let text = "";
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(text)) {
    const timeout = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), deadline - Date.now()));
    const next = await Promise.race([reader.read(), timeout]);
    if (next === "timeout" || next.done) break;
    text += next.value;
  }
  return text;
}

describe("PostgreSQL restarting under the app", () => {
  let responder: ServiceContext;
  let viewer: ServiceContext;
  let incidentId: string;

  beforeAll(async () => {
    responder = await services.contextFor("responder");
    viewer = await services.contextFor("viewer");
    incidentId = (await services.declareIncident(responder, { title: "Through a restart", severity: "SEV3" }))
      .id;
  });

  it("refuses writes during the shutdown with 503 naming the database, logged once, and loses none it acknowledged", async () => {
    const errorsLogged = vi.spyOn(logger, "error");
    const admin = await postgres.admin();
    const statuses: number[] = [];
    const acknowledged: string[] = [];
    let writing = true;
    const writer = async (w: number) => {
      for (let n = 0; writing || n < 3; n++) {
        const body = `writer ${w} note ${n}`;
        await persist(() => services.addNote(responder, incidentId, { body }), statuses);
        acknowledged.push(body);
      }
    };
    const writers = Array.from({ length: 12 }, (_, w) => writer(w));

    await new Promise((r) => setTimeout(r, 300));
    // Smart shutdown: new connections get 57P03 "the database system is shutting down"; the app's own
    // connections are ended (57P01), so that it must ask for new ones.
    await postgres.beginShutdown();
    await admin.query(
      "select pg_terminate_backend(pid) from pg_stat_activity where usename = 'opsdeck_app' and pid <> pg_backend_pid()",
    );
    await new Promise((r) => setTimeout(r, 1_000));
    await admin.end().catch(() => undefined);
    await postgres.stop(); // then down: connections refused
    await new Promise((r) => setTimeout(r, 1_000));
    await postgres.restart();
    await new Promise((r) => setTimeout(r, 500));
    writing = false;
    await Promise.all(writers);

    expect(statuses.length).toBeGreaterThan(0); // the outage was seen
    expect(new Set(statuses)).toEqual(new Set([503]));
    // The outage log's line when the database goes (again, once back in between); no line per failed write.
    const messages = errorsLogged.mock.calls.map((call) => call[1]);
    errorsLogged.mockRestore();
    expect(messages.length).toBeLessThan(statuses.length);
    expect(new Set(messages)).toEqual(new Set(["The database is unavailable"]));
    const check = await postgres.admin();
    const { rows } = await check.query<{ body: string }>(
      "select body from incident_timeline where incident_id = $1 and kind = 'note'",
      [incidentId],
    );
    await check.end();
    const stored = new Set(rows.map((r) => r.body));
    expect(acknowledged.filter((body) => !stored.has(body))).toEqual([]);
  }, 60_000);

  it("keeps a stream opened before the restart live: it says resync, then delivers the next change", async () => {
    const request = new AbortController();
    const response = await changeEvents(await services.incidentChanges(viewer, incidentId), request.signal, {
      recheckMs: 60_000,
    });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    expect(await readUntil(reader, /event: ready/, 5_000)).toContain("event: ready");

    await postgres.stop();
    await new Promise((r) => setTimeout(r, 1_500)); // longer than the feed's first retries
    await postgres.restart();

    const resync = await readUntil(reader, /event: resync/, 15_000);
    expect(resync).toContain(`event: resync\ndata: {"id":"${incidentId}"`);
    await persist(() => services.addNote(responder, incidentId, { body: "After the restart" }), []);
    const changed = await readUntil(reader, /event: changed/, 5_000);
    expect(changed).toContain(`event: changed\ndata: {"id":"${incidentId}"`);
    request.abort();
  }, 60_000);

  it("keeps the outbox hearing new deliveries, logs its outage once, and ends the outage with the first answer", async () => {
    const received: string[] = [];
    const receiver = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        received.push((JSON.parse(body) as { incident: { title: string } }).incident.title);
        res.end("ok");
      });
    });
    const port = await new Promise<number>((resolve) =>
      receiver.listen(0, "127.0.0.1", () => resolve((receiver.address() as { port: number }).port)),
    );
    Object.assign(env(), { INCIDENT_WEBHOOKS: [{ url: `http://127.0.0.1:${port}/hook`, format: "json" }] });
    const dispatcher = services.startOutboxDispatcher();
    const { changeFeed } = await import("./changes");
    const { databaseOutage } = await import("./errors");
    const warned = vi.spyOn(logger, "warn");
    const errored = vi.spyOn(logger, "error");
    try {
      await postgres.stop();
      // Two of the dispatcher's 3-second polls with the database away.
      await new Promise((r) => setTimeout(r, 7_000));
      expect(databaseOutage().down).toBe(true);
      await postgres.restart();

      // The outbox's wake-up goes through the change feed, which listens again after the restart.
      const heard: string[] = [];
      const unsubscribe = await changeFeed().subscribe("outbox", null, (c) => heard.push(c.id));
      await vi.waitFor(() => expect(changeFeed().connected).toBe(true), { timeout: 15_000, interval: 200 });
      await persist(
        () => services.declareIncident(responder, { title: "Declared after the restart", severity: "SEV4" }),
        [],
      );
      expect(databaseOutage().down).toBe(false);
      await vi.waitFor(() => expect(heard.length).toBeGreaterThan(0), { timeout: 5_000 });
      await vi.waitFor(() => expect(received).toContain("Declared after the restart"), { timeout: 10_000 });
      unsubscribe();

      // The outage in one line (and a "still unavailable" at most), not a stack per poll of the loop.
      const lines = [...warned.mock.calls, ...errored.mock.calls].map((call) => String(call[1] ?? call[0]));
      expect(lines.filter((l) => /outbox dispatch failed/.test(l))).toEqual([]);
      expect(lines.filter((l) => l === "The database is unavailable").length).toBeLessThanOrEqual(1);
    } finally {
      warned.mockRestore();
      errored.mockRestore();
      dispatcher.stop();
      receiver.close();
    }
  }, 90_000);
});
