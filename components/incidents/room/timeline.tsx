"use client";

import { Star } from "lucide-react";
import { Link } from "@/components/ui/link";
import { useState } from "react";
import { deliveryHref } from "@/components/deployments/format";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/feedback";
import { Textarea } from "@/components/ui/field";
import { useAddNote, useSetKeyEvent } from "@/lib/client/incidents";
import type { TimelineEntryView } from "@/lib/services/incidents";
import type { PanelProps } from "./panel-props";
import { Time } from "@/components/shell/time-format";

/** The note form and the timeline, newest first; starred entries are the key events of the postmortem. */
export function Timeline({ incident, incidentRef, canWrite }: PanelProps) {
  const note = useAddNote(incidentRef);
  const keyEvent = useSetKeyEvent(incidentRef);
  const [body, setBody] = useState("");
  const [onlyKey, setOnlyKey] = useState(false);
  const entries = [...incident.timeline].reverse().filter((e) => !onlyKey || e.keyEvent);
  return (
    <div className="space-y-3">
      {canWrite && (
        <form
          className="space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            note.mutate({ body }, { onSuccess: () => setBody("") });
          }}
        >
          <label htmlFor="note" className="sr-only">
            Add to the timeline
          </label>
          <Textarea
            id="note"
            className="h-16"
            placeholder="What did you see, try or decide?"
            value={body}
            onChange={(e) => setBody(e.target.value)}
          />
          <div className="flex items-center justify-between">
            <label className="flex items-center gap-1.5 text-xs text-zinc-500">
              <input type="checkbox" checked={onlyKey} onChange={(e) => setOnlyKey(e.target.checked)} /> Key
              events only
            </label>
            <Button type="submit" size="sm" variant="primary" busy={note.isPending} disabled={!body.trim()}>
              Add note
            </Button>
          </div>
          {note.error && (
            <p role="alert" className="text-xs text-red-600">
              {note.error.message}
            </p>
          )}
        </form>
      )}
      <ol className="space-y-2" aria-label="Timeline" data-testid="timeline">
        {entries.map((e) => (
          <li
            key={e.id}
            className={cn(
              "flex gap-3 rounded-md border px-3 py-2 text-sm",
              e.keyEvent
                ? "border-amber-300 bg-amber-50/60 dark:border-amber-800 dark:bg-amber-950/30"
                : "border-zinc-200 dark:border-zinc-800",
            )}
          >
            <div className="w-36 shrink-0 text-xs text-zinc-600 dark:text-zinc-400">
              <Time at={e.at} className="whitespace-nowrap tabular-nums" />
            </div>
            <div className="min-w-0 flex-1">
              <p className="break-words">{e.body}</p>
              <p className="text-xs text-zinc-500">
                {e.kind.replace(/_/g, " ")}
                {e.actorEmail && ` · ${e.actorEmail}`}
                <EntryTarget entry={e} />
              </p>
            </div>
            {canWrite && (
              <button
                type="button"
                className={cn(
                  "self-start",
                  e.keyEvent ? "text-amber-500" : "text-zinc-300 hover:text-zinc-500 dark:text-zinc-600",
                )}
                aria-pressed={e.keyEvent}
                aria-label={e.keyEvent ? "Unmark key event" : "Mark as key event"}
                title="Key events go into the postmortem"
                onClick={() => keyEvent.mutate({ entryId: e.id, keyEvent: !e.keyEvent })}
              >
                <Star className="size-4" fill={e.keyEvent ? "currentColor" : "none"} aria-hidden />
              </button>
            )}
          </li>
        ))}
      </ol>
      {entries.length === 0 && (
        <EmptyState title="Nothing here yet">
          Notes, status changes and alerts appear as they happen.
        </EmptyState>
      )}
    </div>
  );
}

/** Where an entry points: its trace, its rollout, its link, or the other incident of a merge or split. */
function EntryTarget({ entry }: { entry: TimelineEntryView }) {
  if (
    entry.kind === "merged_into" ||
    entry.kind === "merged_from" ||
    entry.kind === "split_out" ||
    entry.kind === "split_from"
  )
    return (
      <>
        {" "}
        ·{" "}
        <Link
          className="text-sky-700 hover:underline dark:text-sky-400"
          href={`/incidents/${entry.data.number}`}
        >
          open #{entry.data.number}
        </Link>
      </>
    );
  if (entry.kind === "trace")
    return (
      <>
        {" "}
        ·{" "}
        <Link
          className="text-sky-700 hover:underline dark:text-sky-400"
          href={`/traces/${entry.data.traceId}`}
        >
          open trace
        </Link>
      </>
    );
  if (entry.kind === "deployment")
    return (
      <>
        {" "}
        ·{" "}
        <Link className="text-sky-700 hover:underline dark:text-sky-400" href={deliveryHref(entry.data.ref)}>
          {entry.data.ref.source === "flagger" ? "open canary" : "open rollout"}
        </Link>
      </>
    );
  if (entry.kind === "link")
    return (
      <>
        {" "}
        ·{" "}
        <a
          className="text-sky-700 hover:underline dark:text-sky-400"
          href={entry.data.url}
          target="_blank"
          rel="noopener noreferrer"
        >
          open link
        </a>
      </>
    );
  return null;
}
