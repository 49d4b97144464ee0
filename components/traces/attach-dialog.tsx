"use client";

import { useMutation } from "@tanstack/react-query";
import { Link } from "@/components/ui/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Banner } from "@/components/ui/feedback";
import { Field, Input, Select } from "@/components/ui/field";
import { fetchJson } from "@/lib/client/fetch-json";
import { useIncidentsQuery } from "@/lib/client/incidents";

/** Puts the trace on an open incident's timeline (the incidents service records and audits it). */
export function AttachToIncidentDialog({
  traceId,
  summary,
  open,
  onOpenChange,
}: {
  traceId: string;
  summary: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const incidents = useIncidentsQuery("open");
  const [incident, setIncident] = useState("");
  const [note, setNote] = useState(summary);
  const attach = useMutation({
    mutationFn: () =>
      fetchJson(`/api/incidents/${encodeURIComponent(incident)}/attachments`, {
        method: "POST",
        json: { kind: "trace", traceId, note: note.trim() || undefined },
      }),
  });
  const chosen = incidents.data?.find((i) => String(i.number) === incident);

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        if (!o) attach.reset();
        onOpenChange(o);
      }}
      title="Attach this trace to an incident"
      description={`Trace ${traceId.slice(0, 16)}… goes on the incident's timeline, with your note.`}
    >
      {attach.isSuccess && chosen ? (
        <div className="space-y-3">
          <Banner tone="ok" title={`Attached to #${chosen.number} ${chosen.title}.`} />
          <div className="flex justify-end gap-2">
            <Button onClick={() => onOpenChange(false)}>Close</Button>
            <Link
              href={`/incidents/${chosen.number}`}
              className="inline-flex h-9 items-center rounded-md bg-sky-600 px-3.5 text-sm font-medium text-white hover:bg-sky-700"
            >
              Open #{chosen.number}
            </Link>
          </div>
        </div>
      ) : (
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            if (incident) attach.mutate();
          }}
        >
          {incidents.data && incidents.data.length === 0 ? (
            <p className="text-sm text-zinc-600 dark:text-zinc-400">
              No incident is open. Declare one on the{" "}
              <Link href="/incidents" className="text-sky-700 underline dark:text-sky-400">
                Incidents
              </Link>{" "}
              page, then attach the trace from here.
            </p>
          ) : (
            <Field label="Incident">
              {(p) => (
                <Select {...p} value={incident} onChange={(e) => setIncident(e.target.value)} required>
                  <option value="">Choose an open incident…</option>
                  {incidents.data?.map((i) => (
                    <option key={i.id} value={String(i.number)}>
                      #{i.number} {i.title} ({i.severity})
                    </option>
                  ))}
                </Select>
              )}
            </Field>
          )}
          <Field label="Note" hint="What this trace shows, for whoever reads the timeline">
            {(p) => <Input {...p} value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />}
          </Field>
          {attach.error && <Banner title="Not attached.">{attach.error.message}</Banner>}
          <div className="flex justify-end gap-2">
            <Button onClick={() => onOpenChange(false)}>Cancel</Button>
            <Button type="submit" variant="primary" disabled={!incident} busy={attach.isPending}>
              {chosen ? `Attach to #${chosen.number}` : "Attach"}
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
