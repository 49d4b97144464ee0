// One incident per cause, on real PostgreSQL: alert groups joining open incidents, and responders
// merging incidents and splitting an alert group out again.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { env } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { ConflictError, ForbiddenError, ValidationError } from "@/lib/errors";
import { contextFor } from "@/tests/support/actors";
import { alertmanagerContext, newService, payload, WEBHOOK_TOKEN } from "@/tests/support/alertmanager";
import { getIncident, mergeIncident, splitAlertGroup } from ".";
import { ingestAlertmanagerWebhook } from "./alertmanager-webhook";

beforeAll(() => {
  Object.assign(env(), {
    ALERTMANAGER_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
    INCIDENT_AUTO_RESOLVE: true,
    INCIDENT_GROUPING_WINDOW_MINUTES: 30,
    INCIDENT_GROUPING_LABELS: ["cluster"],
  });
});

const fire = (groupKey: string, options: Parameters<typeof payload>[2]) =>
  ingestAlertmanagerWebhook(alertmanagerContext(), payload(groupKey, "firing", options));
const openIncidentsOf = (services: string[]) =>
  db().incident.count({ where: { status: { not: "resolved" }, services: { hasSome: services } } });

describe("grouping alerts into incidents", () => {
  it("joins alerts of the same service into its open incident, and says why in the timeline", async () => {
    const service = newService();
    const opened = await fire(`g-${randomUUID()}`, { service, fingerprint: "f1" });
    const burn = await fire(`g-${randomUUID()}`, {
      service,
      alertname: "ErrorBudgetBurnFast",
      fingerprint: "f2",
    });
    // A warning opens nothing by itself, but joins the incident of its service.
    const latency = await fire(`g-${randomUUID()}`, {
      service,
      alertname: "HighLatency",
      severity: "warning",
      fingerprint: "f3",
    });
    expect(opened).toMatchObject({ created: true, joined: false });
    expect(burn).toMatchObject({ incidentNumber: opened.incidentNumber, created: false, joined: true });
    expect(latency).toMatchObject({ incidentNumber: opened.incidentNumber, joined: true });
    expect(await openIncidentsOf([service])).toBe(1);

    const incident = await getIncident(await contextFor("viewer"), String(opened.incidentNumber));
    expect(incident.alertGroups.map((g) => [g.alertname, g.reason])).toEqual([
      ["HighErrorRatio", "opened"],
      ["ErrorBudgetBurnFast", "same_service"],
      ["HighLatency", "same_service"],
    ]);
    expect(incident.timeline.filter((e) => e.kind === "alert_joined").map((e) => e.body)).toEqual([
      `ErrorBudgetBurnFast on ${service} joined: same service (${service})`,
      `HighLatency on ${service} joined: same service (${service})`,
    ]);
  });

  it("joins by a grouping label across services, and keeps other values apart", async () => {
    const [a, b, c] = [newService(), newService(), newService()];
    const first = await fire(`g-${randomUUID()}`, { service: a, extraLabels: { cluster: `eu-${a}` } });
    const joined = await fire(`g-${randomUUID()}`, { service: b, extraLabels: { cluster: `eu-${a}` } });
    const apart = await fire(`g-${randomUUID()}`, { service: c, extraLabels: { cluster: `us-${a}` } });
    expect(joined).toMatchObject({ incidentNumber: first.incidentNumber, joined: true });
    expect(apart).toMatchObject({ created: true, joined: false });
    const incident = await db().incident.findUniqueOrThrow({ where: { number: first.incidentNumber! } });
    expect(incident.services).toEqual([a, b]);
  });

  it("opens a new incident once the open one's last alert is older than the window", async () => {
    const service = newService();
    const first = await fire(`g-${randomUUID()}`, { service });
    await db().incident.update({
      where: { number: first.incidentNumber! },
      data: {
        lastAlertAt: new Date(Date.now() - 31 * 60_000),
        createdAt: new Date(Date.now() - 40 * 60_000),
      },
    });
    const later = await fire(`g-${randomUUID()}`, { service, alertname: "HighLatency" });
    expect(later).toMatchObject({ created: true, joined: false });
    expect(later.incidentNumber).not.toBe(first.incidentNumber);
  });

  it("resolves by itself only when every alert group in it resolved", async () => {
    const service = newService();
    const [openerKey, joinerKey] = [`g-${randomUUID()}`, `g-${randomUUID()}`];
    const opened = await fire(openerKey, { service, fingerprint: "o1" });
    await fire(joinerKey, { service, alertname: "HighLatency", fingerprint: "j1" });
    const ctx = alertmanagerContext;
    const one = await ingestAlertmanagerWebhook(
      ctx(),
      payload(joinerKey, "resolved", { service, alertname: "HighLatency", fingerprint: "j1" }),
    );
    expect(one).toMatchObject({ incidentNumber: opened.incidentNumber, resolved: false });
    const both = await ingestAlertmanagerWebhook(
      ctx(),
      payload(openerKey, "resolved", { service, fingerprint: "o1" }),
    );
    expect(both).toMatchObject({ incidentNumber: opened.incidentNumber, resolved: true });
  });
});

