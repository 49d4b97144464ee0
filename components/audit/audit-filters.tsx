"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { useAuditActionsQuery } from "@/lib/client/audit";
import { fromDateTimeInput, toDateTimeInput } from "@/lib/time/format";
import { useTimeFormat } from "@/components/shell/time-format";

type Filter = {
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  result: string;
  from: string;
  to: string;
};

const EMPTY: Filter = { actor: "", action: "", targetType: "", targetId: "", result: "", from: "", to: "" };

export function AuditFilters({
  value,
  errors,
  onChange,
}: {
  value: Filter;
  errors: Record<string, string[]>;
  onChange: (f: Filter) => void;
}) {
  const actions = useAuditActionsQuery();
  const [draft, setDraft] = useState(value);
  const formatTime = useTimeFormat();
  const { prefs } = formatTime;
  const zone = prefs.timeZone === "utc" ? "UTC" : formatTime.zone();
  // The URL holds ISO times; the inputs show them in the chosen zone (what was typed stays as typed).
  const shown = (v: string) => (!v || fromDateTimeInput(v, prefs) ? v : toDateTimeInput(v, prefs) || v);
  const toIso = (v: string) => (v ? (fromDateTimeInput(v, prefs)?.toISOString() ?? v) : "");
  const set = (key: keyof Filter) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    setDraft({ ...draft, [key]: e.target.value });

  return (
    <form
      // Four to a row at most: eight left a date-and-time field too narrow to show its value.
      className="mb-4 grid grid-cols-2 items-end gap-3 md:grid-cols-4"
      onSubmit={(e) => {
        e.preventDefault();
        onChange({
          ...draft,
          from: toIso(draft.from),
          to: toIso(draft.to),
        });
      }}
      aria-label="Filter the audit log"
    >
      <Field label="Actor email" errors={errors.actor}>
        {(p) => <Input value={draft.actor} onChange={set("actor")} placeholder="alice@example.com" {...p} />}
      </Field>
      <Field label="Action" errors={errors.action}>
        {(p) => (
          <Select value={draft.action} onChange={set("action")} {...p}>
            <option value="">Any</option>
            {actions.data?.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field label="Target type" errors={errors.targetType}>
        {(p) => <Input value={draft.targetType} onChange={set("targetType")} placeholder="user" {...p} />}
      </Field>
      <Field label="Target id" errors={errors.targetId}>
        {(p) => <Input value={draft.targetId} onChange={set("targetId")} {...p} />}
      </Field>
      <Field label="Result" errors={errors.result}>
        {(p) => (
          <Select value={draft.result} onChange={set("result")} {...p}>
            <option value="">Any</option>
            <option value="success">success</option>
            <option value="denied">denied</option>
            <option value="failed">failed</option>
          </Select>
        )}
      </Field>
      <Field label={`From (${zone})`} errors={errors.from}>
        {(p) => <Input type="datetime-local" value={shown(draft.from)} onChange={set("from")} {...p} />}
      </Field>
      <Field label={`To (${zone})`} errors={errors.to}>
        {(p) => <Input type="datetime-local" value={shown(draft.to)} onChange={set("to")} {...p} />}
      </Field>
      <div className="flex gap-2">
        <Button type="submit" variant="primary">
          Apply
        </Button>
        <Button
          onClick={() => {
            setDraft(EMPTY);
            onChange(EMPTY);
          }}
        >
          Clear
        </Button>
      </div>
    </form>
  );
}
