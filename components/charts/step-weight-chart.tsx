"use client";

import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceDot,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { colorAt } from "./palette";

export type WeightStep = { label: string; weight: number };

/**
 * A canary's traffic weight through its steps: the weight each step sets as a step line, the end (all
 * traffic on the new revision) after the last step, and where the rollout stands: a line at the current
 * step and a dot at the weight the canary actually has.
 */
export function StepWeightChart({
  steps,
  current,
  actual,
  finalWeight = 100,
  height = 180,
}: {
  steps: WeightStep[];
  /** The index of the current step; `steps.length` once past the last; null when not running. */
  current: number | null;
  actual: number | null;
  /** The weight once fully promoted (the traffic router's maximum). */
  finalWeight?: number;
  height?: number;
}) {
  if (steps.length === 0) return null;
  const rows = [
    ...steps.map((step, i) => ({ step: i + 1, weight: step.weight, label: step.label })),
    { step: steps.length + 1, weight: finalWeight, label: "promoted" },
  ];
  const position = current === null ? null : Math.min(current, steps.length) + 1;
  return (
    <div
      style={{ height }}
      className="text-zinc-500"
      role="img"
      aria-label={`Canary weight by step: ${steps.map((s, i) => `step ${i + 1} ${s.weight}%`).join(", ")}${position ? `; now at step ${position}` : ""}${actual !== null ? `, actual weight ${actual}%` : ""}`}
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows} margin={{ top: 16, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} />
          <XAxis
            dataKey="step"
            type="number"
            domain={[1, steps.length + 1]}
            ticks={rows.map((r) => r.step)}
            tickFormatter={(step: number) => (step > steps.length ? "end" : String(step))}
            stroke="currentColor"
            fontSize={11}
          />
          <YAxis
            domain={[0, Math.max(100, finalWeight)]}
            tickFormatter={(v: number) => `${v}%`}
            stroke="currentColor"
            fontSize={11}
            width={44}
          />
          <Tooltip
            labelFormatter={(step) => {
              const row = rows[Number(step) - 1];
              return row
                ? Number(step) > steps.length
                  ? "Fully promoted"
                  : `Step ${String(step)}: ${row.label}`
                : "";
            }}
            formatter={(value) => [`${String(value)}%`, "weight"]}
            contentStyle={{ fontSize: 12 }}
          />
          <Line
            type="stepAfter"
            dataKey="weight"
            stroke={colorAt(0)}
            strokeWidth={2}
            dot={{ r: 2.5 }}
            isAnimationActive={false}
          />
          {position !== null && (
            <ReferenceLine
              x={position}
              stroke={colorAt(1)}
              strokeDasharray="4 3"
              label={{ value: "now", position: "top", fill: "currentColor", fontSize: 11 }}
            />
          )}
          {position !== null && actual !== null && (
            <ReferenceDot x={position} y={actual} r={5} fill={colorAt(1)} stroke="none" />
          )}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