describe("merging and splitting", () => {
  it("merges one incident into another: alerts move, both timelines say so, audited, idempotent", async () => {
    const responder = await contextFor("responder");
    const [a, b] = [newService(), newService()];
    const keep = await fire(`g-${randomUUID()}`, { service: a });
    const bKey = `g-${randomUUID()}`;
    const gone = await fire(bKey, { service: b });
    expect(gone.created).toBe(true);

    const merged = await mergeIncident(responder, String(gone.incidentNumber), {
      into: String(keep.incidentNumber),
    });
    expect(merged.number).toBe(keep.incidentNumber);
    expect(merged.services).toEqual([a, b]);
    expect(merged.alertGroups.find((g) => g.groupKey === bKey)).toMatchObject({ reason: "merged" });
    expect(merged.timeline.at(-1)!.body).toMatch(
      new RegExp(`^Merged #${gone.incidentNumber} into this incident`),
    );
    const source = await getIncident(responder, String(gone.incidentNumber));
    expect(source).toMatchObject({ status: "resolved", mergedInto: { number: keep.incidentNumber } });
    expect(source.timeline.map((e) => e.kind)).toEqual(["alert_fired", "declared", "merged_into"]); // the alert fired before
    expect(await openIncidentsOf([a, b])).toBe(1);

    // Again: the same answer, nothing written twice.
    const again = await mergeIncident(responder, String(gone.incidentNumber), {
      into: String(keep.incidentNumber),
    });
    expect(again.timeline.filter((e) => e.kind === "merged_from")).toHaveLength(1);
    expect(
      await db().auditEntry.count({
        where: { action: "incident.merge", result: "success", targetId: source.id },
      }),
    ).toBe(2);

    // Later notifications of the moved group land in the incident it moved to.
    const later = await fire(bKey, { service: b, fingerprint: "later" });
    expect(later.incidentNumber).toBe(keep.incidentNumber);
  });

  it("refuses a merge into itself, into a resolved incident, and from a viewer", async () => {
    const responder = await contextFor("responder");
    const viewer = await contextFor("viewer");
    const one = await fire(`g-${randomUUID()}`, { service: newService() });
    const other = await fire(`g-${randomUUID()}`, { service: newService() });
    const ref = String(one.incidentNumber);
    await expect(mergeIncident(responder, ref, { into: ref })).rejects.toBeInstanceOf(ValidationError);
    await expect(mergeIncident(viewer, ref, { into: String(other.incidentNumber) })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await db().incident.update({ where: { number: other.incidentNumber! }, data: { status: "resolved" } });
    await expect(
      mergeIncident(responder, ref, { into: String(other.incidentNumber) }),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it("splits an alert group out into a new incident, with its history; both timelines keep theirs", async () => {
    const responder = await contextFor("responder");
    const [a, b] = [newService(), newService()];
    const opened = await fire(`g-${randomUUID()}`, { service: a, extraLabels: { cluster: `c-${a}` } });
    const strayKey = `g-${randomUUID()}`;
    await fire(strayKey, {
      service: b,
      severity: "warning",
      fingerprint: "stray",
      extraLabels: { cluster: `c-${a}` },
    });
    const ref = String(opened.incidentNumber);

    const split = await splitAlertGroup(responder, ref, { groupKey: strayKey });
    expect(split).toMatchObject({ title: `HighErrorRatio on ${b}`, severity: "SEV3", services: [b] });
    expect(split.alertGroups).toEqual([expect.objectContaining({ groupKey: strayKey, reason: "split" })]);
    expect(split.timeline.map((e) => e.kind)).toEqual(["alert_fired", "declared", "split_from"]);
    const source = await getIncident(responder, ref);
    expect(source.services).toEqual([a]);
    expect(source.alertGroups.map((g) => g.groupKey)).not.toContain(strayKey);
    expect(source.timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(["alert_joined", "split_out"]));
    expect(source.timeline.filter((e) => e.kind === "alert_fired")).toHaveLength(2); // its history stays

    // Idempotent: asking again answers the same new incident.
    expect((await splitAlertGroup(responder, ref, { groupKey: strayKey })).number).toBe(split.number);
    // The group's later notifications go to the new incident, and a redelivery lands once there.
    const again = await fire(strayKey, {
      service: b,
      severity: "warning",
      fingerprint: "stray",
      extraLabels: { cluster: `c-${a}` },
    });
    expect(again).toMatchObject({ incidentNumber: split.number, entriesAdded: 0 });
    // The only group left cannot be split from its incident.
    await expect(
      splitAlertGroup(responder, ref, { groupKey: source.alertGroups[0]!.groupKey }),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});
