"use client";

import { GitCompare } from "lucide-react";
import { Link } from "@/components/ui/link";
import { parseAsString, useQueryStates } from "nuqs";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Badge, Banner, EmptyState, Skeleton } from "@/components/ui/feedback";
import { Field, Input } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useTraceCompareQuery } from "@/lib/client/traces";
import type { DiffRow } from "@/lib/traces/compare";
import { formatUs, serviceColors } from "./colors";
import { TraceTabs } from "./trace-tabs";

const STATUS = {
  added: { tone: "warn", label: "only in B" },
  removed: { tone: "info", label: "only in A" },
  changed: { tone: "crit", label: "changed" },
  same: { tone: "neutral", label: "same" },
} as const;

export function ComparePage() {
  const [ids, setIds] = useQueryStates(
    { a: parseAsString.withDefault(""), b: parseAsString.withDefault("") },
    { history: "push" },
  );
  const [draft, setDraft] = useState(ids);
  const [onlyDifferences, setOnlyDifferences] = useState(false);
  const diff = useTraceCompareQuery(ids.a, ids.b);
  const colors = serviceColors(diff.data?.rows.map((r) => r.service) ?? []);
  const rows = diff.data?.rows.filter((r) => !onlyDifferences || r.status !== "same") ?? [];

  return (
    <>
      <PageHeader
        title="Compare traces"
        description="Spans matched by their path of service and operation: what one trace did that the other did not, and where time moved."
      />
      <TraceTabs />
      <form
        className="mb-4 grid grid-cols-1 items-end gap-3 md:grid-cols-[1fr_1fr_auto]"
        onSubmit={(e) => {
          e.preventDefault();
          void setIds({ a: draft.a.trim(), b: draft.b.trim() });
        }}
      >
        <Field label="Trace A">
          {(p) => (
            <Input
              {...p}
              className="font-mono"
              value={draft.a}
              placeholder="trace id"
              onChange={(e) => setDraft({ ...draft, a: e.target.value })}
            />
          )}
        </Field>
        <Field label="Trace B">
          {(p) => (
            <Input
              {...p}
              className="font-mono"
              value={draft.b}
              placeholder="trace id"
              onChange={(e) => setDraft({ ...draft, b: e.target.value })}
            />
          )}
        </Field>
        <Button type="submit" variant="primary" disabled={!draft.a.trim() || !draft.b.trim()}>
          <GitCompare className="size-4" aria-hidden /> Compare
        </Button>
      </form>

      {!ids.a || !ids.b ? (
        <EmptyState icon={<GitCompare className="size-8" />} title="Choose two traces">
          Paste two trace ids above, or select two traces in the{" "}
          <Link href="/traces" className="text-sky-700 underline dark:text-sky-400">
            search results
          </Link>{" "}
          and press Compare. A slow trace next to a fast one of the same operation shows where the time went.
        </EmptyState>
      ) : diff.isPending ? (
        <div className="space-y-2" aria-label="Loading the comparison">
          {Array.from({ length: 8 }, (_, i) => (
            <Skeleton key={i} className="h-7 w-full" />
          ))}
        </div>
      ) : diff.error ? (
        <Banner title="The traces could not be compared.">{diff.error.message}</Banner>
      ) : (
        <>
          <div className="mb-3 grid gap-3 sm:grid-cols-2">
            {(["a", "b"] as const).map((side) => (
              <div key={side} className="rounded-lg border border-zinc-200 p-3 text-sm dark:border-zinc-800">
                <p className="text-xs font-semibold text-zinc-500 uppercase">Trace {side.toUpperCase()}</p>
                <Link
                  href={`/traces/${diff.data[side].traceId}`}
                  className="font-mono text-sky-700 hover:underline dark:text-sky-400"
                >
                  {diff.data[side].traceId}
                </Link>
                <p>
                  {formatUs(diff.data[side].durationUs)} · {diff.data[side].spanCount} spans
                </p>
              </div>
            ))}
          </div>
          <div className="mb-2 flex flex-wrap items-center gap-3 text-sm" aria-live="polite">
            <Badge tone="warn">{diff.data.added} only in B</Badge>
            <Badge tone="info">{diff.data.removed} only in A</Badge>
            <Badge tone="crit">{diff.data.changed} changed</Badge>
            <label className="ml-auto flex items-center gap-1.5">
              <input
                type="checkbox"
                checked={onlyDifferences}
                onChange={(e) => setOnlyDifferences(e.target.checked)}
              />{" "}
              Only differences
            </label>
          </div>
          <Table density="compact" data-testid="trace-diff">
            <TableHeader>
              <TableHead>Service and operation</TableHead>
              <TableHead numeric>Spans A → B</TableHead>
              <TableHead numeric>Time A</TableHead>
              <TableHead numeric>Time B</TableHead>
              <TableHead numeric>Change</TableHead>
              <TableHead>
                <span className="sr-only">Status</span>
              </TableHead>
            </TableHeader>
            <TableBody>
              {rows.map((r) => (
                <DiffLine key={r.key} row={r} color={colors.get(r.service)} />
              ))}
            </TableBody>
          </Table>
        </>
      )}
    </>
  );
}

function DiffLine({ row, color }: { row: DiffRow; color: string | undefined }) {
  const delta = row.durationB - row.durationA;
  const status = STATUS[row.status];
  return (
    // Spans only one trace has are tinted in the colour of their badge.
    <TableRow
      data-status={row.status}
      tone={row.status === "added" ? "warn" : row.status === "removed" ? "info" : undefined}
    >
      <TableCell>
        <span
          className="inline-flex items-center gap-1.5"
          style={{ paddingLeft: Math.min(row.depth, 20) * 14 }}
        >
          <span className="h-3.5 w-1 rounded-sm" style={{ background: color }} aria-hidden />
          <span className="font-medium">{row.service}</span>
          <span className="text-zinc-600 dark:text-zinc-400">{row.operation}</span>
          {row.errorsB > row.errorsA && <Badge tone="crit">+{row.errorsB - row.errorsA} errors</Badge>}
        </span>
      </TableCell>
      <TableCell numeric>
        {row.countA} → {row.countB}
      </TableCell>
      <TableCell numeric>{row.countA ? formatUs(row.durationA) : "—"}</TableCell>
      <TableCell numeric>{row.countB ? formatUs(row.durationB) : "—"}</TableCell>
      <TableCell
        numeric
        className={cn(
          row.status === "changed" && delta > 0 && "text-red-600 dark:text-red-400",
          row.status === "changed" && delta < 0 && "text-green-700 dark:text-green-400",
        )}
      >
        {row.countA && row.countB ? `${delta >= 0 ? "+" : "−"}${formatUs(Math.abs(delta))}` : ""}
      </TableCell>
      <TableCell>
        <Badge tone={status.tone}>{status.label}</Badge>
      </TableCell>
    </TableRow>
  );
}
