"use client";

import { Plus, Trash2 } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Banner } from "@/components/ui/feedback";
import { Field, Input, Textarea } from "@/components/ui/field";
import { conflictsOf, editedFields, useUpdateIncident, type IncidentChanges } from "@/lib/client/incidents";
import { ChangeError } from "./change-error";
import { MarkdownOr } from "./markdown-or";
import type { PanelProps } from "./panel-props";
import { Time } from "@/components/shell/time-format";

/** The postmortem fields of an incident; the key events of the timeline and the times come with the export. */
export function PostmortemEditor({ incident, incidentRef, canWrite }: PanelProps) {
  const update = useUpdateIncident(incidentRef);
  const [rootCause, setRootCause] = useState(incident.rootCause);
  const [wentWell, setWentWell] = useState(incident.wentWell);
  const [items, setItems] = useState(incident.actionItems);
  // What the form holds as saved: the base of the next change.
  const [loaded, setLoaded] = useState<IncidentChanges>({
    rootCause: incident.rootCause,
    wentWell: incident.wentWell,
    actionItems: incident.actionItems,
  });
  const keyEvents = incident.timeline.filter((e) => e.keyEvent);

  if (!canWrite) {
    return (
      <div className="space-y-4">
        <section>
          <h3 className="text-sm font-semibold">Root cause</h3>
          <MarkdownOr text={incident.rootCause}>
            <p className="text-sm text-zinc-500">Not written yet.</p>
          </MarkdownOr>
        </section>
        <section>
          <h3 className="text-sm font-semibold">What went well</h3>
          <MarkdownOr text={incident.wentWell}>
            <p className="text-sm text-zinc-500">Not written yet.</p>
          </MarkdownOr>
        </section>
      </div>
    );
  }
  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        const edited = editedFields(loaded, {
          rootCause,
          wentWell,
          actionItems: items.filter((i) => i.text.trim()),
        });
        if (Object.keys(edited).length)
          update.save(edited, { base: loaded, onSuccess: (saved) => setLoaded({ ...loaded, ...saved }) });
      }}
    >
      <ChangeError
        error={update.error}
        busy={update.isPending}
        onKeepMine={() => update.keepMine({ onSuccess: (saved) => setLoaded({ ...loaded, ...saved }) })}
        onKeepTheirs={() => {
          const theirs: IncidentChanges = Object.fromEntries(
            conflictsOf(update.error).map((c) => [c.field, c.theirs]),
          );
          if (theirs.rootCause !== undefined) setRootCause(theirs.rootCause);
          if (theirs.wentWell !== undefined) setWentWell(theirs.wentWell);
          if (theirs.actionItems !== undefined) setItems(theirs.actionItems);
          setLoaded({ ...loaded, ...theirs });
          update.reset();
        }}
      />
      {update.isSuccess && !update.isPending && <Banner tone="ok" title="Postmortem saved." />}
      <section>
        <h3 className="mb-1 text-sm font-semibold">Key events ({keyEvents.length})</h3>
        <p className="text-xs text-zinc-500">Star timeline entries to put them in the postmortem.</p>
        <ul className="mt-1 list-disc pl-5 text-sm">
          {keyEvents.map((e) => (
            <li key={e.id}>
              <Time at={e.at} dateTime /> — {e.body}
            </li>
          ))}
        </ul>
      </section>
      <Field label="Root cause" hint="Markdown.">
        {(p) => (
          <Textarea
            className="h-28"
            value={rootCause}
            onChange={(e) => setRootCause(e.target.value)}
            {...p}
          />
        )}
      </Field>
      <Field label="What went well">
        {(p) => (
          <Textarea className="h-28" value={wentWell} onChange={(e) => setWentWell(e.target.value)} {...p} />
        )}
      </Field>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-zinc-700 dark:text-zinc-300">Action items</legend>
        {items.map((item, i) => (
          <div key={i} className="flex items-center gap-2">
            <input
              type="checkbox"
              aria-label={`Action item ${i + 1} done`}
              checked={item.done}
              onChange={(e) =>
                setItems(items.map((x, j) => (j === i ? { ...x, done: e.target.checked } : x)))
              }
            />
            <Input
              aria-label={`Action item ${i + 1}`}
              value={item.text}
              placeholder="What will be done"
              onChange={(e) => setItems(items.map((x, j) => (j === i ? { ...x, text: e.target.value } : x)))}
            />
            <Input
              aria-label={`Owner of action item ${i + 1}`}
              className="w-40"
              value={item.owner}
              placeholder="owner"
              onChange={(e) => setItems(items.map((x, j) => (j === i ? { ...x, owner: e.target.value } : x)))}
            />
            <Button
              size="sm"
              variant="ghost"
              aria-label={`Remove action item ${i + 1}`}
              onClick={() => setItems(items.filter((_, j) => j !== i))}
            >
              <Trash2 className="size-3.5" aria-hidden />
            </Button>
          </div>
        ))}
        <Button
          size="sm"
          variant="ghost"
          onClick={() => setItems([...items, { text: "", owner: "", done: false }])}
        >
          <Plus className="size-3.5" aria-hidden /> Add action item
        </Button>
      </fieldset>
      <div className="flex justify-end gap-2">
        <a
          href={`/api/incidents/${encodeURIComponent(incidentRef)}/postmortem`}
          download
          className="inline-flex h-9 items-center rounded-md px-3 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800"
        >
          Export as Markdown
        </a>
        <Button type="submit" variant="primary" busy={update.isPending}>
          Save postmortem
        </Button>
      </div>
    </form>
  );
}
