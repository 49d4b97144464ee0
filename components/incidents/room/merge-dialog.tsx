"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/feedback";
import { Field, Select } from "@/components/ui/field";
import { useIncidentsQuery, useMergeIncident } from "@/lib/client/incidents";
import type { IncidentDetail } from "@/lib/services/incidents";

/**
 * Merging this incident into another open one: choose it, then confirm with both named. The incident
 * merged into opens afterwards.
 */
export function MergeDialog({
  incident,
  incidentRef,
  open,
  onOpenChange,
}: {
  incident: IncidentDetail;
  incidentRef: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const router = useRouter();
  const merge = useMergeIncident(incidentRef);
  const others = useIncidentsQuery("open").data?.filter((i) => i.id !== incident.id) ?? [];
  const [into, setInto] = useState("");
  const [confirming, setConfirming] = useState(false);
  const target = others.find((i) => String(i.number) === into);
  return (
    <>
      <Dialog
        open={open && !confirming}
        onOpenChange={onOpenChange}
        title={`Merge #${incident.number} into another incident`}
        description="Its alerts move there and it is resolved as merged; both timelines keep their history."
      >
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            if (target) setConfirming(true);
          }}
        >
          <Field label="Merge into">
            {(p) => (
              <Select value={into} onChange={(e) => setInto(e.target.value)} className="w-full" {...p}>
                <option value="">Choose an open incident…</option>
                {others.map((i) => (
                  <option key={i.id} value={i.number}>
                    #{i.number} {i.title} ({i.services.join(", ") || "no service"})
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <FormError error={merge.error} />
          <div className="flex justify-end gap-2">
            <Button onClick={() => onOpenChange(false)}>Cancel</Button>
            <Button type="submit" variant="primary" disabled={!target}>
              Continue
            </Button>
          </div>
        </form>
      </Dialog>
      <ConfirmDialog
        open={open && confirming && !!target}
        onOpenChange={(next) => !next && setConfirming(false)}
        title={target ? `Merge #${incident.number} into #${target.number}?` : ""}
        description={
          target && (
            <>
              “{incident.title}” is resolved as merged, and its alerts move to #{target.number} “
              {target.title}”.
            </>
          )
        }
        confirmLabel={target ? `Merge into #${target.number}` : "Merge"}
        tone="primary"
        busy={merge.isPending}
        onConfirm={() =>
          merge.mutate(
            { into },
            {
              onSuccess: (merged) => {
                onOpenChange(false);
                router.push(`/incidents/${merged.number}`);
              },
              onSettled: () => setConfirming(false),
            },
          )
        }
      />
    </>
  );
}
