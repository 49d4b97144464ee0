"use client";

import { Badge } from "@/components/ui/feedback";
import { Panel } from "@/components/ui/panel";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { AnalysisRunView, MetricView } from "@/lib/argo-rollouts/analysis";
import { cn } from "@/components/ui/cn";
import { Time } from "@/components/shell/time-format";

const PHASE_TONE: Record<string, "ok" | "crit" | "warn" | "info" | "neutral"> = {
  Successful: "ok",
  Failed: "crit",
  Error: "crit",
  Inconclusive: "warn",
  Running: "info",
  Pending: "neutral",
};

export function AnalysisPhase({ phase }: { phase: string | null }) {
  return <Badge tone={PHASE_TONE[phase ?? ""] ?? "neutral"}>{phase ?? "Pending"}</Badge>;
}

function Limits({ metric }: { metric: MetricView }) {
  const parts = [
    metric.interval && `every ${metric.interval}`,
    metric.count !== null && `${metric.count} measurements`,
    metric.failureLimit !== null && `fails after ${metric.failureLimit} failed`,
    metric.inconclusiveLimit !== null && `inconclusive after ${metric.inconclusiveLimit}`,
    metric.consecutiveErrorLimit !== null && `errors after ${metric.consecutiveErrorLimit} in a row`,
  ].filter(Boolean);
  return parts.length ? <span>{parts.join(" · ")}</span> : null;
}

