// PostgreSQL going away under the app and coming back, on a server of this file's own: writes during its
// shutdown are refused with 503 naming the database (never a 500) and logged as one outage, not one error
// per write; none that was acknowledged is lost; and a live stream opened before the restart says
// `resync`, then delivers the next change.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
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
  contextFor: typeof import("@/tests/support/actors").contextFor;
};

beforeAll(async () => {
  postgres = await PrivatePostgres.start();
  process.env.DATABASE_URL = postgres.appUrl;
  const [incidents, live, actors] = await Promise.all([
    import("@/lib/services/incidents"),
    import("@/lib/services/incidents/live"),
    import("@/tests/support/actors"),
  ]);
  services = {
    addNote: incidents.addNote,
    declareIncident: incidents.declareIncident,
    incidentChanges: live.incidentChanges,
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
});
