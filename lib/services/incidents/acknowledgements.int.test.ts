// Taking command acknowledges the incident's alerts, against a stand-in for Alertmanager's silence API
// (the real one is in grouping.stack.test.ts): hand-over replaces the acknowledgements, resolving ends them.
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "@/lib/config/env";
import { contextFor } from "@/tests/support/actors";
import { alertmanagerContext, newService, payload, WEBHOOK_TOKEN } from "@/tests/support/alertmanager";
import { assignRole, updateIncident } from ".";
import { ingestAlertmanagerWebhook } from "./alertmanager-webhook";

let server: Server;
let failing = false;
const created: {
  id: string;
  createdBy: string;
  comment: string;
  matchers: { name: string; value: string }[];
}[] = [];
const expired: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      if (failing) return void res.writeHead(503).end("down");
      if (req.method === "POST" && req.url === "/api/v2/silences") {
        const id = randomUUID();
        created.push({ id, ...JSON.parse(body) });
        return void res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ silenceID: id }));
      }
      const expire = /^\/api\/v2\/silence\/(.+)$/.exec(req.url ?? "");
      if (req.method === "DELETE" && expire) {
        expired.push(decodeURIComponent(expire[1]!));
        return void res.writeHead(200).end();
      }
      res.writeHead(404).end();
    });
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)),
  );
  Object.assign(env(), {
    ALERTMANAGER_URL: `http://127.0.0.1:${port}`,
    ALERTMANAGER_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
    ALERTMANAGER_TIMEOUT_MS: 2_000,
  });
});
afterAll(() => server.close());

describe("taking command", () => {
  it("acknowledges the incident's alerts for the commander, hands them over, and ends them on resolving", async () => {
    const [a, b] = [await contextFor("responder"), await contextFor("responder")];
    const service = newService();
    const opened = await ingestAlertmanagerWebhook(
      alertmanagerContext(),
      payload(`g-${randomUUID()}`, "firing", { service }),
    );
    await ingestAlertmanagerWebhook(
      alertmanagerContext(),
      payload(`g-${randomUUID()}`, "firing", { service, alertname: "HighLatency", fingerprint: "l1" }),
    );
    const ref = String(opened.incidentNumber);

    let incident = await assignRole(a, ref, { role: "commander" });
    const first = created.filter((s) => s.createdBy === a.actor!.email);
    expect(first.map((s) => s.matchers.map((m) => `${m.name}=${m.value}`).join(","))).toEqual([
      `alertname=HighErrorRatio,service=${service}`,
      `alertname=HighLatency,service=${service}`,
    ]);
    expect(first.every((s) => s.comment === `[ack] ${a.actor!.email} has incident #${ref}`)).toBe(true);
    expect(incident.timeline.at(-1)!.kind).toBe("alerts_acknowledged");

    // An alert joining the incident someone has is theirs too; the others are left as they are.
    const before = created.length;
    await ingestAlertmanagerWebhook(
      alertmanagerContext(),
      payload(`g-${randomUUID()}`, "firing", {
        service,
        alertname: "ErrorBudgetBurnFast",
        fingerprint: "b1",
      }),
    );
    expect(created.slice(before).map((s) => [s.createdBy, s.matchers[0]!.value])).toEqual([
      [a.actor!.email, "ErrorBudgetBurnFast"],
    ]);
    first.push(...created.slice(before));

    // Handed over: the new commander's replace the old ones.
    incident = await assignRole(a, ref, { role: "commander", userEmail: b.actor!.email });
    expect(expired).toEqual(expect.arrayContaining(first.map((s) => s.id)));
    const second = created.filter((s) => s.createdBy === b.actor!.email);
    expect(second).toHaveLength(3);

    await updateIncident(b, ref, { status: "resolved", base: { status: incident.status } });
    expect(expired).toEqual(expect.arrayContaining(second.map((s) => s.id)));
  });

  it("acknowledges groups resolved for now too, when the next notification finds them without one", async () => {
    const responder = await contextFor("responder");
    const service = newService();
    const [errors, latency] = [`g-${randomUUID()}`, `g-${randomUUID()}`];
    const latencyAlert = { service, alertname: "HighLatency", fingerprint: "l2" };
    const opened = await ingestAlertmanagerWebhook(
      alertmanagerContext(),
      payload(errors, "firing", { service }),
    );
    await ingestAlertmanagerWebhook(alertmanagerContext(), payload(latency, "firing", latencyAlert));
    await ingestAlertmanagerWebhook(alertmanagerContext(), payload(latency, "resolved", latencyAlert));
    const ref = String(opened.incidentNumber);

    // Alertmanager refused the acknowledgements when command was taken.
    failing = true;
    try {
      await assignRole(responder, ref, { role: "commander" });
    } finally {
      failing = false;
    }
    // Its next notification of a firing group acknowledges the incident's groups for the commander,
    // the resolved one too: a flapping alert that fires again is the commander's, not a fresh page.
    const before = created.length;
    await ingestAlertmanagerWebhook(alertmanagerContext(), payload(errors, "firing", { service }));
    expect(created.slice(before).map((s) => [s.createdBy, s.matchers[0]!.value])).toEqual([
      [responder.actor!.email, "HighErrorRatio"],
      [responder.actor!.email, "HighLatency"],
    ]);
    // Acknowledged once: the next repeat adds none.
    await ingestAlertmanagerWebhook(alertmanagerContext(), payload(errors, "firing", { service }));
    expect(created.length).toBe(before + 2);
  });

  it("still takes command when Alertmanager fails, and says the alerts were not acknowledged", async () => {
    const responder = await contextFor("responder");
    const opened = await ingestAlertmanagerWebhook(
      alertmanagerContext(),
      payload(`g-${randomUUID()}`, "firing", { service: newService() }),
    );
    failing = true;
    try {
      const incident = await assignRole(responder, String(opened.incidentNumber), { role: "commander" });
      expect(incident.roles.find((r) => r.role === "commander")?.userEmail).toBe(responder.actor!.email);
      expect(incident.timeline.at(-1)!.body).toMatch(/^The alerts could not be acknowledged in Alertmanager/);
    } finally {
      failing = false;
    }
  });
});
