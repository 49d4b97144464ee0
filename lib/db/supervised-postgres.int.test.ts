// The launcher's embedded PostgreSQL (`npm start` without DATABASE_URL) killed under the app: it is
// started again, with what it does logged, and the app answers again without being restarted itself.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { freePort } from "@/tests/support/ports";
import { superviseEmbeddedPostgres, type EmbeddedServer } from "./embedded";
import { migrate } from "./migrate";
import { APP_ROLE } from "./roles";

let server: EmbeddedServer;
let dataDir: string;
const log: string[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "opsdeck-supervised-pg-"));
  server = await superviseEmbeddedPostgres({
    dataDir,
    port: await freePort(),
    log: (line) => log.push(line),
    firstRestartMs: 200,
  });
  await migrate(server.url, { appRole: APP_ROLE });
  // The app's code reads the configuration on first use: from here on it uses this server.
  process.env.DATABASE_URL = server.appUrl;
}, 120_000);

afterAll(async () => {
  const { disconnect } = await import("./client");
  await disconnect();
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const postmasterPid = async () =>
  Number((await readFile(path.join(server.dataDir, "postmaster.pid"), "utf8")).split("\n")[0]);

describe("the embedded PostgreSQL under supervision", () => {
  it("is started again when it is killed, and the app answers again by itself", async () => {
    const { checkReadiness } = await import("@/lib/services/readiness");
    const { db } = await import("./client");
    expect((await checkReadiness()).ready).toBe(true);
    const before = await postmasterPid();

    process.kill(before, "SIGKILL");
    await vi.waitFor(() => expect(log.join("\n")).toMatch(/was killed by SIGKILL; restarting it in 0.2 s/), {
      timeout: 5_000,
    });
    expect((await checkReadiness()).ready).toBe(false);

    // The server takes connections (ready) a moment before the supervisor's start-up finishes and it
    // says so (on a loaded machine, seconds): wait for both.
    await vi.waitFor(
      async () => {
        expect((await checkReadiness()).ready).toBe(true);
        expect(log.at(-1)).toMatch(/^restarted the embedded PostgreSQL after \d+ s down$/);
      },
      { timeout: 60_000, interval: 250 },
    );
    expect(await postmasterPid()).not.toBe(before);
    // The app's own pool, whose connections died with the server, works again.
    await vi.waitFor(async () => expect(await db().user.count()).toBeGreaterThanOrEqual(0), {
      timeout: 10_000,
    });
  }, 90_000);

  it("is not started again once it was asked to stop", async () => {
    const lines = log.length;
    await server.stop();
    await new Promise((r) => setTimeout(r, 1_000));
    expect(log.slice(lines)).toEqual([]);
  });
});
