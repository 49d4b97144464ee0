import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { changeFeed, publishChange } from "@/lib/db/changes";
import { db } from "@/lib/db/client";
import { NotFoundError, UnauthenticatedError } from "@/lib/errors";
import { changeEvents } from "@/lib/http/sse";
import { resolveSession } from "@/lib/services/auth/sign-in";
import { anonymousContext, type ServiceContext } from "@/lib/services/context";
import { updateUser } from "@/lib/services/users";
import { contextFor } from "@/tests/support/actors";
import { addNote, declareIncident } from ".";
import { incidentChanges } from "./live";

/** A viewer signed in as through the browser: a session row behind the context, as the cookie carries. */
async function signedInViewer(): Promise<ServiceContext> {
  const viewer = await contextFor("viewer");
  const session = await db().authSession.create({
    data: {
      userId: viewer.actor!.userId!,
      authMethod: "credentials",
      expiresAt: new Date(Date.now() + 3_600_000),
    },
  });
  return { ...viewer, actor: await resolveSession(session.id) };
}

/**
 * Returns once every change committed so far has reached this instance's listener: notifications arrive
 * in commit order, so once one published now arrives, the earlier ones (an incident's own declaration)
 * can no longer reach a stream opened after this.
 */
async function changesDelivered() {
  const id = randomUUID();
  let arrived!: () => void;
  const arrival = new Promise<void>((resolve) => (arrived = resolve));
  const unsubscribe = await changeFeed().subscribe("test-barrier", id, () => arrived());
  await db().$transaction((tx) => publishChange(tx, { topic: "test-barrier", id }));
  await arrival;
  unsubscribe();
}

/** The stream's text until it ends, or what came by the deadline (then `ended` is false). */
async function readUntilEnd(reader: ReadableStreamDefaultReader<string>, deadlineMs: number) {
  let text = "";
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const timeout = new Promise<"timeout">((resolve) =>
      setTimeout(() => resolve("timeout"), deadline - Date.now()),
    );
    const next = await Promise.race([reader.read(), timeout]);
    if (next === "timeout") return { text, ended: false };
    if (next.done) return { text, ended: true };
    text += next.value;
  }
}

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

  it("ends within the re-check interval once its user is disabled", async () => {
    const admin = await contextFor("admin");
    const viewer = await signedInViewer();
    const incident = await declareIncident(admin, { title: "Watched by someone leaving", severity: "SEV4" });
    const request = new AbortController();
    const response = await changeEvents(await incidentChanges(viewer, incident.id), request.signal, {
      recheckMs: 300,
    });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    expect((await reader.read()).value).toContain("event: ready");

    await updateUser(admin, viewer.actor!.userId!, { status: "disabled" });
    const started = Date.now();
    const { text, ended } = await readUntilEnd(reader, 3_000);
    expect(ended).toBe(true);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(text).toContain(`event: ended\ndata: {"id":"${incident.id}","reason":"session"}`);
    request.abort();
  });

  it("delivers no change after the session ended, and ends at the next change", async () => {
    const responder = await contextFor("responder");
    const viewer = await signedInViewer();
    const incident = await declareIncident(responder, { title: "Watched after sign-out", severity: "SEV4" });
    // The declaration's own notification may still be on its way: it would be a change from before the
    // sign-out, rightly delivered.
    await changesDelivered();
    const request = new AbortController();
    // The periodic re-check is far away: only the check at the change itself can end the stream.
    const response = await changeEvents(await incidentChanges(viewer, incident.id), request.signal, {
      recheckMs: 60_000,
    });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    expect((await reader.read()).value).toContain("event: ready");

    await db().authSession.update({
      where: { id: viewer.actor!.sessionId! },
      data: { revokedAt: new Date() },
    });
    await addNote(responder, incident.id, { body: "Nobody should see this arrive" });
    const { text, ended } = await readUntilEnd(reader, 3_000);
    expect(ended).toBe(true);
    expect(text).not.toContain("event: changed");
    expect(text).toContain("event: ended");
    request.abort();
  });

  it("is refused to anonymous callers and for incidents that do not exist", async () => {
    const viewer = await contextFor("viewer");
    await expect(incidentChanges(anonymousContext(), "1")).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(incidentChanges(viewer, "999999999")).rejects.toBeInstanceOf(NotFoundError);
  });
});
