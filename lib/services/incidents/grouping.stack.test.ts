// The demo's payments fault against the real Prometheus, Alertmanager, Jaeger and fleet: Alertmanager's
// own notifications (recorded by the stack's webhook sink) go through the webhook service in the order
// delivered, with the trace dependency graph from Jaeger. One cause, one incident.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { alertmanagerContext, WEBHOOK_TOKEN } from "@/tests/support/alertmanager";
import { clearFaults, setFaults, stack, waitFor } from "@/tests/support/stack";
import { alertmanagerWebhook, ingestAlertmanagerWebhook } from "./alertmanager-webhook";
import { assignRole, getIncident, updateIncident } from ".";
import { listAlertGroups, listSilences } from "@/lib/services/alerts";
import { contextFor } from "@/tests/support/actors";

type Delivery = { at: string; path: string; body: unknown };
// The payments fault's blast radius: payments and its callers.
const CAUSE = ["payments", "checkout", "web"];

beforeAll(() => {
  Object.assign(env(), { ALERTMANAGER_WEBHOOK_TOKEN: WEBHOOK_TOKEN, INCIDENT_GROUPING_WINDOW_MINUTES: 30 });
});
afterAll(clearFaults);

/** Alertmanager's notifications about the cause's services since the sink was cleared, oldest first. */
async function notifications() {
  const received = (await (await fetch(`${stack().urls.sink}/received`)).json()) as Delivery[];
  return received
    .filter((d) => d.path === "/alertmanager")
    .map((d) => alertmanagerWebhook.parse(d.body))
    .filter((n) => CAUSE.includes(n.commonLabels.service ?? ""));
}

const openIncidents = () =>
  db().incident.findMany({ where: { status: { not: "resolved" }, services: { hasSome: CAUSE } } });

describe("grouping with the demo's payments fault", () => {
  it(
    "opens exactly one incident for payments and its callers, saying why each alert joined, and later alerts add none; taking command acknowledges them until resolved",
    { timeout: 480_000 },
    async () => {
      await fetch(`${stack().urls.sink}/received`, { method: "DELETE" });
      await setFaults("payments", { errorRate: 0.5 });

      // Until Alertmanager has told about payments and at least one of its callers.
      await waitFor(
        "firing notifications for payments and a caller",
        async () => {
          const firing = new Set(
            (await notifications()).filter((n) => n.status === "firing").map((n) => n.commonLabels.service),
          );
          return firing.has("payments") && (firing.has("checkout") || firing.has("web")) ? true : undefined;
        },
        { timeoutMs: 300_000, intervalMs: 5_000 },
      );

      // Then every notification as it came, and again for the next minute and a half as more alerts
      // (burn rates) fire: the count of open incidents for this cause never goes above one.
      let ingested = 0;
      const counts: number[] = [];
      const opening = new Set<string>();
      const drain = async () => {
        const all = await notifications();
        for (const n of all.slice(ingested)) {
          if (
            n.status === "firing" &&
            n.alerts.some((a) => env().INCIDENT_AUTO_OPEN_SEVERITIES.includes(a.labels.severity ?? ""))
          )
            opening.add(n.groupKey);
          await ingestAlertmanagerWebhook(alertmanagerContext(), n);
          counts.push((await openIncidents()).length);
        }
        ingested = all.length;
      };
      await drain();
      const deadline = Date.now() + 90_000;
      while (Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 10_000));
        await drain();
      }

      const [incident, ...others] = await openIncidents();
      expect(others).toEqual([]);
      // Before the first notification of a severity that opens incidents (a warning's, a resolved one's)
      // there is none yet: the count is 0 there, and never above one.
      expect(Math.max(...counts)).toBe(1);
      expect(counts.slice(counts.indexOf(1)).every((c) => c === 1)).toBe(true);
      const detail = await getIncident(await contextFor("viewer"), incident!.id);
      const joined = detail.alertGroups.filter((g) => g.reason !== "opened");
      // What one incident per alert group would have opened, for the note; printed before the checks so
      // a failing run says why each group joined.
      console.log(
        `payments fault: ${opening.size} alert groups that open incidents, ${detail.alertGroups.length} groups in 1 incident (#${detail.number}); joined: ${joined.map((g) => `${g.alertname}/${g.service} (${g.reasonText})`).join("; ")}; open-incident counts after each notification: ${counts.join(",")}`,
      );
      // payments and at least one caller are in the one incident, whichever alert came first: a caller's
      // alert may open it and payments' join, or the other way round.
      const services = new Set(detail.alertGroups.map((g) => g.service));
      expect(services.has("payments")).toBe(true);
      expect(services.has("checkout") || services.has("web")).toBe(true);
      expect(joined.length).toBeGreaterThan(0);
      // Each joins through the trace graph (to payments, or to a caller already in the incident: web
      // depends on checkout) or as the same service; no grouping labels are configured.
      for (const g of joined) {
        expect(["same_service", "depends_on", "depended_on"], g.reasonText).toContain(g.reason);
        expect(g.reasonText).toMatch(
          new RegExp(`(${CAUSE.join("|")})( → (${CAUSE.join("|")}))* in traces|same service`),
        );
      }
      expect(detail.timeline.filter((e) => e.kind === "alert_joined").length).toBe(joined.length);
      expect(opening.size).toBeGreaterThan(1);

      // Taking command acknowledges the incident's alerts: the alert list says who has them.
      const responder = await contextFor("responder");
      const commanded = await assignRole(responder, detail.id, { role: "commander" });
      expect(commanded.timeline.at(-1)!.body).toMatch(
        /^Alerts acknowledged for .+ until resolved or handed over/,
      );
      // The alerts of the incident's groups. Others of these services may be firing since before this test
      // (burn rates over an hour or six stay high after earlier tests' faults): Alertmanager told about
      // them before the sink was cleared, so they are in no incident here, and not acknowledged.
      const holders = async () => {
        const groups = new Set(
          (await getIncident(responder, detail.id)).alertGroups.map((g) => `${g.alertname}/${g.service}`),
        );
        return (
          await listAlertGroups(responder, { filter: [`service=~"${CAUSE.join("|")}"`], silenced: "true" })
        ).groups
          .flatMap((g) => g.alerts)
          .filter((a) => a.state === "active" || a.silenced)
          .filter((a) => groups.has(`${a.labels.alertname}/${a.labels.service}`));
      };
      let waiting: string[] = [];
      const held = await waitFor(
        "the incident's alerts acknowledged",
        async () => {
          // Alertmanager keeps notifying (a burn-rate alert may start firing now, a flapping one again):
          // as the webhook would, those join the commanded incident and are acknowledged with it.
          await drain();
          const alerts = await holders();
          waiting = alerts.filter((a) => !a.ack).map((a) => `${a.labels.alertname}/${a.labels.service}`);
          return alerts.length && !waiting.length ? alerts : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 2_000 },
      ).catch((error: unknown) => {
        throw new Error(`${(error as Error).message}; not acknowledged: ${waiting.join(", ")}`);
      });
      expect(Math.max(...counts)).toBe(1);
      expect(
        held.every((a) => a.ack!.by === responder.actor!.email && a.ack!.incidentNumber === detail.number),
      ).toBe(true);

      // Resolving ends the acknowledgements.
      await updateIncident(responder, detail.id, { status: "resolved", base: { status: commanded.status } });
      const ackIds = new Set(held.map((a) => a.ack!.silenceId));
      const silences = await listSilences(responder);
      expect(silences.filter((s) => ackIds.has(s.id)).every((s) => s.state === "expired")).toBe(true);
    },
  );
});
