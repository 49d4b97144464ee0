// PagerDuty and Opsgenie through the outbox, against a local receiver standing in for both APIs: an
// incident's life triggers, acknowledges and resolves one alert, keyed by the incident.
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { assignRole, declareIncident, updateIncident } from "@/lib/services/incidents";
import { contextFor } from "@/tests/support/actors";
import { dispatchDue } from "./outbox";

let server: Server;
const received: { path: string; authorization: string | undefined; body: Record<string, unknown> }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({
        path: req.url ?? "",
        authorization: req.headers.authorization,
        body: JSON.parse(body),
      });
      res.writeHead(202, { "content-type": "application/json" }).end('{"status":"success"}');
    });
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)),
  );
  Object.assign(env(), {
    INCIDENT_WEBHOOKS: [],
    INCIDENT_PAGERDUTY_ROUTING_KEY: "pd-routing-key",
    INCIDENT_PAGERDUTY_URL: `http://127.0.0.1:${port}/v2/enqueue`,
    INCIDENT_OPSGENIE_API_KEY: "og-api-key",
    INCIDENT_OPSGENIE_URL: `http://127.0.0.1:${port}`,
  });
});
afterAll(() => server.close());

describe("paging integrations", () => {
  it("trigger on declaring, acknowledge on taking command, resolve on resolving, with one key", async () => {
    const responder = await contextFor("responder");
    const incident = await declareIncident(responder, {
      title: "Paging test",
      severity: "SEV1",
      services: ["web"],
    });
    await assignRole(responder, incident.id, { role: "commander" });
    await updateIncident(responder, incident.id, { status: "monitoring", base: { status: "investigating" } });
    await updateIncident(responder, incident.id, { status: "resolved", base: { status: "monitoring" } });
    while ((await dispatchDue()) > 0);

    const rows = await db().webhookDelivery.findMany({ where: { incidentId: incident.id } });
    expect(rows.every((r) => r.status === "delivered")).toBe(true);
    // The Opsgenie key is sent, never stored.
    expect(JSON.stringify(rows)).not.toContain("og-api-key");

    const key = `opsdeck-incident-${incident.id}`;
    const pagerDuty = received.filter((r) => r.path === "/v2/enqueue" && r.body.dedup_key === key);
    expect(pagerDuty.map((r) => r.body.event_action)).toEqual(["trigger", "acknowledge", "resolve"]);
    expect(pagerDuty[0]!.body).toMatchObject({
      routing_key: "pd-routing-key",
      payload: { severity: "critical" },
    });

    const opsgenie = received.filter(
      (r) => r.path.startsWith("/v2/alerts") && (r.body.alias === key || r.path.includes(key)),
    );
    expect(opsgenie.map((r) => r.path)).toEqual([
      "/v2/alerts",
      `/v2/alerts/${key}/acknowledge?identifierType=alias`,
      `/v2/alerts/${key}/close?identifierType=alias`,
    ]);
    expect(opsgenie.every((r) => r.authorization === "GenieKey og-api-key")).toBe(true);
    expect(pagerDuty.every((r) => r.authorization === undefined)).toBe(true);
  });
});
