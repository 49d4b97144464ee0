import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { env } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { ingestAlertmanagerWebhook, webhookContext } from "./alertmanager-webhook";
import { recordOnMatchingIncidents } from "./related";

const TOKEN = "test-webhook-token-related-0123456789";
beforeAll(() => {
  Object.assign(env(), { ALERTMANAGER_WEBHOOK_TOKEN: TOKEN });
});

async function openIncidentFor(service: string) {
  const labels = { alertname: "HighErrorRatio", service, severity: "critical" };
  const outcome = await ingestAlertmanagerWebhook(
    webhookContext(`Bearer ${TOKEN}`, { requestId: randomUUID(), ip: null, userAgent: null }),
    {
      version: "4",
      groupKey: `related-${randomUUID()}`,
      status: "firing",
      receiver: "opsdeck",
      groupLabels: { alertname: "HighErrorRatio", service },
      commonLabels: labels,
      commonAnnotations: {},
      externalURL: "http://alertmanager",
      alerts: [
        {
          status: "firing",
          labels,
          annotations: {},
          startsAt: new Date().toISOString(),
          endsAt: "0001-01-01T00:00:00Z",
          fingerprint: randomUUID(),
        },
      ],
    },
  );
  return outcome.incidentNumber!;
}

const actor = { userId: null, email: "responder@example.com" };
const entry = (id: string) => ({ kind: "silence", body: `Silenced ${id}`, dedupeKey: `silence:${id}` });

describe("recordOnMatchingIncidents", () => {
  it("adds the entry once to the open incidents whose alerts match, and to no other", async () => {
    const service = `ledger-${randomUUID().slice(0, 8)}`;
    const number = await openIncidentFor(service);
    const other = await openIncidentFor(`${service}-other`);
    const matchers = [{ name: "service", value: service, isRegex: false, isEqual: true }];

    expect(
      await db().$transaction((tx) => recordOnMatchingIncidents(tx, actor, matchers, entry("s1"))),
    ).toEqual([number]);
    // A retried request (same silence) adds nothing more.
    await db().$transaction((tx) => recordOnMatchingIncidents(tx, actor, matchers, entry("s1")));
    const entries = await db().timelineEntry.findMany({ where: { incident: { number }, kind: "silence" } });
    expect(entries.map((e) => [e.body, e.actorEmail])).toEqual([["Silenced s1", "responder@example.com"]]);
    expect(await db().timelineEntry.count({ where: { incident: { number: other }, kind: "silence" } })).toBe(
      0,
    );

    await db().incident.update({ where: { number }, data: { status: "resolved" } });
    expect(
      await db().$transaction((tx) => recordOnMatchingIncidents(tx, actor, matchers, entry("s2"))),
    ).toEqual([]);
  });
});
