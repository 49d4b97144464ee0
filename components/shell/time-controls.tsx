"use client";

import { Clock, RefreshCw } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Select } from "@/components/ui/field";
import { fromDateTimeInput, toDateTimeInput } from "@/lib/time/format";
import { useTimeFormat } from "./time-format";
import { describeRange, parseTimeExpression, REFRESH_INTERVALS, RELATIVE_RANGES } from "@/lib/time/range";
import { useTimeRange } from "./use-time-range";

const CUSTOM = "custom";

export function TimeControls() {
  const [{ from, to, refresh }, setRange] = useTimeRange();
  const [customOpen, setCustomOpen] = useState(false);
  const formatTime = useTimeFormat();
  const preset = to === "now" && RELATIVE_RANGES.some((r) => r.from === from) ? from : CUSTOM;

  return (
    <div className="flex items-center gap-2">
      <label className="sr-only" htmlFor="time-range">
        Time range
      </label>
      <div className="relative flex items-center">
        <Clock className="pointer-events-none absolute left-2 size-4 text-zinc-500" aria-hidden />
        <Select
          id="time-range"
          className="w-48 pl-8"
          value={preset}
          title={describeRange(from, to, formatTime.dateTimeMinutes)}
          onChange={(e) => {
            if (e.target.value === CUSTOM) setCustomOpen(true);
            else void setRange({ from: e.target.value, to: "now" });
          }}
        >
          {RELATIVE_RANGES.map((r) => (
            <option key={r.from} value={r.from}>
              {r.label}
            </option>
          ))}
          <option value={CUSTOM}>
            {preset === CUSTOM ? describeRange(from, to, formatTime.dateTimeMinutes) : "Custom range…"}
          </option>
        </Select>
      </div>
      <label className="sr-only" htmlFor="refresh-interval">
        Refresh interval
      </label>
      <div className="relative flex items-center">
        <RefreshCw className="pointer-events-none absolute left-2 size-4 text-zinc-500" aria-hidden />
        <Select
          id="refresh-interval"
          className="w-28 pl-8"
          value={refresh}
          onChange={(e) => void setRange({ refresh: e.target.value })}
        >
          {REFRESH_INTERVALS.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </Select>
      </div>
      <CustomRangeDialog
        open={customOpen}
        onOpenChange={setCustomOpen}
        from={from}
        to={to}
        onApply={(range) => void setRange(range)}
      />
    </div>
  );
}

function CustomRangeDialog({
  open,
  onOpenChange,
  from,
  to,
  onApply,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  from: string;
  to: string;
  onApply: (range: { from: string; to: string; refresh: string }) => void;
}) {
  const now = new Date();
  const formatTime = useTimeFormat();
  const { prefs } = formatTime;
  const [start, setStart] = useState(() =>
    toDateTimeInput(parseTimeExpression(from, now) ?? new Date(now.getTime() - 3_600_000), prefs),
  );
  const [end, setEnd] = useState(() => toDateTimeInput(parseTimeExpression(to, now) ?? now, prefs));
  const startAt = fromDateTimeInput(start, prefs);
  const endAt = fromDateTimeInput(end, prefs);
  const invalid = !startAt || !endAt || startAt >= endAt;
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="Custom time range"
      description={
        prefs.timeZone === "utc"
          ? "Times are in UTC, as chosen on your Account page."
          : `Times are in your browser's time zone (${formatTime.zone()}).`
      }
    >
      <form
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          if (invalid) return;
          // A fixed range does not move, so auto-refresh is turned off.
          onApply({ from: startAt.toISOString(), to: endAt.toISOString(), refresh: "off" });
          onOpenChange(false);
        }}
      >
        <Field label="From">
          {(p) => (
            <Input type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} {...p} />
          )}
        </Field>
        <Field label="To" errors={invalid ? ["The end must be after the start."] : undefined}>
          {(p) => <Input type="datetime-local" value={end} onChange={(e) => setEnd(e.target.value)} {...p} />}
        </Field>
        <div className="flex justify-end gap-2 pt-2">
          <Button onClick={() => onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={invalid}>
            Apply
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
