"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Badge, Banner } from "@/components/ui/feedback";
import { LiveIndicator } from "@/components/ui/live-indicator";
import { PageFrame } from "@/components/ui/page-frame";
import { Panel } from "@/components/ui/panel";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ApiError } from "@/lib/client/fetch-json";
import { useCanaryLive, useCanaryQuery, type RolloutRef } from "@/lib/client/deployments";
import type { GateType } from "@/lib/flagger/schemas";
import { formatAge } from "@/lib/format";
import type { CanaryDetail, GateAction, GateState } from "@/lib/services/deployments/model";
import { ClusterBanners } from "../cluster-banners";
import { DeliveryNotFound } from "../delivery-not-found";
import { DeliveryCrumbs, DeliveryFacts, type Fact } from "../delivery-header";
import { formatElapsed } from "../format";
import { HistoryTable, RESULT_TONE } from "../history-table";
import { ConditionsPanel } from "../rollout/conditions-panel";
import { RolloutSkeleton } from "../delivery-skeleton";
import { useNow } from "../use-now";
import { GateDialog } from "./gate-dialog";
import { Time } from "@/components/shell/time-format";

type Pending = { action: GateAction; gate: GateType } | null;

function Facts({ detail }: { detail: CanaryDetail }) {
  const { summary, view } = detail;
  const facts: Fact[] = [
    ["Strategy", view.strategy],
    ...(view.iterations
      ? ([["Iteration", `${view.iterations.current} of ${view.iterations.total}`]] as [string, string][])
      : []),
    ...(view.weight
      ? ([["Weight", `${view.weight.current}% of ${view.weight.max}%`]] as [string, string][])
      : []),
    [
      "Failed checks",
      <span key="f" className={view.checks.failed > 0 ? "text-red-700 dark:text-red-400" : undefined}>
        {view.checks.failed} of {view.checks.threshold}
      </span>,
    ],
    ["Primary", view.revisions.primary ?? "—"],
    ["Canary", view.revisions.canary ?? "—"],
  ];
  return (
    <DeliveryFacts summary={summary} production={detail.production} facts={facts} testId="canary-facts" />
  );
}

function gateWords(gate: GateState): { text: string; tone: "ok" | "neutral" | "warn" } {
  if (!gate.configured) return { text: "no webhook", tone: "neutral" };
  if (!gate.open) return { text: "closed", tone: "neutral" };
  if (gate.scope === "always") return { text: "open until closed", tone: "ok" };
  return { text: gate.revision ? `open for ${gate.revision}` : "open for the next revision", tone: "ok" };
}

/** Why a gate's button is disabled, or null when it is enabled. */
function disabledReason(detail: CanaryDetail, gate: GateState, action: GateAction): string | null {
  if (action === "rollback") {
    if (!gate.configured) return `${detail.summary.name} has no rollback webhook.`;
    if (gate.open) return "A rollback is already asked for; Flagger acts at its next check.";
    return detail.rollbackUnavailable;
  }
  if (!gate.configured)
    return `${detail.summary.name} has no ${gate.gate} webhook, so Flagger never asks it.`;
  if (action === "open" && gate.open) return "Already open.";
  if (action === "close" && !gate.open) return "Already closed.";
  return null;
}

function GateButton({
  detail,
  gate,
  action,
  onPick,
}: {
  detail: CanaryDetail;
  gate: GateState;
  action: GateAction;
  onPick: (pending: Pending) => void;
}) {
  const reason = disabledReason(detail, gate, action);
  const label = action === "rollback" ? "Roll back" : action === "open" ? "Open" : "Close";
  const id = `gate-${gate.gate}-${action}-why`;
  return (
    <span className="inline-flex flex-col items-start">
      <Button
        size="sm"
        variant={action === "open" ? "primary" : action === "rollback" ? "danger" : "secondary"}
        disabled={reason !== null}
        title={reason ?? undefined}
        aria-describedby={reason ? id : undefined}
        data-gate={gate.gate}
        data-action={action}
        onClick={() => onPick({ action, gate: gate.gate })}
      >
        {label}
      </Button>
      {reason && action !== "close" && (
        <span id={id} className="mt-0.5 max-w-64 text-xs text-zinc-500">
          {reason}
        </span>
      )}
    </span>
  );
}

