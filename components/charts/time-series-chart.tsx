"use client";

import {
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { useTimeFormat } from "@/components/shell/time-format";
import { formatPercent, formatRate, formatSeconds, rateAxisFormat, secondsAxisFormat } from "@/lib/format";
import { timeAxis } from "@/lib/time/format";
import { eventLabels } from "./events";
import { slowestPerBucket, type ExemplarOutcome } from "./exemplars";
import { colorAt } from "./palette";

export type ChartSeries = { name: string; points: [number, number][] };
/** A point to mark on the chart, e.g. an exemplar with the trace it links to, and how its request ended. */
export type ChartMarker = { t: number; v: number; label: string; href: string; outcome: ExemplarOutcome };

/** Exemplar dots by outcome, named in the legend. */
const MARKER_KINDS: { outcome: ExemplarOutcome; name: string; color: string }[] = [
  { outcome: "ok", name: "exemplar: ok", color: "#14b8a6" },
  { outcome: "unknown", name: "exemplar: no status", color: "#a1a1aa" },
  { outcome: "error", name: "exemplar: error", color: "#ef4444" },
];
/** How many time slices keep their slowest exemplar (per outcome): about one dot per 10 px. */
const MARKER_BUCKETS = 60;
/** Something that happened at a time (a new revision, a rollback), drawn as a labelled vertical line. */
export type ChartEvent = { t: number; label: string; tone?: "neutral" | "bad" };
export type ChartUnit = "rate" | "percent" | "seconds" | "number";

const FORMAT: Record<ChartUnit, (v: number) => string> = {
  rate: formatRate,
  percent: (v) => formatPercent(v, 1),
  seconds: formatSeconds,
  number: (v) => (Math.abs(v) >= 1000 ? v.toExponential(2) : String(Math.round(v * 1000) / 1000)),
};

/**
 * The top of the value axis when every value is zero (no errors, no traffic): left to itself the chart
 * spreads 0 over 0…4, which reads as 400 % errors or 4/s.
 */
const FLAT_TOP: Record<ChartUnit, number> = { rate: 1, percent: 0.01, seconds: 0.1, number: 1 };

function toRows(series: ChartSeries[]) {
  const rows = new Map<number, Record<string, number>>();
  series.forEach((s, i) => {
    for (const [t, v] of s.points) {
      if (!Number.isFinite(v)) continue;
      const row = rows.get(t) ?? { t };
      row[`s${i}`] = v;
      rows.set(t, row);
    }
  });
  return [...rows.values()].sort((a, b) => a.t! - b.t!);
}

export function TimeSeriesChart({
  series,
  unit,
  height = 220,
  markers = [],
  onMarkerClick,
  events = [],
  emptyText = "No data in this time range.",
}: {
  series: ChartSeries[];
  unit: ChartUnit;
  height?: number;
  markers?: ChartMarker[];
  onMarkerClick?: (marker: ChartMarker) => void;
  /** Shown where they fall inside the data's time span; others are left out. */
  events?: ChartEvent[];
  emptyText?: string;
}) {
  const formatTime = useTimeFormat();
  const rows = toRows(series);
  if (rows.length === 0) {
    return (
      <div style={{ height }} className="flex items-center justify-center text-sm text-zinc-500">
        {emptyText}
      </div>
    );
  }
  let largest = 0;
  let allZero = true;
  for (const s of series)
    for (const [, v] of s.points) {
      if (!Number.isFinite(v)) continue;
      if (v > largest) largest = v;
      if (v !== 0) allZero = false;
    }
  // Rate and duration ticks share one unit; the tooltip says each value in its own.
  const tick =
    unit === "rate"
      ? rateAxisFormat(largest)
      : unit === "seconds"
        ? secondsAxisFormat(largest)
        : FORMAT[unit];
  const format = FORMAT[unit];
  // Markers can fall a little outside the series (an exemplar newer than the last rate): the axis spans both.
  const start = Math.min(rows[0]!.t!, ...markers.map((m) => m.t));
  const end = Math.max(rows[rows.length - 1]!.t!, ...markers.map((m) => m.t));
  const axis = timeAxis(start, end, formatTime.prefs);
  const shownMarkers = slowestPerBucket(markers, start, end, MARKER_BUCKETS);
  const labels = eventLabels(events, start, end);
  const flat = allZero && !markers.length;
  return (
    <div style={{ height }} className="relative text-zinc-500">
      <span
        className="pointer-events-none absolute top-0 right-3 text-[10px]"
        title={`Times are in ${axis.zone}`}
        data-testid="chart-zone"
      >
        {axis.zone}
      </span>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} />
          <XAxis
            dataKey="t"
            type="number"
            domain={[start, end]}
            scale="time"
            ticks={axis.ticks}
            tickFormatter={axis.label}
            stroke="currentColor"
            fontSize={11}
          />
          <YAxis
            tickFormatter={tick}
            stroke="currentColor"
            fontSize={11}
            width={64}
            {...(flat && { domain: [0, FLAT_TOP[unit]] })}
          />
          <Tooltip
            labelFormatter={(t) => formatTime.dateTime(Number(t))}
            formatter={(value, name) => [format(Number(value)), String(name)]}
            contentStyle={{ fontSize: 12 }}
          />
          {(series.length > 1 || shownMarkers.length > 0) && <Legend wrapperStyle={{ fontSize: 12 }} />}
          {series.map((s, i) => (
            <Line
              key={s.name}
              dataKey={`s${i}`}
              name={s.name}
              stroke={colorAt(i)}
              dot={false}
              strokeWidth={1.5}
              isAnimationActive={false}
              connectNulls
            />
          ))}
          {events.map((e, i) => (
            <ReferenceLine
              key={`${e.t}-${e.label}`}
              x={e.t}
              stroke={e.tone === "bad" ? "#ef4444" : "#a855f7"}
              strokeDasharray="4 3"
              label={labels[i] ? { ...labels[i], fill: "currentColor", fontSize: 10 } : undefined}
            />
          ))}
          {MARKER_KINDS.map((kind) => {
            const kept = shownMarkers.filter((m) => m.outcome === kind.outcome);
            return (
              kept.length > 0 && (
                <Scatter
                  key={kind.outcome}
                  data={kept.map((m) => ({ t: m.t, marker: m.v, m }))}
                  dataKey="marker"
                  name={kind.name}
                  fill={kind.color}
                  isAnimationActive={false}
                  cursor="pointer"
                  onClick={(point: { payload?: { m?: ChartMarker } }) =>
                    point.payload?.m && onMarkerClick?.(point.payload.m)
                  }
                />
              )
            );
          })}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
