// A NUL character or an unpaired surrogate in any text a service stores or searches for is refused as
// invalid input naming the field (lib/validation/text.ts), before anything is written; it used to reach
// PostgreSQL and come back as a database error (a 500, whose "failed" audit entry could not be written).
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { acknowledgeAlert, createSilence } from "@/lib/services/alerts";
import { listAuditEntries } from "@/lib/services/audit";
import { updateServiceMeta } from "@/lib/services/health/catalog";
import { getServiceDetail } from "@/lib/services/health/service-detail";
import {
  addNote,
  attachToIncident,
  declareIncident,
  getIncident,
  listIncidents,
  updateIncident,
} from "@/lib/services/incidents";
import { createRunbook, listRunbooks, updateRunbook } from "@/lib/services/runbooks";
import { search } from "@/lib/services/search";
import { inviteUser } from "@/lib/services/users";
import { UNSTORABLE_TEXT_MESSAGE } from "@/lib/validation/text";
import { contextFor } from "@/tests/support/actors";
import { uniqueEmail } from "@/tests/support/db";

const NUL = "before\u0000after";
const LONE_SURROGATE = "before\uD83Dafter";

/** Rejects with a 422 whose only field is `field`, saying why. */
async function refusedNaming(promise: Promise<unknown>, field: string) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `expected a validation error for ${field}`).toBeInstanceOf(ValidationError);
  expect((error as ValidationError).fields).toEqual({ [field]: [UNSTORABLE_TEXT_MESSAGE] });
}

describe("unstorable text", () => {
  it("is refused in every stored incident field, and nothing is written", async () => {
    const responder = await contextFor("responder");
    const before = await db().auditEntry.count();
    for (const bad of [NUL, LONE_SURROGATE]) {
      await refusedNaming(declareIncident(responder, { title: bad, severity: "SEV3" }), "title");
      await refusedNaming(
        declareIncident(responder, { title: "Fine", severity: "SEV3", services: ["ok", bad] }),
        "services.1",
      );
      await refusedNaming(
        declareIncident(responder, { title: "Fine", severity: "SEV3", summary: bad }),
        "summary",
      );
    }
    expect(await db().auditEntry.count()).toBe(before);

    const incident = await declareIncident(responder, { title: "Checkout errors", severity: "SEV3" });
    const ref = String(incident.number);
    for (const field of ["title", "summary", "customerImpact", "rootCause", "wentWell"])
      await refusedNaming(updateIncident(responder, ref, { [field]: NUL }), field);
    await refusedNaming(
      updateIncident(responder, ref, { actionItems: [{ text: "ok", owner: NUL }] }),
      "actionItems.0.owner",
    );
    await refusedNaming(addNote(responder, ref, { body: LONE_SURROGATE }), "body");
    await refusedNaming(
      attachToIncident(responder, ref, { kind: "link", url: "https://example.com", title: NUL }),
      "title",
    );
    await refusedNaming(
      attachToIncident(responder, ref, { kind: "trace", traceId: "ab".repeat(8), note: NUL }),
      "note",
    );
    expect((await getIncident(responder, ref)).timeline.map((e) => e.kind)).toEqual(["declared"]);
  });

  it("is refused in runbooks, service metadata, invitations and silences", async () => {
    const operator = await contextFor("operator");
    const admin = await contextFor("admin");
    await refusedNaming(createRunbook(operator, { title: "Restart", body: NUL }), "body");
    await refusedNaming(createRunbook(operator, { title: NUL, body: "" }), "title");
    await refusedNaming(createRunbook(operator, { title: "Restart", body: "", tags: [NUL] }), "tags.0");
    await refusedNaming(
      createRunbook(operator, { title: "Restart", body: "", ownerTeam: LONE_SURROGATE }),
      "ownerTeam",
    );
    const runbook = await createRunbook(operator, { title: "Restart", body: "1. Restart it" });
    await refusedNaming(
      updateRunbook(operator, runbook.id, { title: "Restart", body: "", note: NUL, expectedVersion: 1 }),
      "note",
    );
    await refusedNaming(
      updateServiceMeta(operator, "checkout", { description: NUL, expectedVersion: 0 }),
      "description",
    );
    await refusedNaming(
      updateServiceMeta(operator, "checkout", {
        links: [{ label: LONE_SURROGATE, url: "https://example.com" }],
        expectedVersion: 0,
      }),
      "links.0.label",
    );
    await refusedNaming(inviteUser(admin, { email: uniqueEmail(), name: NUL, role: "viewer" }), "name");
    // Checked before Alertmanager is asked for, so no Alertmanager is needed to see it.
    await refusedNaming(
      createSilence(operator, {
        matchers: [{ name: "alertname", value: "HighErrorRate" }],
        durationMinutes: 60,
        comment: `Deploying ${NUL}`,
      }),
      "comment",
    );
    await refusedNaming(
      createSilence(operator, {
        matchers: [{ name: "alertname", value: NUL }],
        durationMinutes: 60,
        comment: "Deploying",
      }),
      "matchers.0.value",
    );
    await refusedNaming(acknowledgeAlert(operator, { fingerprint: "abc", note: NUL }), "note");
  });

  it("is refused in searches and filters, which would otherwise send it to PostgreSQL", async () => {
    const admin = await contextFor("admin");
    await refusedNaming(search(admin, { q: `ab${NUL}` }), "q");
    await refusedNaming(listRunbooks(admin, { q: NUL }), "q");
    await refusedNaming(listIncidents(admin, { service: NUL }), "service");
    await refusedNaming(listAuditEntries(admin, { actor: NUL }), "actor");
    await expect(getServiceDetail(admin, NUL, {})).rejects.toBeInstanceOf(NotFoundError);
  });
});
