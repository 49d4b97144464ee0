"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { ChevronDown, ChevronRight } from "lucide-react";
import { memo, useCallback, useEffect, useImperativeHandle, useMemo, useRef } from "react";
import { cn } from "@/components/ui/cn";
import type { TraceView } from "@/lib/traces/model";
import { formatUs } from "./colors";
import { Minimap } from "./minimap";

export const ROW_HEIGHT = 26;

export type WaterfallHandle = { scrollToRow: (row: number) => void };

type Props = {
  trace: TraceView;
  /** Service name → colour, as the page's legend shows them. */
  serviceColors: Map<string, string>;
  rows: Int32Array;
  collapsed: Uint8Array;
  selected: number;
  matches: Uint8Array | null;
  critical: Map<number, number[]> | null;
  onSelect: (span: number) => void;
  onToggle: (span: number) => void;
  handle: React.Ref<WaterfallHandle>;
};

const TICKS = [0, 0.25, 0.5, 0.75, 1];

/**
 * The span tree with timing bars. Only the rows in view (plus a margin) are in the DOM, so a 100,000-span
 * trace scrolls like a 100-span one. The tree is one focusable element (aria-activedescendant), moved
 * with the arrow keys, so keyboard users never tab through thousands of rows.
 */
export function Waterfall({
  trace,
  serviceColors,
  rows,
  collapsed,
  selected,
  matches,
  critical,
  onSelect,
  onToggle,
  handle,
}: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  // The virtualizer re-renders this component itself on scroll; nothing memoized depends on its functions.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    // Draw the first screen of rows at once instead of waiting a frame for the scroller to be measured.
    initialRect: { width: 1200, height: 800 },
  });
  const rowOf = useMemo(() => {
    const map = new Int32Array(trace.spanIds.length).fill(-1);
    rows.forEach((span, row) => (map[span] = row));
    return map;
  }, [rows, trace.spanIds.length]);

  useImperativeHandle(handle, () => ({
    scrollToRow: (row) => virtualizer.scrollToIndex(row, { align: "auto" }),
  }));

  // By service index, as the rows and the minimap look them up.
  const colors = useMemo(
    () => trace.services.map((s) => serviceColors.get(s)!),
    [trace.services, serviceColors],
  );
  const total = Math.max(trace.durationUs, 1);

  const onKeyDown = useCallback(
    (e: React.KeyboardEvent) => {
      const row = selected >= 0 ? rowOf[selected]! : -1;
      const go = (r: number) => {
        const clamped = Math.max(0, Math.min(rows.length - 1, r));
        onSelect(rows[clamped]!);
        virtualizer.scrollToIndex(clamped, { align: "auto" });
      };
      const hasChildren = selected >= 0 && trace.descendants[selected]! > 0;
      switch (e.key) {
        case "ArrowDown":
          go(row + 1);
          break;
        case "ArrowUp":
          go(row - 1);
          break;
        case "Home":
          go(0);
          break;
        case "End":
          go(rows.length - 1);
          break;
        case "PageDown":
          go(row + 20);
          break;
        case "PageUp":
          go(row - 20);
          break;
        case "ArrowRight":
          if (hasChildren && collapsed[selected]) onToggle(selected);
          else if (hasChildren) go(row + 1);
          break;
        case "ArrowLeft":
          if (hasChildren && !collapsed[selected]) onToggle(selected);
          else if (selected >= 0 && trace.parents[selected]! >= 0) go(rowOf[trace.parents[selected]!]!);
          break;
        default:
          return;
      }
      e.preventDefault();
    },
    [selected, rowOf, rows, onSelect, onToggle, collapsed, trace, virtualizer],
  );

  const items = virtualizer.getVirtualItems();
  const firstRow = items[0]?.index ?? 0;
  const lastRow = items.at(-1)?.index ?? 0;

  return (
    <div className="flex min-h-0 flex-1 flex-col overflow-hidden rounded-lg border border-zinc-200 dark:border-zinc-800">
      <Minimap
        trace={trace}
        rows={rows}
        colors={colors}
        firstRow={firstRow}
        lastRow={lastRow}
        onJump={(row) => virtualizer.scrollToIndex(row, { align: "center" })}
      />
      <div className="grid grid-cols-[minmax(14rem,38%)_1fr] border-b border-zinc-200 bg-zinc-50 text-xs text-zinc-500 dark:border-zinc-800 dark:bg-zinc-900">
        <div className="px-2 py-1">Service and operation</div>
        <div className="relative h-6">
          {TICKS.map((t) => (
            <span
              key={t}
              className="absolute top-1 tabular-nums"
              style={t === 1 ? { right: 4 } : { left: `calc(${t * 100}% + 4px)` }}
            >
              {formatUs(total * t)}
            </span>
          ))}
        </div>
      </div>
      <div
        ref={scroller}
        role="tree"
        aria-label={`Spans of trace ${trace.traceId}`}
        aria-activedescendant={selected >= 0 ? `span-${trace.spanIds[selected]}` : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
        className="relative min-h-0 flex-1 overflow-auto outline-none focus-visible:ring-2 focus-visible:ring-sky-500 focus-visible:ring-inset"
        data-testid="waterfall"
      >
        <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {items.map((item) => {
            const span = rows[item.index]!;
            return (
              <SpanRow
                key={span}
                trace={trace}
                span={span}
                top={item.start}
                color={colors[trace.serviceIdx[span]!]!}
                total={total}
                collapsed={collapsed[span] === 1}
                selected={span === selected}
                match={matches ? matches[span] === 1 : false}
                sections={critical?.get(span)}
                onSelect={onSelect}
                onToggle={onToggle}
              />
            );
          })}
        </div>
        {/* Tick lines across the rows */}
        <TickLines />
      </div>
    </div>
  );
}

