// The app keeps no state of its own: a session made on instance A works on instance B, which runs on
// the same PostgreSQL through DATABASE_URL and started no embedded server.
import { existsSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { apiAs } from "../support/fixtures";
import { APP_B, ROLE_USERS } from "../support/instances";

test("a session from instance A is valid on instance B", async () => {
  const onB = await apiAs("admin", APP_B.url);
  const me = await onB.get("/api/me");
  expect(me.status()).toBe(200);
  expect((await me.json()).me.email).toBe(ROLE_USERS.admin);
  await onB.dispose();
});

test("instance B uses DATABASE_URL and started no embedded PostgreSQL", async () => {
  const dataDirB = process.env.E2E_DATA_DIR_B!;
  expect(existsSync(dataDirB)).toBe(true);
  expect(existsSync(path.join(dataDirB, "postgres"))).toBe(false);
  const ready = await (await fetch(`${APP_B.url}/api/readyz`)).json();
  expect(ready).toMatchObject({ ready: true, checks: { database: { ok: true }, migrations: { ok: true } } });
});

test("the app exposes its own metrics", async () => {
  const text = await (await fetch(`${APP_B.url}/api/metrics`)).text();
  expect(text).toMatch(/opsdeck_http_requests_total\{method="GET",route="\/api\/readyz",status="200"\} \d+/);
  expect(text).toMatch(/opsdeck_db_pool_connections\{state="idle"\}/);
  expect(text).toContain("opsdeck_process_cpu_seconds_total");
});
