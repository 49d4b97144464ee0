import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { changeFeed, publishChange } from "@/lib/db/changes";
import { db } from "@/lib/db/client";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { createRunbook } from "@/lib/services/runbooks";
import { contextFor } from "@/tests/support/actors";
import {
  addNote,
  assignRole,
  checkStep,
  declareIncident,
  getIncident,
  incidentMetrics,
  listIncidents,
  postmortemMarkdown,
  setKeyEvent,
  startChecklist,
  updateIncident,
} from ".";

describe("incidents", () => {
  it("are declared by responders, audited, with a timeline; viewers are refused", async () => {
    const responder = await contextFor("responder");
    const viewer = await contextFor("viewer");
    const incident = await declareIncident(responder, {
      title: "Checkout is failing",
      severity: "SEV2",
      services: ["checkout"],
    });
    expect(incident).toMatchObject({
      status: "investigating",
      severity: "SEV2",
      services: ["checkout"],
      version: 1,
    });
    expect(incident.timeline.map((e) => e.kind)).toEqual(["declared"]);
    expect(
      await db().auditEntry.findFirst({
        where: {
          requestId: responder.requestId,
          action: "incident.declare",
          result: "success",
          targetId: incident.id,
        },
      }),
    ).not.toBeNull();

    await expect(declareIncident(viewer, { title: "nope", severity: "SEV4" })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(declareIncident(responder, { title: "x", severity: "SEV9" })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect((await listIncidents(viewer, {})).map((i) => i.number)).toContain(incident.number);
  });

  it("record the lifecycle: command, mitigation, resolution and reopening, with times for the metrics", async () => {
    const responder = await contextFor("responder");
    const other = await contextFor("responder");
    let incident = await declareIncident(responder, {
      title: "Inventory timeouts",
      severity: "SEV2",
      services: ["inventory"],
    });
    incident = await assignRole(responder, incident.id, { role: "commander" });
    expect(incident.acknowledgedAt).not.toBeNull();
    incident = await assignRole(responder, incident.id, { role: "commander", userEmail: other.actor!.email });
    expect(incident.roles.find((r) => r.role === "commander")?.userEmail).toBe(other.actor!.email);
    expect(incident.timeline.at(-1)!.body).toMatch(/handed over to/);

    incident = await updateIncident(responder, incident.id, {
      base: { status: incident.status },
      status: "monitoring",
    });
    expect(incident.mitigatedAt).not.toBeNull();
    incident = await updateIncident(responder, incident.id, {
      base: { status: incident.status, severity: incident.severity },
      status: "resolved",
      severity: "SEV3",
    });
    expect(incident.resolvedAt).not.toBeNull();
    expect(incident.timeline.filter((e) => e.kind === "status").map((e) => e.body)).toEqual([
      "Status: investigating → monitoring",
      "Status: monitoring → resolved",
    ]);
    incident = await updateIncident(responder, incident.id, {
      base: { status: incident.status },
      status: "investigating",
    });
    expect(incident.resolvedAt).toBeNull();
    expect(incident.timeline.at(-1)!.body).toBe("Reopened: investigating");

    const metrics = await incidentMetrics(responder);
    const row = metrics.incidents.find((i) => i.number === incident.number)!;
    expect(row.ttaSeconds).toBeGreaterThanOrEqual(0);
    expect(row.ttmSeconds).toBeGreaterThanOrEqual(row.ttaSeconds!);
    expect(metrics.weeks.at(-1)!.count).toBeGreaterThanOrEqual(1);
  });

  it("run a runbook's checklist, each step in the timeline, and export the postmortem", async () => {
    const responder = await contextFor("responder");
    const runbook = await createRunbook(responder, {
      title: "Payments error rate",
      body: "# When payments fail\n\n- [ ] Check the payment provider's status page\n- [ ] Roll back the last deploy\n",
      services: ["payments"],
      alertNames: ["HighErrorRatio"],
    });
    let incident = await declareIncident(responder, {
      title: "Payments failing",
      severity: "SEV1",
      services: ["payments"],
    });
    incident = await startChecklist(responder, incident.id, { runbookId: runbook.id });
    const steps = incident.checklists[0]!.steps;
    expect(steps.map((s) => s.text)).toEqual([
      "Check the payment provider's status page",
      "Roll back the last deploy",
    ]);
    incident = await checkStep(responder, incident.id, { stepId: steps[1]!.id, checked: true });
    expect(incident.checklists[0]!.steps[1]).toMatchObject({ checkedByEmail: responder.actor!.email });
    expect(incident.timeline.at(-1)!.body).toBe(
      "Done: Roll back the last deploy (Payments error rate, step 2)",
    );

    const note = await addNote(responder, incident.id, { body: "Provider confirmed an outage" });
    await setKeyEvent(responder, incident.id, { entryId: note.id, keyEvent: true });
    incident = await updateIncident(responder, incident.id, {
      base: { rootCause: incident.rootCause },
      rootCause: "The provider's EU region failed.",
      actionItems: [{ text: "Add a second provider", owner: "payments-team", done: false }],
    });
    const { markdown, filename } = await postmortemMarkdown(responder, incident.id);
    expect(filename).toBe(`incident-${incident.number}-postmortem.md`);
    expect(markdown).toContain(`# Postmortem: incident #${incident.number} — Payments failing`);
    expect(markdown).toMatch(/- \*\*.+ UTC\*\* Provider confirmed an outage/);
    expect(markdown).toContain("The provider's EU region failed.");
    expect(markdown).toContain("- [ ] Add a second provider — owner: payments-team");
  });

  it("announce changes to listeners on any instance (LISTEN/NOTIFY)", async () => {
    const responder = await contextFor("responder");
    const incident = await declareIncident(responder, { title: "Live updates", severity: "SEV4" });
    // Declaring announced the incident too, and that announcement may still be on its way: heard with
    // the note's, it made this test fail once. Notifications arrive in commit order, so once a marker
    // committed after it has arrived, so has it.
    const marker = randomUUID();
    let markerArrived!: () => void;
    const arrived = new Promise<void>((resolve) => (markerArrived = resolve));
    const stopWaiting = await changeFeed().subscribe("test-marker", marker, () => markerArrived());
    await db().$transaction((tx) => publishChange(tx, { topic: "test-marker", id: marker }));
    await arrived;
    stopWaiting();
    const heard: string[] = [];
    const unsubscribe = await changeFeed().subscribe("incident", incident.id, (c) => heard.push(c.id));
    await addNote(responder, incident.id, { body: "hello" });
    for (let i = 0; i < 50 && heard.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    unsubscribe();
    expect(heard).toEqual([incident.id]);
  });

  it("are not found by a reference that is neither a number nor an id, however id-like it looks", async () => {
    const viewer = await contextFor("viewer");
    const responder = await contextFor("responder");
    for (const ref of ["-".repeat(36), "g".repeat(36), "00000000-0000-0000-0000", "1234567890", "", "1.5"]) {
      await expect(getIncident(viewer, ref), ref).rejects.toBeInstanceOf(NotFoundError);
      await expect(addNote(responder, ref, { body: "hello" }), ref).rejects.toBeInstanceOf(NotFoundError);
    }
  });
});