function TickLines() {
  return (
    <div aria-hidden className="pointer-events-none absolute inset-0 grid grid-cols-[minmax(14rem,38%)_1fr]">
      <div />
      <div className="relative">
        {TICKS.slice(1, -1).map((t) => (
          <div
            key={t}
            className="absolute top-0 bottom-0 w-px bg-zinc-200/70 dark:bg-zinc-800/70"
            style={{ left: `${t * 100}%` }}
          />
        ))}
      </div>
    </div>
  );
}

type RowProps = {
  trace: TraceView;
  span: number;
  top: number;
  color: string;
  total: number;
  collapsed: boolean;
  selected: boolean;
  match: boolean;
  sections: number[] | undefined;
  onSelect: (span: number) => void;
  onToggle: (span: number) => void;
};

const SpanRow = memo(function SpanRow({
  trace,
  span,
  top,
  color,
  total,
  collapsed,
  selected,
  match,
  sections,
  onSelect,
  onToggle,
}: RowProps) {
  const start = trace.starts[span]!;
  const duration = trace.durations[span]!;
  const depth = trace.depths[span]!;
  const children = trace.descendants[span]! > 0;
  const error = trace.errors[span] === 1;
  const service = trace.services[trace.serviceIdx[span]!]!;
  const operation = trace.operations[trace.operationIdx[span]!]!;
  const left = (start / total) * 100;
  const width = (duration / total) * 100;
  // Deep traces: indent up to a point, then show the depth as a number.
  const indent = Math.min(depth, 24) * 12;
  return (
    <div
      id={`span-${trace.spanIds[span]}`}
      role="treeitem"
      aria-level={depth + 1}
      aria-expanded={children ? !collapsed : undefined}
      aria-selected={selected}
      data-span-id={trace.spanIds[span]}
      onClick={() => onSelect(span)}
      className={cn(
        "absolute right-0 left-0 grid cursor-pointer grid-cols-[minmax(14rem,38%)_1fr] items-center text-sm",
        selected
          ? "bg-sky-100 dark:bg-sky-950/70"
          : match
            ? "bg-amber-100 dark:bg-amber-900/40"
            : "hover:bg-zinc-100 dark:hover:bg-zinc-900",
      )}
      style={{ top, height: ROW_HEIGHT }}
    >
      <div className="flex min-w-0 items-center gap-1 pr-2" style={{ paddingLeft: 4 + indent }}>
        {children ? (
          <button
            type="button"
            tabIndex={-1}
            aria-label={collapsed ? `Expand ${operation}` : `Collapse ${operation}`}
            onClick={(e) => {
              e.stopPropagation();
              onToggle(span);
            }}
            className="rounded p-0.5 text-zinc-500 hover:bg-zinc-200 dark:hover:bg-zinc-800"
          >
            {collapsed ? <ChevronRight className="size-3.5" /> : <ChevronDown className="size-3.5" />}
          </button>
        ) : (
          <span className="w-4.5 shrink-0" />
        )}
        <span className="h-4 w-1 shrink-0 rounded-sm" style={{ background: color }} aria-hidden />
        {depth > 24 && <span className="text-xs text-zinc-400">{depth}</span>}
        <span className="truncate">
          <span className={cn("font-medium", error && "text-red-600 dark:text-red-400")}>{service}</span>{" "}
          <span className="text-zinc-600 dark:text-zinc-400">{operation}</span>
        </span>
        {error && <span className="sr-only">(error)</span>}
        {collapsed && (
          <span className="ml-auto shrink-0 text-xs text-zinc-400">+{trace.descendants[span]}</span>
        )}
      </div>
      <div className="relative h-full">
        <div
          className={cn("absolute top-1.5 h-3.5 min-w-px rounded-sm", error && "ring-2 ring-red-500")}
          style={{ left: `${left}%`, width: `${width}%`, background: color, opacity: sections ? 1 : 0.75 }}
        >
          {sections &&
            duration > 0 &&
            pairs(sections).map(([s, e]) => (
              <div
                key={s}
                data-critical
                className="absolute top-1 bottom-1 bg-zinc-950/65"
                style={{
                  left: `${((s - start) / duration) * 100}%`,
                  width: `${((e - s) / duration) * 100}%`,
                }}
              />
            ))}
        </div>
        {/* The duration sits inside a wide bar, else beside it (on the left near the end of the trace). */}
        <span
          className={cn(
            "absolute top-1 text-xs tabular-nums",
            width > 18 ? "font-medium text-white" : "text-zinc-500",
          )}
          style={
            width > 18
              ? { right: `${100 - left - width}%`, paddingRight: 6 }
              : left + width > 85
                ? { right: `${100 - left}%`, paddingRight: 4 }
                : { left: `calc(${left + width}% + 4px)` }
          }
        >
          {formatUs(duration)}
        </span>
      </div>
    </div>
  );
});

function pairs(flat: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (let k = 0; k < flat.length; k += 2) out.push([flat[k]!, flat[k + 1]!]);
  return out;
}

/** Keeps the selected row in view when the selection changes from outside (search, deep link). */
export function useScrollToSelected(
  handle: React.RefObject<WaterfallHandle | null>,
  rows: Int32Array,
  selected: number,
) {
  useEffect(() => {
    if (selected < 0) return;
    const row = rows.indexOf(selected);
    if (row >= 0) handle.current?.scrollToRow(row);
    // Only when the selection itself changes: scrolling must not fight the user.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selected]);
}
