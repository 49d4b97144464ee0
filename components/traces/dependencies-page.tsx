"use client";

import { Network } from "lucide-react";
import { Link } from "@/components/ui/link";
import { parseAsInteger, useQueryState } from "nuqs";
import { Banner, EmptyState, Skeleton } from "@/components/ui/feedback";
import { Select } from "@/components/ui/field";
import { NotConfigured } from "@/components/ui/not-configured";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useDependenciesQuery } from "@/lib/client/traces";
import type { DependencyGraph } from "@/lib/traces/dependencies";
import type { NotConfiguredView } from "@/lib/services/connections/schemas";
import { serviceColors } from "./colors";
import { TraceTabs } from "./trace-tabs";

const LOOKBACKS = [
  { value: 15, label: "15 minutes" },
  { value: 60, label: "1 hour" },
  { value: 360, label: "6 hours" },
  { value: 1440, label: "24 hours" },
];

/** `notConfigured`: Jaeger is not configured, so the page says so instead of asking. */
export function DependenciesPage({ notConfigured }: { notConfigured: NotConfiguredView | null }) {
  const [lookback, setLookback] = useQueryState("lookback", parseAsInteger.withDefault(60));
  const graph = useDependenciesQuery(lookback, !notConfigured);
  return (
    <>
      <PageHeader
        title="Service dependencies"
        description="Who calls whom, from the parent and child spans of recent traces."
      />
      <TraceTabs />
      {notConfigured ? (
        <NotConfigured {...notConfigured} />
      ) : (
        <>
          <div className="mb-4 flex items-center gap-2 text-sm">
            <label htmlFor="lookback">Traces from the last</label>
            <Select
              id="lookback"
              className="w-40"
              value={lookback}
              onChange={(e) => void setLookback(Number(e.target.value))}
            >
              {LOOKBACKS.map((l) => (
                <option key={l.value} value={l.value}>
                  {l.label}
                </option>
              ))}
            </Select>
            {graph.data && <span className="text-zinc-500">{graph.data.traces} traces read</span>}
          </div>
          {graph.isPending ? (
            <Skeleton className="h-80 w-full" />
          ) : graph.error ? (
            <Banner title="Dependencies could not be read from Jaeger.">{graph.error.message}</Banner>
          ) : graph.data.edges.length === 0 ? (
            <EmptyState
              icon={<Network className="size-8" />}
              title="No calls between services in this period"
            >
              Services appear here once their traces show one calling another. Choose a longer period, or
              check that calls propagate trace context (W3C traceparent) between services.
            </EmptyState>
          ) : (
            <>
              <Graph graph={graph.data} />
              <Table
                framed={false}
                density="compact"
                caption="Calls between services"
                className="mt-4 max-w-2xl"
              >
                <TableHeader>
                  <TableHead>Caller</TableHead>
                  <TableHead>Callee</TableHead>
                  <TableHead numeric>Calls</TableHead>
                  <TableHead numeric>Errors</TableHead>
                </TableHeader>
                <TableBody>
                  {graph.data.edges.map((e) => (
                    <TableRow key={`${e.caller}-${e.callee}`}>
                      <TableCell>
                        <Link href={`/services/${encodeURIComponent(e.caller)}`} className="hover:underline">
                          {e.caller}
                        </Link>
                      </TableCell>
                      <TableCell>
                        <Link href={`/services/${encodeURIComponent(e.callee)}`} className="hover:underline">
                          {e.callee}
                        </Link>
                      </TableCell>
                      <TableCell numeric>{e.calls}</TableCell>
                      <TableCell numeric className={e.errors ? "text-red-600" : undefined}>
                        {e.errors}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </>
          )}
        </>
      )}
    </>
  );
}

const NODE_W = 150;
const NODE_H = 40;
const GAP_X = 90;
const GAP_Y = 24;

/** Layers left to right (callers before callees), nodes stacked in each layer; edges as curves. */
function Graph({ graph }: { graph: DependencyGraph }) {
  const layers = new Map<number, string[]>();
  for (const s of graph.services) layers.set(s.layer, [...(layers.get(s.layer) ?? []), s.name]);
  const position = new Map<string, { x: number; y: number }>();
  let height = 0;
  for (const [layer, names] of layers) {
    names.forEach((name, i) =>
      position.set(name, { x: 20 + layer * (NODE_W + GAP_X), y: 20 + i * (NODE_H + GAP_Y) }),
    );
    height = Math.max(height, 20 + names.length * (NODE_H + GAP_Y));
  }
  const width = 40 + layers.size * (NODE_W + GAP_X) - GAP_X;
  const colors = serviceColors(graph.services.map((s) => s.name));
  const layerOf = new Map(graph.services.map((s) => [s.name, s.layer]));
  const maxCalls = Math.max(...graph.edges.map((e) => e.calls), 1);
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white p-2 dark:border-zinc-800 dark:bg-zinc-950">
      <svg
        width={width}
        height={height + 40}
        role="img"
        aria-label={`Service dependency graph: ${graph.edges.map((e) => `${e.caller} calls ${e.callee}`).join(", ")}`}
        data-testid="dependency-graph"
      >
        <defs>
          <marker
            id="arrow"
            viewBox="0 0 10 10"
            refX="10"
            refY="5"
            markerWidth="8"
            markerHeight="8"
            markerUnits="userSpaceOnUse"
            orient="auto-start-reverse"
          >
            <path d="M 0 0 L 10 5 L 0 10 z" className="fill-zinc-400" />
          </marker>
        </defs>
        {graph.edges.map((e) => {
          const a = position.get(e.caller)!;
          const b = position.get(e.callee)!;
          const x1 = a.x + NODE_W;
          const y1 = a.y + NODE_H / 2;
          const x2 = b.x;
          const y2 = b.y + NODE_H / 2;
          const mid = (x1 + x2) / 2;
          // A call that skips a layer would run behind the nodes between: route it below them.
          const skips = layerOf.get(e.callee)! - layerOf.get(e.caller)! > 1;
          const low = height + 8;
          const d = skips
            ? `M ${x1} ${y1} C ${x1 + 80} ${low}, ${x2 - 80} ${low}, ${x2} ${y2}`
            : `M ${x1} ${y1} C ${mid} ${y1}, ${mid} ${y2}, ${x2} ${y2}`;
          return (
            <g key={`${e.caller}-${e.callee}`}>
              <path
                d={d}
                fill="none"
                strokeWidth={1 + 3 * (e.calls / maxCalls)}
                className={e.errors ? "stroke-red-400" : "stroke-zinc-400"}
                markerEnd="url(#arrow)"
              />
              <text
                x={mid}
                y={skips ? low - 2 : (y1 + y2) / 2 - 4}
                textAnchor="middle"
                className="fill-zinc-500 text-[10px]"
              >
                {e.calls}
              </text>
            </g>
          );
        })}
        {graph.services.map((s) => {
          const p = position.get(s.name)!;
          return (
            <a key={s.name} href={`/services/${encodeURIComponent(s.name)}`}>
              <rect
                x={p.x}
                y={p.y}
                width={NODE_W}
                height={NODE_H}
                rx={6}
                className="fill-white stroke-zinc-300 dark:fill-zinc-900 dark:stroke-zinc-700"
              />
              <rect x={p.x} y={p.y} width={5} height={NODE_H} rx={2} fill={colors.get(s.name)} />
              <text
                x={p.x + 14}
                y={p.y + 17}
                className="fill-zinc-900 text-xs font-medium dark:fill-zinc-100"
              >
                {s.name}
              </text>
              <text x={p.x + 14} y={p.y + 31} className="fill-zinc-500 text-[10px]">
                {s.spans} spans{s.errors ? ` · ${s.errors} errors` : ""}
              </text>
            </a>
          );
        })}
      </svg>
    </div>
  );
}
