// With its database gone, an instance stays alive, says what is wrong (503 naming the database), and
// recovers by itself when the database is back. Runs its own instance and PostgreSQL so the others are
// not disturbed.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { launchApp, stopApp, waitForStatus } from "../support/app-process";

const PORT = Number(process.env.E2E_PORT_C ?? 3312);
const PG_PORT = Number(process.env.E2E_PG_PORT_C ?? 54411);
const URL = `http://localhost:${PORT}`;

test("an instance survives its database going away and coming back", async () => {
  test.setTimeout(120_000);
  const pgDir = mkdtempSync(path.join(tmpdir(), "opsdeck-e2e-c-pg-"));
  const appDir = mkdtempSync(path.join(tmpdir(), "opsdeck-e2e-c-"));
  let database = await startEmbeddedPostgres({ dataDir: pgDir, port: PG_PORT });
  const app = launchApp("C", {
    DATABASE_URL: database.url,
    OPSDECK_DATA_DIR: appDir,
    PORT: String(PORT),
    NEXTAUTH_URL: URL,
  });
  try {
    await waitForStatus(`${URL}/api/readyz`, 200, app);

    await database.stop();
    const notReady = await waitForStatus(`${URL}/api/readyz`, 503, app, 20_000);
    expect((await notReady.json()).checks.database.ok).toBe(false);
    expect((await fetch(`${URL}/api/healthz`)).status).toBe(200);
    const api = await fetch(`${URL}/api/invitations/accept`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: URL },
      body: JSON.stringify({ token: "t".repeat(40), password: "a long enough password" }),
    });
    expect(api.status).toBe(503);
    expect((await api.json()).error).toMatchObject({
      upstream: "database",
      message: expect.stringContaining("cannot reach its database"),
    });

    database = await startEmbeddedPostgres({ dataDir: pgDir, port: PG_PORT });
    await waitForStatus(`${URL}/api/readyz`, 200, app, 30_000);
    const after = await fetch(`${URL}/api/invitations/accept`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: URL },
      body: JSON.stringify({ token: "t".repeat(40), password: "a long enough password" }),
    });
    expect(after.status).toBe(404);
  } finally {
    await stopApp(app);
    await database.stop();
    rmSync(pgDir, { recursive: true, force: true });
    rmSync(appDir, { recursive: true, force: true });
  }
});
