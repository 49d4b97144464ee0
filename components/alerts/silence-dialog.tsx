"use client";

import { Plus, Trash2 } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Banner } from "@/components/ui/feedback";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Select } from "@/components/ui/field";
import { useCreateSilence, type NewSilence } from "@/lib/client/alerts";
import { ApiError } from "@/lib/client/fetch-json";

type Matcher = NewSilence["matchers"][number];

const DURATIONS = [
  { minutes: 30, label: "30 minutes" },
  { minutes: 60, label: "1 hour" },
  { minutes: 120, label: "2 hours" },
  { minutes: 240, label: "4 hours" },
  { minutes: 480, label: "8 hours" },
  { minutes: 1440, label: "1 day" },
  { minutes: 10080, label: "1 week" },
];

/** Creates a silence. `title` names what is being silenced, e.g. "Silence HighErrorRatio for payments". */
export function SilenceDialog({
  open,
  onOpenChange,
  title,
  initialMatchers,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  initialMatchers: Matcher[];
}) {
  const create = useCreateSilence();
  const [matchers, setMatchers] = useState<Matcher[]>(
    initialMatchers.length ? initialMatchers : [{ name: "", value: "", isRegex: false, isEqual: true }],
  );
  const [duration, setDuration] = useState(60);
  const [comment, setComment] = useState("");
  const [confirmBroad, setConfirmBroad] = useState(false);
  const fields = create.error instanceof ApiError ? create.error.fields : {};
  const broad = Boolean(fields.matchers?.some((m) => m.includes("every alert")));
  const set = (i: number, patch: Partial<Matcher>) =>
    setMatchers(matchers.map((m, j) => (j === i ? { ...m, ...patch } : m)));

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        if (!o) create.reset();
        onOpenChange(o);
      }}
      title={title}
      description="Alertmanager stops notifying for alerts that match every matcher below, until the silence ends."
    >
      <form
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate(
            { matchers, durationMinutes: duration, comment, confirmBroad },
            { onSuccess: () => onOpenChange(false) },
          );
        }}
      >
        {create.error && !Object.keys(fields).length && <Banner title={create.error.message} />}
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-zinc-700 dark:text-zinc-300">Matchers</legend>
          {matchers.map((m, i) => (
            <div key={i} className="flex items-center gap-1.5">
              <Input
                aria-label={`Label ${i + 1}`}
                className="w-32"
                value={m.name}
                onChange={(e) => set(i, { name: e.target.value })}
                placeholder="label"
              />
              <Select
                aria-label={`Operator ${i + 1}`}
                className="w-20 shrink-0 font-mono"
                value={`${m.isEqual ? "=" : "!"}${m.isRegex ? "~" : m.isEqual ? "" : "="}`}
                onChange={(e) =>
                  set(i, { isEqual: !e.target.value.startsWith("!"), isRegex: e.target.value.endsWith("~") })
                }
              >
                <option value="=">=</option>
                <option value="!=">!=</option>
                <option value="=~">=~</option>
                <option value="!~">!~</option>
              </Select>
              <Input
                aria-label={`Value ${i + 1}`}
                value={m.value}
                onChange={(e) => set(i, { value: e.target.value })}
                placeholder="value"
              />
              <Button
                variant="ghost"
                size="sm"
                aria-label={`Remove matcher ${i + 1}`}
                onClick={() => setMatchers(matchers.filter((_, j) => j !== i))}
                disabled={matchers.length === 1}
              >
                <Trash2 className="size-3.5" aria-hidden />
              </Button>
            </div>
          ))}
          {Object.entries(fields)
            .filter(([k]) => k.startsWith("matchers"))
            .map(([k, v]) => (
              <p key={k} role="alert" className="text-xs text-red-600 dark:text-red-400">
                {v.join(" ")}
              </p>
            ))}
          <Button
            size="sm"
            variant="ghost"
            onClick={() => setMatchers([...matchers, { name: "", value: "", isRegex: false, isEqual: true }])}
          >
            <Plus className="size-3.5" aria-hidden /> Add matcher
          </Button>
          {broad && (
            <label className="flex items-center gap-2 text-sm text-amber-800 dark:text-amber-300">
              <input
                type="checkbox"
                checked={confirmBroad}
                onChange={(e) => setConfirmBroad(e.target.checked)}
              />
              Yes, silence every alert that matches these matchers.
            </label>
          )}
        </fieldset>
        <Field label="For" errors={fields.durationMinutes}>
          {(p) => (
            <Select value={duration} onChange={(e) => setDuration(Number(e.target.value))} {...p}>
              {DURATIONS.map((d) => (
                <option key={d.minutes} value={d.minutes}>
                  {d.label}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Why" hint="Everyone who sees the alert reads this." errors={fields.comment}>
          {(p) => (
            <Input
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              placeholder="e.g. Known issue, fix deploying"
              {...p}
            />
          )}
        </Field>
        <div className="flex justify-end gap-2 pt-2">
          <Button onClick={() => onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant="primary" busy={create.isPending}>
            Create silence
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
