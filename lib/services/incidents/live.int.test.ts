import { describe, expect, it } from "vitest";
import { NotFoundError, UnauthenticatedError } from "@/lib/errors";
import { changeEvents } from "@/lib/http/sse";
import { anonymousContext } from "@/lib/services/context";
import { contextFor } from "@/tests/support/actors";
import { addNote, declareIncident } from ".";
import { incidentChanges } from "./live";

describe("incident event stream", () => {
  it("says ready, then changed when someone else changes the incident, and ends with the request", async () => {
    const responder = await contextFor("responder");
    const viewer = await contextFor("viewer");
    const incident = await declareIncident(responder, { title: "Streamed", severity: "SEV4" });
    const request = new AbortController();
    const response = await changeEvents(
      await incidentChanges(viewer, String(incident.number)),
      request.signal,
    );
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();

    expect((await reader.read()).value).toContain(`event: ready\ndata: {"id":"${incident.id}"}`);
    await addNote(responder, incident.id, { body: "Anyone watching?" });
    expect((await reader.read()).value).toMatch(
      new RegExp(`^event: changed\\ndata: \\{"id":"${incident.id}"`),
    );

    request.abort();
    expect((await reader.read()).done).toBe(true);
  });

  it("is refused to anonymous callers and for incidents that do not exist", async () => {
    const viewer = await contextFor("viewer");
    await expect(incidentChanges(anonymousContext(), "1")).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(incidentChanges(viewer, "999999999")).rejects.toBeInstanceOf(NotFoundError);
  });
});
