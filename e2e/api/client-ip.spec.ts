// With no trusted proxy (TRUSTED_PROXY_HOPS=0), a client's X-Forwarded-For is a claim anyone can make:
// rotating it must not reset the per-IP limit of failed sign-ins, and the audit log records the
// connection's address. Runs its own instance and PostgreSQL, with a small per-IP limit.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { launchApp, stopApp, waitForStatus } from "../support/app-process";

const PORT = Number(process.env.E2E_PORT_D ?? 3313);
const PG_PORT = Number(process.env.E2E_PG_PORT_D ?? 54412);
// An address, not a name: the test knows which loopback address it connects from.
const URL = `http://127.0.0.1:${PORT}`;
const MAX_FAILURES_PER_IP = 3;

/** A failed password sign-in through next-auth, claiming `forwardedFor`; returns next-auth's error text. */
async function failSignIn(email: string, forwardedFor: string): Promise<string> {
  const csrf = await fetch(`${URL}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const response = await fetch(`${URL}/api/auth/callback/credentials`, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      "X-Forwarded-For": forwardedFor,
      cookie,
    },
    body: new URLSearchParams({ email, password: "not the password", csrfToken, json: "true" }),
  });
  const { url } = (await response.json()) as { url: string };
  return new globalThis.URL(url).searchParams.get("error") ?? "";
}

test("a forged X-Forwarded-For neither resets the per-IP sign-in limit nor reaches the audit log", async () => {
  test.setTimeout(120_000);
  const pgDir = mkdtempSync(path.join(tmpdir(), "opsdeck-e2e-d-pg-"));
  const appDir = mkdtempSync(path.join(tmpdir(), "opsdeck-e2e-d-"));
  const database = await startEmbeddedPostgres({ dataDir: pgDir, port: PG_PORT });
  const app = launchApp("D", {
    DATABASE_URL: database.url,
    OPSDECK_DATA_DIR: appDir,
    PORT: String(PORT),
    NEXTAUTH_URL: URL,
    TRUSTED_PROXY_HOPS: "0",
    LOGIN_MAX_FAILURES_PER_IP: String(MAX_FAILURES_PER_IP),
  });
  try {
    await waitForStatus(`${URL}/api/readyz`, 200, app);

    const run = Date.now();
    for (let i = 1; i <= MAX_FAILURES_PER_IP; i++)
      expect(await failSignIn(`forger-${run}-${i}@example.com`, `10.9.0.${i}`)).toBe(
        "Wrong email or password.",
      );
    expect(await failSignIn(`forger-${run}-next@example.com`, "10.9.0.99")).toMatch(
      /^Too many failed sign-in attempts from your network/,
    );

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ ip: string; result: string }>(
        "SELECT ip, result FROM audit_log WHERE action = 'auth.sign_in' AND params->>'email' LIKE $1 ORDER BY seq",
        [`forger-${run}-%`],
      );
      expect(rows).toEqual([
        ...Array.from({ length: MAX_FAILURES_PER_IP }, () => ({ ip: "127.0.0.1", result: "failed" })),
        { ip: "127.0.0.1", result: "denied" },
      ]);
    } finally {
      await client.end();
    }
  } finally {
    await stopApp(app);
    await database.stop();
    rmSync(pgDir, { recursive: true, force: true });
    rmSync(appDir, { recursive: true, force: true });
  }
});
