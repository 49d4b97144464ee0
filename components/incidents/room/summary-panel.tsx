"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Textarea } from "@/components/ui/field";
import { Panel } from "@/components/ui/panel";
import { editedFields, useUpdateIncident, type IncidentChanges } from "@/lib/client/incidents";
import { ServicesField, servicesOf } from "../services-field";
import { ChangeError } from "./change-error";
import { MarkdownOr } from "./markdown-or";
import type { PanelProps } from "./panel-props";

/** The summary and customer impact, and the dialog that edits them with the title and services. */
export function SummaryPanel({ incident, incidentRef, canWrite }: PanelProps) {
  const update = useUpdateIncident(incidentRef);
  // What the form was opened with: the base of the change, and how to tell what the person edited.
  const [opened, setOpened] = useState<IncidentChanges | null>(null);
  const open = opened !== null;
  const setOpen = (next: boolean) => {
    setOpened(next ? pick(incident) : null);
    if (!next) update.reset();
  };
  return (
    <Panel
      title="Summary"
      action={
        canWrite && (
          <button
            type="button"
            className="text-xs text-sky-700 hover:underline dark:text-sky-400"
            onClick={() => setOpen(true)}
          >
            Edit
          </button>
        )
      }
    >
      <div className="space-y-2 text-sm">
        <div>
          <MarkdownOr text={incident.summary}>
            <span className="text-zinc-500">No summary yet.</span>
          </MarkdownOr>
        </div>
        <div>
          <p className="text-xs font-medium text-zinc-500">Customer impact</p>
          <MarkdownOr text={incident.customerImpact}>
            <span className="text-zinc-500">Not described yet.</span>
          </MarkdownOr>
        </div>
      </div>
      <Dialog open={open} onOpenChange={setOpen} title={`Summary of #${incident.number}`}>
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            const form = new FormData(e.currentTarget);
            const edited = editedFields(opened!, {
              title: String(form.get("title")).trim(),
              services: servicesOf(form),
              summary: String(form.get("summary") ?? ""),
              customerImpact: String(form.get("impact") ?? ""),
            });
            if (!Object.keys(edited).length) setOpen(false);
            else update.save(edited, { base: opened!, onSuccess: () => setOpen(false) });
          }}
        >
          <ChangeError
            error={update.error}
            busy={update.isPending}
            onKeepMine={() => update.keepMine({ onSuccess: () => setOpen(false) })}
            onKeepTheirs={() => setOpen(false)}
          />
          <Field label="Title">{(p) => <Input name="title" defaultValue={incident.title} {...p} />}</Field>
          <ServicesField defaultValue={incident.services} />
          <Field label="Summary" hint="Markdown.">
            {(p) => <Textarea name="summary" defaultValue={incident.summary} className="h-24" {...p} />}
          </Field>
          <Field label="Customer impact">
            {(p) => <Textarea name="impact" defaultValue={incident.customerImpact} className="h-20" {...p} />}
          </Field>
          <div className="flex justify-end gap-2">
            <Button onClick={() => setOpen(false)}>Cancel</Button>
            <Button type="submit" variant="primary" busy={update.isPending}>
              Save
            </Button>
          </div>
        </form>
      </Dialog>
    </Panel>
  );
}

const pick = ({ title, services, summary, customerImpact }: PanelProps["incident"]): IncidentChanges => ({
  title,
  services,
  summary,
  customerImpact,
});