/** One metric of a run: what it asks, what it is held to, and every measurement's value. */
function Metric({ metric }: { metric: MetricView }) {
  const { counts } = metric;
  return (
    <section className="space-y-2" aria-label={`Metric ${metric.name}`} data-testid={`metric-${metric.name}`}>
      <div className="flex flex-wrap items-center gap-2">
        <h4 className="text-sm font-semibold">{metric.name}</h4>
        <AnalysisPhase phase={metric.phase} />
        {metric.dryRun && <Badge>dry run</Badge>}
        <span className="text-xs text-zinc-500">
          {metric.providerKind ?? "provider"} · <Limits metric={metric} />
        </span>
        <span className="ml-auto text-xs text-zinc-600 tabular-nums dark:text-zinc-400">
          {counts.measured} measured: {counts.successful} passed, {counts.failed} failed
          {counts.inconclusive > 0 && `, ${counts.inconclusive} inconclusive`}
          {counts.error > 0 && `, ${counts.error} errors`}
        </span>
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
        {metric.successCondition && (
          <>
            <dt className="text-zinc-500">Passes when</dt>
            <dd>
              <code className="font-mono" data-testid="success-condition">
                {metric.successCondition}
              </code>
            </dd>
          </>
        )}
        {metric.failureCondition && (
          <>
            <dt className="text-zinc-500">Fails when</dt>
            <dd>
              <code className="font-mono" data-testid="failure-condition">
                {metric.failureCondition}
              </code>
            </dd>
          </>
        )}
        {metric.query && (
          <>
            <dt className="text-zinc-500">Query</dt>
            <dd className="min-w-0">
              <pre className="overflow-x-auto rounded bg-zinc-100 px-2 py-1 font-mono text-xs whitespace-pre-wrap dark:bg-zinc-800">
                {metric.query}
              </pre>
            </dd>
          </>
        )}
        {metric.message && (
          <>
            <dt className="text-zinc-500">Message</dt>
            <dd>{metric.message}</dd>
          </>
        )}
      </dl>
      <Table
        framed={false}
        density="compact"
        caption={`Measurements of ${metric.name}`}
        data-testid={`measurements-${metric.name}`}
        empty={metric.measurements.length === 0 && <p className="text-xs text-zinc-500">Not measured yet.</p>}
      >
        <TableHeader>
          <TableHead numeric>#</TableHead>
          <TableHead>Value</TableHead>
          <TableHead>Phase</TableHead>
          <TableHead>Started</TableHead>
          <TableHead>Finished</TableHead>
          <TableHead>Message</TableHead>
        </TableHeader>
        <TableBody>
          {metric.measurements.map((m, i) => {
            const bad = m.phase === "Failed" || m.phase === "Error";
            return (
              <TableRow key={`${m.startedAt}-${i}`} data-phase={m.phase ?? ""}>
                <TableCell numeric className="text-zinc-500">
                  {i + 1}
                </TableCell>
                <TableCell
                  className={cn("font-mono text-xs", bad && "font-semibold text-red-700 dark:text-red-400")}
                  data-testid="measurement-value"
                >
                  {m.value ?? "—"}
                </TableCell>
                <TableCell>
                  <AnalysisPhase phase={m.phase} />
                </TableCell>
                <TableCell className="text-xs whitespace-nowrap tabular-nums" title={m.startedAt ?? ""}>
                  {m.startedAt ? <Time at={m.startedAt} /> : "—"}
                </TableCell>
                <TableCell className="text-xs whitespace-nowrap tabular-nums" title={m.finishedAt ?? ""}>
                  {m.finishedAt ? <Time at={m.finishedAt} /> : "—"}
                </TableCell>
                <TableCell className="text-xs text-zinc-600 dark:text-zinc-400">{m.message ?? ""}</TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </section>
  );
}

function kindOf(run: AnalysisRunView): string {
  if (run.rolloutType === "Step" && run.stepIndex !== null) return `step ${run.stepIndex + 1}`;
  return run.rolloutType?.toLowerCase() ?? "analysis";
}

function Run({ run, open }: { run: AnalysisRunView; open: boolean }) {
  const { summary } = run;
  return (
    <details
      id={`run-${run.name}`}
      open={open}
      className="group rounded-md border border-zinc-200 dark:border-zinc-800"
      data-testid={`analysis-run-${run.name}`}
    >
      <summary className="flex cursor-pointer flex-wrap items-center gap-2 px-3 py-2 text-sm">
        <span className="font-medium">{run.name}</span>
        <AnalysisPhase phase={run.phase} />
        <span className="text-xs text-zinc-500">
          {kindOf(run)}
          {run.revision !== null && ` · revision ${run.revision}`}
          {run.startedAt && (
            <>
              {" · started "}
              <Time at={run.startedAt} />
            </>
          )}
        </span>
        <span className="ml-auto text-xs text-zinc-600 tabular-nums dark:text-zinc-400">
          {summary.successful} passed · {summary.failed} failed
          {summary.inconclusive > 0 && ` · ${summary.inconclusive} inconclusive`}
          {summary.error > 0 && ` · ${summary.error} errors`}
        </span>
      </summary>
      <div className="space-y-4 border-t border-zinc-200 px-3 py-3 dark:border-zinc-800">
        {run.message && <p className="text-sm">{run.message}</p>}
        {run.metrics.map((metric) => (
          <Metric key={metric.name} metric={metric} />
        ))}
      </div>
    </details>
  );
}

/**
 * The rollout's analysis runs, newest revision first, each metric with its query, its conditions and
 * every measurement's value, time and phase: what the controller decided on, not only pass or fail.
 */
export function AnalysisPanel({ runs, revision }: { runs: AnalysisRunView[]; revision: number | null }) {
  const latestRevision = revision ?? runs[0]?.revision ?? null;
  return (
    <Panel
      title="Analysis runs"
      note={runs.length ? `${runs.length} ${runs.length === 1 ? "run" : "runs"}` : undefined}
    >
      {runs.length === 0 ? (
        <p className="text-sm text-zinc-500">No analysis has run for this rollout.</p>
      ) : (
        <div className="space-y-2">
          {runs.map((run, i) => (
            <Run key={run.name} run={run} open={run.revision === latestRevision || i === 0} />
          ))}
        </div>
      )}
    </Panel>
  );
}
