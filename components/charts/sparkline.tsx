"use client";

import { Line, LineChart, ResponsiveContainer, YAxis } from "recharts";

/** A tiny trend line, no axes: the shape, not the values. */
export function Sparkline({
  values,
  color = "#0ea5e9",
  label,
}: {
  values: (number | null)[];
  color?: string;
  label: string;
}) {
  const data = values.map((v, t) => ({ t, v })).filter((d): d is { t: number; v: number } => d.v !== null);
  if (data.length < 2) return <span className="inline-block h-6 w-20" aria-hidden />;
  return (
    <span className="inline-block h-6 w-20 align-middle" role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data}>
          <YAxis hide domain={["dataMin", "dataMax"]} />
          <Line dataKey="v" stroke={color} dot={false} strokeWidth={1.25} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </span>
  );
}
