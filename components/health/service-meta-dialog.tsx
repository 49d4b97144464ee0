"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Banner } from "@/components/ui/feedback";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { ApiError } from "@/lib/client/fetch-json";
import { useUpdateServiceMeta } from "@/lib/client/health";
import type { ServiceMetaView } from "@/lib/services/health/catalog";

/** Edits what Opsdeck knows about a service; refuses to overwrite a change someone else saved meanwhile. */
export function ServiceMetaDialog({
  meta,
  open,
  onOpenChange,
}: {
  meta: ServiceMetaView;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const update = useUpdateServiceMeta(meta.name);
  const [links, setLinks] = useState(() => meta.links.map((l) => `${l.label} ${l.url}`).join("\n"));
  const fields = update.error instanceof ApiError ? update.error.fields : {};
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        if (!o) update.reset();
        onOpenChange(o);
      }}
      title={`Details of ${meta.name}`}
      description="Shown on the Overview and this page. Changes are audited."
    >
      <form
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          const parsedLinks = links
            .split("\n")
            .map((line) => line.trim())
            .filter(Boolean)
            .map((line) => {
              const at = line.lastIndexOf(" ");
              return at > 0
                ? { label: line.slice(0, at).trim(), url: line.slice(at + 1) }
                : { label: line, url: line };
            });
          update.mutate(
            {
              ownerTeam: String(form.get("ownerTeam") ?? "") || null,
              tier: (String(form.get("tier") ?? "") || null) as ServiceMetaView["tier"],
              description: String(form.get("description") ?? "") || null,
              links: parsedLinks,
              sloObjective: Number(form.get("sloObjective")) / 100,
              sloWindowDays: Number(form.get("sloWindowDays")),
              expectedVersion: meta.version,
            },
            { onSuccess: () => onOpenChange(false) },
          );
        }}
      >
        {update.error &&
          (update.error instanceof ApiError && update.error.status === 409 ? (
            <Banner title="Someone else changed this service.">{update.error.message}</Banner>
          ) : (
            !Object.keys(fields).length && <Banner title={update.error.message} />
          ))}
        <div className="grid grid-cols-2 gap-3">
          <Field label="Owner team" errors={fields.ownerTeam}>
            {(p) => <Input name="ownerTeam" defaultValue={meta.ownerTeam ?? ""} {...p} />}
          </Field>
          <Field label="Tier" errors={fields.tier}>
            {(p) => (
              <Select name="tier" defaultValue={meta.tier ?? ""} {...p}>
                <option value="">—</option>
                <option value="tier1">tier1</option>
                <option value="tier2">tier2</option>
                <option value="tier3">tier3</option>
              </Select>
            )}
          </Field>
        </div>
        <Field label="Description" errors={fields.description}>
          {(p) => <Input name="description" defaultValue={meta.description ?? ""} {...p} />}
        </Field>
        <Field
          label="Links"
          hint="One per line: a label, a space, then the URL."
          errors={Object.entries(fields)
            .filter(([k]) => k.startsWith("links"))
            .flatMap(([, v]) => v)}
        >
          {(p) => (
            <Textarea className="h-20" value={links} onChange={(e) => setLinks(e.target.value)} {...p} />
          )}
        </Field>
        <div className="grid grid-cols-2 gap-3">
          <Field label="SLO objective (%)" errors={fields.sloObjective}>
            {(p) => (
              <Input
                name="sloObjective"
                type="number"
                step="0.001"
                min="50"
                max="99.999"
                defaultValue={(meta.sloObjective * 100).toFixed(3).replace(/\.?0+$/, "")}
                {...p}
              />
            )}
          </Field>
          <Field label="SLO window (days)" errors={fields.sloWindowDays}>
            {(p) => (
              <Input
                name="sloWindowDays"
                type="number"
                min="1"
                max="365"
                defaultValue={meta.sloWindowDays}
                {...p}
              />
            )}
          </Field>
        </div>
        <div className="flex justify-end gap-2 pt-2">
          <Button onClick={() => onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant="primary" busy={update.isPending}>
            Save
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
