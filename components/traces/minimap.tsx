"use client";

import { useEffect, useRef } from "react";
import type { TraceView } from "@/lib/traces/model";

const HEIGHT = 64;

/**
 * The whole trace at a glance: one line per visible span (time across, rows down), drawn once per
 * change of the visible rows on a canvas; the frame shows the rows in view. Click or drag to move.
 */
export function Minimap({
  trace,
  rows,
  colors,
  firstRow,
  lastRow,
  onJump,
}: {
  trace: TraceView;
  rows: Int32Array;
  colors: string[];
  firstRow: number;
  lastRow: number;
  onJump: (row: number) => void;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const dragging = useRef(false);

  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const width = c.clientWidth;
    const ratio = window.devicePixelRatio || 1;
    c.width = Math.max(1, Math.floor(width * ratio));
    c.height = HEIGHT * ratio;
    const g = c.getContext("2d");
    if (!g) return;
    g.scale(ratio, ratio);
    g.clearRect(0, 0, width, HEIGHT);
    const total = Math.max(trace.durationUs, 1);
    const n = rows.length;
    const rowHeight = Math.max(HEIGHT / Math.max(n, 1), 0.5);
    // Many spans share a pixel row: draw at most a few per pixel row, batched by colour.
    const step = Math.max(1, Math.floor(n / (HEIGHT * 40)));
    for (let service = 0; service < colors.length; service++) {
      g.fillStyle = colors[service]!;
      g.beginPath();
      for (let r = 0; r < n; r += step) {
        const span = rows[r]!;
        if (trace.serviceIdx[span] !== service) continue;
        const x = (trace.starts[span]! / total) * width;
        const w = Math.max((trace.durations[span]! / total) * width, 1);
        g.rect(x, (r / n) * HEIGHT, w, Math.max(rowHeight, 1));
      }
      g.fill();
    }
  }, [trace, rows, colors]);

  const n = Math.max(rows.length, 1);
  const jump = (e: React.PointerEvent<HTMLDivElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    onJump(Math.floor(((e.clientY - box.top) / box.height) * n));
  };

  return (
    <div
      className="relative shrink-0 cursor-pointer border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-950"
      style={{ height: HEIGHT }}
      role="slider"
      tabIndex={-1}
      aria-label="Trace overview: click to move to that part of the trace"
      aria-valuemin={0}
      aria-valuemax={rows.length}
      aria-valuenow={firstRow}
      data-testid="minimap"
      onPointerDown={(e) => {
        dragging.current = true;
        e.currentTarget.setPointerCapture(e.pointerId);
        jump(e);
      }}
      onPointerMove={(e) => dragging.current && jump(e)}
      onPointerUp={() => (dragging.current = false)}
    >
      <canvas ref={canvas} className="absolute inset-0 h-full w-full" />
      <div
        aria-hidden
        className="pointer-events-none absolute right-0 left-0 border-y-2 border-sky-500 bg-sky-500/10"
        style={{
          top: `${(firstRow / n) * 100}%`,
          height: `max(3px, ${((lastRow - firstRow + 1) / n) * 100}%)`,
        }}
      />
    </div>
  );
}
