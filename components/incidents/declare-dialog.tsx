"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Banner } from "@/components/ui/feedback";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { ApiError } from "@/lib/client/fetch-json";
import { useAlertPrefillQuery, useDeclareIncident } from "@/lib/client/incidents";
import { SEVERITIES, SEVERITY_HELP } from "@/lib/services/incidents/schemas";
import { ServicesField, servicesOf } from "./services-field";

type Prefill = { title: string; severity: string; services: string[]; summary: string };

function DeclareForm({
  prefill,
  fromAlert,
  onDone,
  onDeclared,
}: {
  prefill: Prefill | null;
  fromAlert: string | null;
  onDone: () => void;
  onDeclared: (number: number) => void;
}) {
  const declare = useDeclareIncident();
  const [severity, setSeverity] = useState(prefill?.severity ?? "SEV3");
  const fields = declare.error instanceof ApiError ? declare.error.fields : {};
  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        declare.mutate(
          {
            title: String(form.get("title") ?? ""),
            severity,
            services: servicesOf(form),
            summary: String(form.get("summary") ?? ""),
            ...(fromAlert && { fromAlert }),
          },
          {
            onSuccess: (incident) => onDeclared(incident.number),
          },
        );
      }}
    >
      {declare.error && !Object.keys(fields).length && <Banner title={declare.error.message} />}
      <Field label="Title" errors={fields.title}>
        {(p) => <Input name="title" defaultValue={prefill?.title ?? ""} autoFocus {...p} />}
      </Field>
      <Field
        label="Severity"
        hint={SEVERITY_HELP[severity as keyof typeof SEVERITY_HELP]}
        errors={fields.severity}
      >
        {(p) => (
          <Select value={severity} onChange={(e) => setSeverity(e.target.value)} {...p}>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <ServicesField defaultValue={prefill?.services ?? []} errors={fields.services} />
      <Field label="What is happening" errors={fields.summary}>
        {(p) => <Textarea name="summary" defaultValue={prefill?.summary ?? ""} className="h-20" {...p} />}
      </Field>
      <div className="flex justify-end gap-2 pt-2">
        <Button onClick={onDone}>Cancel</Button>
        <Button type="submit" variant="danger" busy={declare.isPending}>
          Declare incident
        </Button>
      </div>
    </form>
  );
}

/** Declares an incident; from an alert (`fromAlert` = its fingerprint) the alert prefills the form. */
export function DeclareDialog({
  open,
  onOpenChange,
  fromAlert,
  onDeclared,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  fromAlert: string | null;
  /** Called with the new incident's number; the caller closes the dialog and opens the incident. */
  onDeclared: (number: number) => void;
}) {
  const prefill = useAlertPrefillQuery(open ? fromAlert : null);
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="Declare an incident"
      description={fromAlert ? "Prefilled from the alert." : "Everyone watching incidents is notified."}
    >
      {fromAlert && prefill.isPending ? (
        <p className="text-sm text-zinc-500">Reading the alert…</p>
      ) : (
        <>
          {prefill.isError && (
            <div className="mb-3">
              <Banner tone="warn" title="The alert could not be read; fill the form yourself.">
                {prefill.error.message}
              </Banner>
            </div>
          )}
          <DeclareForm
            key={prefill.data ? "prefilled" : "empty"}
            prefill={prefill.data ?? null}
            fromAlert={prefill.data ? fromAlert : null}
            onDone={() => onOpenChange(false)}
            onDeclared={onDeclared}
          />
        </>
      )}
    </Dialog>
  );
}
