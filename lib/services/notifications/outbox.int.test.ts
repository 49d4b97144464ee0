import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { declareIncident } from "@/lib/services/incidents";
import { contextFor } from "@/tests/support/actors";
import { backoffMs, dispatchDue, MAX_ATTEMPTS } from "./outbox";

let server: Server;
let failuresLeft = 2;
const received: unknown[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      if (failuresLeft > 0) {
        failuresLeft--;
        res.writeHead(503).end("down for maintenance");
        return;
      }
      received.push(JSON.parse(body));
      res.writeHead(200).end("ok");
    });
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)),
  );
  Object.assign(env(), {
    INCIDENT_WEBHOOKS: [
      { url: `http://127.0.0.1:${port}/hook`, format: "json" },
      { url: `http://127.0.0.1:${port}/slack`, format: "slack" },
    ],
  });
});
afterAll(() => server.close());

/** Makes every pending delivery due now, as if its backoff had passed. */
async function fastForward() {
  await db().webhookDelivery.updateMany({
    where: { status: "pending" },
    data: { nextAttemptAt: new Date(0) },
  });
}

describe("the webhook outbox", () => {
  it("delivers incident events, retrying a failing receiver until it recovers", async () => {
    const responder = await contextFor("responder");
    const incident = await declareIncident(responder, { title: "Outbox test", severity: "SEV3" });
    const rows = await db().webhookDelivery.findMany({ where: { incidentId: incident.id } });
    expect(rows.map((r) => r.format).sort()).toEqual(["json", "slack"]);

    expect(await dispatchDue()).toBe(2); // both fail (503 twice)
    let after = await db().webhookDelivery.findMany({ where: { incidentId: incident.id } });
    expect(after.every((r) => r.status === "pending" && r.attempts === 1 && r.lastError === "HTTP 503")).toBe(
      true,
    );
    expect(after.every((r) => r.nextAttemptAt > new Date())).toBe(true);
    expect(await dispatchDue()).toBe(0); // backing off

    await fastForward();
    await dispatchDue();
    after = await db().webhookDelivery.findMany({ where: { incidentId: incident.id } });
    expect(after.every((r) => r.status === "delivered" && r.attempts === 2 && r.lastStatus === 200)).toBe(
      true,
    );
    const json = received.find((r) => (r as { event?: string }).event === "incident.declared") as {
      incident: { number: number; url: string };
    };
    expect(json.incident.number).toBe(incident.number);
    expect(json.incident.url).toMatch(new RegExp(`/incidents/${incident.number}$`));
    expect(
      received.some(
        (r) =>
          typeof (r as { text?: string }).text === "string" &&
          (r as { text: string }).text.includes(`Incident #${incident.number} declared`),
      ),
    ).toBe(true);
  });

  it("picks up a delivery whose instance died mid-send once its lease expires", async () => {
    const responder = await contextFor("responder");
    const incident = await declareIncident(responder, { title: "Lease test", severity: "SEV4" });
    // Another instance claimed them and died: they are leased into the future, still pending.
    await db().webhookDelivery.updateMany({
      where: { incidentId: incident.id },
      data: { nextAttemptAt: new Date(Date.now() + 60_000) },
    });
    expect(await dispatchDue()).toBe(0);
    await db().webhookDelivery.updateMany({
      where: { incidentId: incident.id },
      data: { nextAttemptAt: new Date(Date.now() - 1) },
    });
    expect(await dispatchDue()).toBe(2);
    expect(
      (await db().webhookDelivery.findMany({ where: { incidentId: incident.id } })).every(
        (r) => r.status === "delivered",
      ),
    ).toBe(true);
  });

  it("backs off exponentially with jitter, capped at ten minutes", () => {
    expect(backoffMs(1, () => 0)).toBe(1_000);
    expect(backoffMs(1, () => 1)).toBe(2_000);
    expect(backoffMs(4, () => 1)).toBe(16_000);
    expect(backoffMs(MAX_ATTEMPTS, () => 1)).toBe(600_000);
  });
});
