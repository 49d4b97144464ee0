// Optimistic concurrency per field: only someone else's change of the same field is a conflict.
import { describe, expect, it } from "vitest";
import { ConflictError } from "@/lib/errors";
import { createRunbook } from "@/lib/services/runbooks";
import { contextFor } from "@/tests/support/actors";
import { addNote, checkStep, declareIncident, getIncident, startChecklist, updateIncident } from ".";
import type { FieldConflict } from "./schemas";

async function incidentWithChecklist(steps: number) {
  const responder = await contextFor("responder");
  const runbook = await createRunbook(responder, {
    title: "Payments failing",
    body: Array.from({ length: steps }, (_, i) => `- [ ] Step ${i + 1}`).join("\n"),
    services: ["payments"],
    alertNames: [],
  });
  const declared = await declareIncident(responder, { title: "Payments failing", severity: "SEV2" });
  const incident = await startChecklist(responder, declared.id, { runbookId: runbook.id });
  return { responder, incident, steps: incident.checklists[0]!.steps };
}

describe("incident changes", () => {
  it("from one person in quick succession are all saved: ticks, then status, several times", async () => {
    const { responder, incident, steps } = await incidentWithChecklist(4);
    const seen = incident; // the page as loaded: every change below is based on it
    const statuses = ["identified", "monitoring", "identified", "monitoring"] as const;
    for (const [i, status] of statuses.entries()) {
      await checkStep(responder, seen.id, { stepId: steps[i]!.id, checked: true });
      await updateIncident(responder, seen.id, { status, base: { status: seen.status } });
    }
    // The same again, all at once, as a person clicking faster than the answers come back.
    await Promise.all([
      checkStep(responder, seen.id, { stepId: steps[0]!.id, checked: false }),
      updateIncident(responder, seen.id, { severity: "SEV1", base: { severity: seen.severity } }),
      addNote(responder, seen.id, { body: "Provider says EU is down" }),
      updateIncident(responder, seen.id, { summary: "EU payments fail", base: { summary: seen.summary } }),
    ]);

    const after = await getIncident(responder, seen.id);
    expect(after).toMatchObject({ status: "monitoring", severity: "SEV1", summary: "EU payments fail" });
    expect(after.checklists[0]!.steps.map((s) => s.checkedAt !== null)).toEqual([false, true, true, true]);
    expect(after.timeline.filter((e) => e.kind === "status").map((e) => e.body)).toEqual([
      "Status: investigating → identified",
      "Status: identified → monitoring",
      "Status: monitoring → identified",
      "Status: identified → monitoring",
    ]);
    expect(after.timeline.some((e) => e.kind === "note" && e.body === "Provider says EU is down")).toBe(true);
  });

  it("from two people to different fields are both saved, whatever each one's page showed", async () => {
    const { responder: a, incident } = await incidentWithChecklist(1);
    const b = await contextFor("responder");
    await updateIncident(a, incident.id, { summary: "From A", base: { summary: incident.summary } });
    await checkStep(a, incident.id, { stepId: incident.checklists[0]!.steps[0]!.id, checked: true });
    await updateIncident(b, incident.id, { status: "identified", base: { status: incident.status } });
    expect(await getIncident(a, incident.id)).toMatchObject({ summary: "From A", status: "identified" });
  });

  it("from two people to the same field: the second is told, with both values, and nothing is lost", async () => {
    const a = await contextFor("responder");
    const b = await contextFor("responder");
    const incident = await declareIncident(a, { title: "Checkout slow", severity: "SEV3" });
    await updateIncident(a, incident.id, { status: "identified", base: { status: "investigating" } });

    const error = await updateIncident(b, incident.id, {
      status: "monitoring",
      summary: "B's summary",
      base: { status: "investigating", summary: "" },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    const conflict = error as ConflictError;
    expect(conflict.message).toMatch(/Someone else changed status of incident #\d+/);
    expect(conflict.details().conflicts).toEqual([
      {
        field: "status",
        base: "investigating",
        theirs: "identified",
        yours: "monitoring",
        changedBy: a.actor!.email,
        changedAt: expect.any(String),
      } satisfies FieldConflict,
    ]);
    // Refused whole: neither B's status nor B's other field was written over A's.
    expect(await getIncident(a, incident.id)).toMatchObject({ status: "identified", summary: "" });

    // B has seen A's value now and keeps their own: saved.
    const kept = await updateIncident(b, incident.id, {
      status: "monitoring",
      summary: "B's summary",
      base: { status: "identified", summary: "" },
    });
    expect(kept).toMatchObject({ status: "monitoring", summary: "B's summary" });
  });

  it("from two people at the same moment to the same field: one wins, the other is told", async () => {
    const a = await contextFor("responder");
    const b = await contextFor("responder");
    const incident = await declareIncident(a, { title: "Search down", severity: "SEV2" });
    const results = await Promise.allSettled([
      updateIncident(a, incident.id, { severity: "SEV1", base: { severity: "SEV2" } }),
      updateIncident(b, incident.id, { severity: "SEV3", base: { severity: "SEV2" } }),
    ]);
    const refused = results.filter((r) => r.status === "rejected");
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    const winner = results.findIndex((r) => r.status === "fulfilled");
    expect((await getIncident(a, incident.id)).severity).toBe(winner === 0 ? "SEV1" : "SEV3");
  });

  it("asking for a value the incident already has records nothing", async () => {
    const a = await contextFor("responder");
    const incident = await declareIncident(a, { title: "Nothing changes", severity: "SEV4" });
    const same = await updateIncident(a, incident.id, { severity: "SEV4", base: { severity: "SEV3" } });
    expect(same.version).toBe(incident.version);
    expect(same.timeline.map((e) => e.kind)).toEqual(["declared"]);
  });
});