function GatesPanel({
  detail,
  canAct,
  onPick,
}: {
  detail: CanaryDetail;
  canAct: boolean;
  onPick: (pending: Pending) => void;
}) {
  const now = useNow(15_000);
  const unconnected = detail.gates.filter((g) => g.configured && !g.opsdeck);
  return (
    <Panel title="Gates" note="Flagger asks these webhooks; Opsdeck answers from what operators set here.">
      {unconnected.length > 0 && (
        <div className="mb-2">
          <Banner
            tone="warn"
            title={`${unconnected.map((g) => g.gate).join(", ")} call another service, not Opsdeck`}
          >
            Opening them here has no effect until their url is Opsdeck&apos;s
            /api/webhooks/flagger/&lt;token&gt;/&lt;gate&gt;.
          </Banner>
        </div>
      )}
      <Table framed={false} density="compact" caption="Gates" data-testid="gates">
        <TableHeader>
          <TableHead>Gate</TableHead>
          <TableHead>State</TableHead>
          <TableHead>Last change</TableHead>
          <TableHead>Flagger last asked</TableHead>
          {canAct && <TableHead>Actions</TableHead>}
        </TableHeader>
        <TableBody>
          {detail.gates.map((gate) => {
            const words = gateWords(gate);
            return (
              <TableRow key={gate.gate} data-testid={`gate-${gate.gate}`} data-open={gate.open}>
                <TableCell className="font-medium">{gate.gate}</TableCell>
                <TableCell>
                  <Badge tone={words.tone}>{words.text}</Badge>
                </TableCell>
                <TableCell className="text-xs">
                  {gate.changedBy ? (
                    <>
                      {gate.changedBy}, {formatAge(gate.changedAt!, now)}
                      {gate.reason && <span className="block text-zinc-500">{gate.reason}</span>}
                    </>
                  ) : (
                    "—"
                  )}
                </TableCell>
                <TableCell className="text-xs">
                  {gate.lastCall
                    ? `${formatAge(gate.lastCall.at, now)} (${gate.lastCall.phase ?? "?"}): ${gate.lastCall.answeredOpen ? "open" : "closed"}`
                    : "never"}
                </TableCell>
                {canAct && (
                  <TableCell>
                    <span className="flex flex-wrap gap-2">
                      {gate.gate === "rollback" ? (
                        <>
                          <GateButton detail={detail} gate={gate} action="rollback" onPick={onPick} />
                          {gate.open && (
                            <GateButton detail={detail} gate={gate} action="close" onPick={onPick} />
                          )}
                        </>
                      ) : (
                        <>
                          <GateButton detail={detail} gate={gate} action="open" onPick={onPick} />
                          <GateButton detail={detail} gate={gate} action="close" onPick={onPick} />
                        </>
                      )}
                    </span>
                  </TableCell>
                )}
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      {detail.rollbackUnavailable && (
        <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400" data-testid="revert-route">
          {detail.rollbackUnavailable}
        </p>
      )}
    </Panel>
  );
}

function AnalysisPanel({ detail }: { detail: CanaryDetail }) {
  const { view } = detail;
  const bound = (min: number | null, max: number | null) =>
    [min !== null && `≥ ${min}`, max !== null && `≤ ${max}`].filter(Boolean).join(", ") || "—";
  return (
    <Panel
      title="Analysis"
      note={`${view.checks.failed} of ${view.checks.threshold} failed checks roll back${view.rollbackReason ? ` · rolled back: ${view.rollbackReason}` : ""}`}
    >
      <Table
        framed={false}
        density="compact"
        caption="Metrics"
        data-testid="canary-metrics"
        empty={view.metrics.length === 0 && <p className="text-sm text-zinc-500">No metric checks.</p>}
      >
        <TableHeader>
          <TableHead>Metric</TableHead>
          <TableHead>Passes when</TableHead>
          <TableHead>Query</TableHead>
          <TableHead>Latest failing value</TableHead>
        </TableHeader>
        <TableBody>
          {view.metrics.map((metric) => (
            <TableRow key={metric.name}>
              <TableCell className="font-medium">{metric.name}</TableCell>
              <TableCell>{bound(metric.min, metric.max)}</TableCell>
              <TableCell className="max-w-96 truncate font-mono text-xs" title={metric.source}>
                {metric.source}
              </TableCell>
              <TableCell className="tabular-nums">
                {metric.lastFailure ? (
                  <span className="text-red-700 dark:text-red-400">
                    {metric.lastFailure.value} {metric.lastFailure.comparison} {metric.lastFailure.bound}
                  </span>
                ) : (
                  "none failed"
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <h3 className="mt-4 mb-1 text-xs font-semibold text-zinc-600 dark:text-zinc-400">
        Failed checks of this revision
      </h3>
      {view.failedChecks.length === 0 ? (
        <p className="text-sm text-zinc-500">None so far.</p>
      ) : (
        <ol className="space-y-1 text-sm" data-testid="failed-checks">
          {view.failedChecks.map((check, i) => (
            <li key={`${check.at}-${i}`} className="tabular-nums">
              <span className="text-zinc-500">{check.at ? <Time at={check.at} /> : "—"}</span>{" "}
              <span className="font-medium">{check.metric}</span> {check.value} {check.comparison}{" "}
              {check.bound}
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}

function HistoryPanel({ detail }: { detail: CanaryDetail }) {
  const now = useNow(30_000);
  const what = (entry: CanaryDetail["history"][number]) =>
    entry.action === "passed"
      ? `Flagger passed ${entry.gate}`
      : entry.action === "closed-by-new-revision"
        ? `a new revision closed ${entry.gate}`
        : entry.action === "rollback"
          ? "asked for a rollback"
          : `${entry.action === "open" ? "opened" : "closed"} ${entry.gate ?? ""}${entry.action === "open" && entry.scope === "always" ? " until closed" : ""}`;
  return (
    <Panel title="History" note="From the audit log">
      <HistoryTable
        caption="Gate history"
        data-testid="gate-history"
        empty={
          detail.history.length === 0 && <p className="text-sm text-zinc-500">No gate was changed yet.</p>
        }
      >
        {detail.history.map((entry) => (
          <TableRow key={entry.id}>
            <TableCell className="whitespace-nowrap" title={entry.at}>
              {formatAge(entry.at, now)}
            </TableCell>
            <TableCell>{entry.actor ?? "—"}</TableCell>
            <TableCell>{what(entry)}</TableCell>
            <TableCell>{entry.reason ?? "—"}</TableCell>
            <TableCell>
              <Badge tone={RESULT_TONE[entry.result]}>
                {entry.result}
                {entry.changed === false && " (no change)"}
              </Badge>
              {entry.failure && <span className="block text-xs text-zinc-500">{entry.failure}</span>}
            </TableCell>
          </TableRow>
        ))}
      </HistoryTable>
    </Panel>
  );
}

/** One Flagger canary, live: its phase, gates (opened and closed here), analysis, events and history. */
export function CanaryPage({ canaryRef, canAct }: { canaryRef: RolloutRef; canAct: boolean }) {
  const canary = useCanaryQuery(canaryRef);
  const live = useCanaryLive(canaryRef);
  const now = useNow(15_000);
  const [pending, setPending] = useState<Pending>(null);
  const { cluster, namespace, name } = canaryRef;
  const crumbs = <DeliveryCrumbs cluster={cluster} namespace={namespace} />;
  if (canary.isError && canary.error instanceof ApiError && canary.error.status === 404) {
    return (
      <DeliveryNotFound
        title={`No Flagger canary ${name} in ${namespace} of cluster ${cluster}`}
        back="See every deployment"
      />
    );
  }
  const detail = canary.data;
  const waiting = detail?.summary.waiting;
  return (
    <>
      {crumbs}
      <PageFrame
        title={name}
        description={detail ? `Flagger canary · ${detail.view.message || detail.summary.phase}` : undefined}
        actions={<LiveIndicator live={live} />}
        failures={[
          canary.isError && { title: "This canary could not be loaded.", message: canary.error.message },
        ]}
      >
        {canary.isPending && <RolloutSkeleton />}
        {detail && (
          <>
            <ClusterBanners clusters={[detail.cluster]} />
            <Facts detail={detail} />
            {waiting && (
              <div className="mb-4" data-testid="waiting-banner">
                <Banner
                  tone="warn"
                  title={`Waiting for you${waiting.since ? ` for ${formatElapsed(waiting.since, now)}` : ""}: ${waiting.message}`}
                />
              </div>
            )}
            {!canAct && (
              <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400" data-testid="no-actions">
                Operators and admins open and close gates and ask for rollbacks; your role can watch.
              </p>
            )}
            <div className="space-y-4">
              <GatesPanel detail={detail} canAct={canAct} onPick={setPending} />
              <AnalysisPanel detail={detail} />
              <ConditionsPanel conditions={detail.view.conditions} events={detail.events} />
              <HistoryPanel detail={detail} />
            </div>
            {pending && canAct && (
              <GateDialog
                key={`${pending.action}-${pending.gate}`}
                detail={detail}
                action={pending.action}
                gate={pending.gate}
                onClose={() => setPending(null)}
              />
            )}
          </>
        )}
      </PageFrame>
    </>
  );
}
