import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { env } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { UnauthenticatedError } from "@/lib/errors";
import { ingestAlertmanagerWebhook, webhookContext } from "./alertmanager-webhook";

const TOKEN = "test-webhook-token-0123456789";
beforeAll(() => {
  Object.assign(env(), { ALERTMANAGER_WEBHOOK_TOKEN: TOKEN, INCIDENT_AUTO_RESOLVE: true });
});

const ctx = () =>
  webhookContext(`Bearer ${TOKEN}`, {
    requestId: randomUUID(),
    ip: "127.0.0.1",
    userAgent: "Alertmanager/0.25",
  });

function payload(
  groupKey: string,
  status: "firing" | "resolved",
  severity = "critical",
  fingerprint = "abc123",
) {
  const startsAt = "2026-11-27T10:00:00Z";
  return {
    version: "4",
    groupKey,
    status,
    receiver: "opsdeck",
    groupLabels: { alertname: "HighErrorRatio", service: "payments" },
    commonLabels: { alertname: "HighErrorRatio", service: "payments", severity },
    commonAnnotations: { summary: "payments fails 60% of requests", description: "More than 5% errors." },
    externalURL: "http://alertmanager",
    alerts: [
      {
        status,
        labels: { alertname: "HighErrorRatio", service: "payments", severity },
        annotations: { summary: "payments fails 60% of requests" },
        startsAt,
        endsAt: status === "resolved" ? "2026-11-27T10:20:00Z" : "0001-01-01T00:00:00Z",
        generatorURL: "http://prometheus/graph",
        fingerprint,
      },
    ],
  };
}

describe("the Alertmanager webhook", () => {
  it("refuses callers without the token", () => {
    expect(() => webhookContext(null, { requestId: "r", ip: null, userAgent: null })).toThrow(
      UnauthenticatedError,
    );
    expect(() =>
      webhookContext("Bearer wrong-token-0123456789012", { requestId: "r", ip: null, userAgent: null }),
    ).toThrow(UnauthenticatedError);
    // As long as the token in characters, longer in bytes: compared as buffers, this used to throw (500).
    const nonAscii = `Bearer ${TOKEN.slice(0, -1)}\u00e9`;
    expect(() => webhookContext(nonAscii, { requestId: "r", ip: null, userAgent: null })).toThrow(
      UnauthenticatedError,
    );
  });

  it("opens one incident per group, ignores redelivery, and resolves with the group", async () => {
    const groupKey = `{}:{alertname="HighErrorRatio", service="payments"}-${randomUUID()}`;
    const first = await ingestAlertmanagerWebhook(ctx(), payload(groupKey, "firing"));
    expect(first).toMatchObject({ created: true, entriesAdded: 1 });
    const again = await ingestAlertmanagerWebhook(ctx(), payload(groupKey, "firing"));
    expect(again).toMatchObject({ incidentNumber: first.incidentNumber, created: false, entriesAdded: 0 });

    const incident = await db().incident.findUniqueOrThrow({
      where: { number: first.incidentNumber! },
      include: { timeline: true },
    });
    expect(incident).toMatchObject({
      title: "payments fails 60% of requests",
      severity: "SEV2",
      services: ["payments"],
      source: "alertmanager",
    });
    expect(incident.timeline.map((e) => e.kind).sort()).toEqual(["alert_fired", "declared"]);

    const resolved = await ingestAlertmanagerWebhook(ctx(), payload(groupKey, "resolved"));
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
      payload(`group-${randomUUID()}`, "firing", "warning"),
    );
    expect(outcome).toEqual({ incidentNumber: null, created: false, entriesAdded: 0, resolved: false });
  });

  it("creates one incident when two deliveries of a new group race", async () => {
    const groupKey = `race-${randomUUID()}`;
    const outcomes = await Promise.all([
      ingestAlertmanagerWebhook(ctx(), payload(groupKey, "firing")),
      ingestAlertmanagerWebhook(ctx(), payload(groupKey, "firing")),
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
