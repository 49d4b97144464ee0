import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { env } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { UnauthenticatedError } from "@/lib/errors";
import { alertmanagerContext, newService, payload, WEBHOOK_TOKEN } from "@/tests/support/alertmanager";
import { ingestAlertmanagerWebhook, webhookContext } from "./alertmanager-webhook";

beforeAll(() => {
  Object.assign(env(), { ALERTMANAGER_WEBHOOK_TOKEN: WEBHOOK_TOKEN, INCIDENT_AUTO_RESOLVE: true });
});

const ctx = alertmanagerContext;

describe("the Alertmanager webhook", () => {
  it("refuses callers without the token", () => {
    expect(() => webhookContext(null, { requestId: "r", ip: null, userAgent: null })).toThrow(
      UnauthenticatedError,
    );
    expect(() =>
      webhookContext("Bearer wrong-token-0123456789012", { requestId: "r", ip: null, userAgent: null }),
    ).toThrow(UnauthenticatedError);
    // As long as the token in characters, longer in bytes: compared as buffers, this used to throw (500).
    const nonAscii = `Bearer ${WEBHOOK_TOKEN.slice(0, -1)}\u00e9`;
    expect(() => webhookContext(nonAscii, { requestId: "r", ip: null, userAgent: null })).toThrow(
      UnauthenticatedError,
    );
  });

  it("opens one incident per group, ignores redelivery, and resolves with the group", async () => {
    const groupKey = `{}:{alertname="HighErrorRatio", service="payments"}-${randomUUID()}`;
    const service = newService();
    const first = await ingestAlertmanagerWebhook(ctx(), payload(groupKey, "firing", { service }));
    expect(first).toMatchObject({ created: true, entriesAdded: 1 });
    const again = await ingestAlertmanagerWebhook(ctx(), payload(groupKey, "firing", { service }));
    expect(again).toMatchObject({ incidentNumber: first.incidentNumber, created: false, entriesAdded: 0 });

    const incident = await db().incident.findUniqueOrThrow({
      where: { number: first.incidentNumber! },
      include: { timeline: true },
    });
    expect(incident).toMatchObject({
      title: `${service} fails 60% of requests`,
      severity: "SEV2",
      services: [service],
      source: "alertmanager",
    });
    expect(incident.timeline.map((e) => e.kind).sort()).toEqual(["alert_fired", "declared"]);

    const resolved = await ingestAlertmanagerWebhook(ctx(), payload(groupKey, "resolved", { service }));
    expect(resolved).toMatchObject({ incidentNumber: first.incidentNumber, resolved: true });
    const after = await db().incident.findUniqueOrThrow({
      where: { id: incident.id },
      include: { timeline: true },
    });
    expect(after.status).toBe("resolved");
    expect(after.timeline.filter((e) => e.kind === "alert_resolved")).toHaveLength(1);
    const audit = await db().auditEntry.findMany({
      where: { action: "incident.alertmanager_webhook", targetId: incident.id },
    });
    expect(audit).toHaveLength(3);
    expect(audit.every((a) => a.authMethod === "webhook" && a.actorEmail === "alertmanager")).toBe(true);
  });

  it("opens nothing for alerts below the configured severity", async () => {
    const outcome = await ingestAlertmanagerWebhook(
      ctx(),
      payload(`group-${randomUUID()}`, "firing", { severity: "warning", service: newService() }),
    );
    expect(outcome).toEqual({
      incidentNumber: null,
      created: false,
      joined: false,
      entriesAdded: 0,
      resolved: false,
    });
  });

  it("creates one incident when two deliveries of a new group race", async () => {
    const groupKey = `race-${randomUUID()}`;
    const service = newService();
    const outcomes = await Promise.all([
      ingestAlertmanagerWebhook(ctx(), payload(groupKey, "firing", { service })),
      ingestAlertmanagerWebhook(ctx(), payload(groupKey, "firing", { service })),
    ]);
    expect(new Set(outcomes.map((o) => o.incidentNumber)).size).toBe(1);
    expect(outcomes.filter((o) => o.created)).toHaveLength(1);
    expect(await db().incident.count({ where: { alertGroupKey: groupKey } })).toBe(1);
  });

  it("rejects a malformed payload with the fields named", async () => {
    await expect(ingestAlertmanagerWebhook(ctx(), { version: "4", alerts: "nope" })).rejects.toMatchObject({
      status: 422,
    });
  });
});
