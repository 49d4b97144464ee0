// Cross-site request forgery: a page of another origin can make a browser send the session cookie with a
// change (a sibling subdomain is the same site, so SameSite cookies do not stop it). The API takes a
// change only when the request says it comes from Opsdeck's own pages (lib/http/same-origin.ts).
import { randomBytes } from "node:crypto";
import { expect, request, test, type APIRequestContext } from "@playwright/test";
import { sameOrigin } from "../support/fixtures";
import { APP_A, storageStateFor, WEBHOOK_TOKEN } from "../support/instances";

/** The admin's session cookie, without the Origin a well-behaved client adds: headers are per request. */
let admin: APIRequestContext;
test.beforeAll(async () => {
  admin = await request.newContext({ baseURL: APP_A.url, storageState: storageStateFor("admin") });
});
test.afterAll(async () => admin.dispose());

const declare = (title: string, headers: Record<string, string>) =>
  admin.post("/api/incidents", { data: { title, severity: "SEV4" }, headers });

async function incidentTitled(title: string): Promise<boolean> {
  const list = await admin.get("/api/incidents?status=open&limit=200");
  const { incidents } = (await list.json()) as { incidents: { title: string }[] };
  return incidents.some((i) => i.title === title);
}

test("a change from another origin is refused, with the admin's session cookie and all", async () => {
  const title = `Forged ${randomBytes(4).toString("hex")}`;
  const attempts: Record<string, string>[] = [
    { Origin: "https://evil.example" },
    { Origin: "http://ops.localhost:3310" },
    { Origin: "https://evil.example", "Sec-Fetch-Site": "same-origin" },
    { "Sec-Fetch-Site": "cross-site" },
    { "Sec-Fetch-Site": "same-site" },
    {}, // says nothing about where it comes from
  ];
  for (const headers of attempts) {
    const response = await declare(title, headers);
    expect(response.status(), JSON.stringify(headers)).toBe(403);
    const { error } = (await response.json()) as { error: { code: string; requestId: string } };
    expect(error.code).toBe("cross_origin");
    expect(error.requestId).toBeTruthy();
  }
  expect(await incidentTitled(title)).toBe(false);
});

test("the same change from Opsdeck's own origin goes through", async () => {
  const title = `Declared ${randomBytes(4).toString("hex")}`;
  expect((await declare(title, sameOrigin())).status()).toBe(201);
  expect((await declare(`${title} again`, { "Sec-Fetch-Site": "same-origin" })).status()).toBe(201);
  expect(await incidentTitled(title)).toBe(true);
});

test("reads and the bearer-token webhook are not origin-checked", async () => {
  expect((await admin.get("/api/me", { headers: { Origin: "https://evil.example" } })).status()).toBe(200);
  const webhook = await admin.post("/api/webhooks/alertmanager", {
    headers: { Origin: "https://evil.example", Authorization: `Bearer ${WEBHOOK_TOKEN}` },
    data: { version: "4", status: "firing", alerts: [] },
  });
  expect(webhook.status()).not.toBe(403);
});
