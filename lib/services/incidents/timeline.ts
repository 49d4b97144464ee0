// What people add to an incident's timeline: notes, the key events that go into the postmortem, and
// attached traces and links. (Every other change writes its own entries through `addTimeline`.)
import { NotFoundError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/services/context";
import { attachInput, keyEventInput, noteInput } from "./schemas";
import { addTimeline, mutateIncident, touch } from "./store";
import type { TimelineEntryView } from "./timeline-entries";
import { loadView, timelineEntryView, type IncidentDetail } from "./views";

export function addNote(ctx: ServiceContext, ref: string, raw: unknown): Promise<TimelineEntryView> {
  return mutateIncident(
    ctx,
    ref,
    { action: "incident.note", input: noteInput },
    raw,
    async (tx, input, actor, audit, incident) => {
      const entry = await addTimeline(tx, incident.id, actor, {
        kind: "note",
        body: input.body,
        keyEvent: input.keyEvent,
      });
      await touch(tx, incident.id);
      return timelineEntryView(entry!); // without a dedupe key, an entry is always written
    },
  );
}

export function setKeyEvent(
  ctx: ServiceContext,
  ref: string,
  raw: unknown,
): Promise<{ id: string; keyEvent: boolean }> {
  return mutateIncident(
    ctx,
    ref,
    { action: "incident.key_event", input: keyEventInput },
    raw,
    async (tx, input, _actor, audit, incident) => {
      const updated = await tx.timelineEntry.updateMany({
        where: { id: input.entryId, incidentId: incident.id },
        data: { keyEvent: input.keyEvent },
      });
      if (updated.count === 0) throw new NotFoundError("No such timeline entry.");
      await touch(tx, incident.id);
      return { id: input.entryId, keyEvent: input.keyEvent };
    },
  );
}

export function attachToIncident(ctx: ServiceContext, ref: string, raw: unknown): Promise<IncidentDetail> {
  return mutateIncident(
    ctx,
    ref,
    { action: "incident.attach", input: attachInput },
    raw,
    async (tx, input, actor, audit, incident) => {
      if (input.kind === "trace") {
        await addTimeline(tx, incident.id, actor, {
          kind: "trace",
          body: `Attached trace ${input.traceId}${input.note ? `: ${input.note}` : ""}`,
          data: { traceId: input.traceId },
          dedupeKey: `trace:${input.traceId}`,
        });
      } else {
        await addTimeline(tx, incident.id, actor, {
          kind: "link",
          body: input.title,
          data: { url: input.url },
        });
      }
      await touch(tx, incident.id);
      return loadView(tx, incident.id);
    },
  );
}
