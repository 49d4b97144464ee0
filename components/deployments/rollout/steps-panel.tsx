"use client";

import { Check, ChevronRight, Circle } from "lucide-react";
import { StepWeightChart } from "@/components/charts/step-weight-chart";
import { TimeSeriesChart } from "@/components/charts/time-series-chart";
import { cn } from "@/components/ui/cn";
import { Panel } from "@/components/ui/panel";
import type { RolloutView, StepView, StepWait } from "@/lib/argo-rollouts/describe";
import type { RolloutDetail } from "@/lib/services/deployments/model";
import { formatCountdown, formatElapsed, secondsUntil, stepPoints, stepTitle } from "../format";
import { useNow } from "../use-now";

/** A timed pause's time left, counting down in the browser from the controller's `until`. */
function Countdown({ until, remainingSeconds }: { until: string | null; remainingSeconds: number }) {
  const now = useNow(1000);
  const left = until === null ? remainingSeconds : (secondsUntil(until, now) ?? remainingSeconds);
  return (
    <span className="font-mono tabular-nums" data-testid="pause-countdown" title={until ?? undefined}>
      {formatCountdown(left)}
    </span>
  );
}

function WaitingFor({ wait, waitingSince }: { wait: StepWait; waitingSince: string | null }) {
  const now = useNow(15_000);
  switch (wait.kind) {
    case "promotion":
      return (
        <>
          Waits for a person to promote
          {waitingSince && <> (for {formatElapsed(waitingSince, now)})</>}
        </>
      );
    case "timer":
      return wait.until === null ? (
        <>Pauses for {formatCountdown(wait.durationSeconds)} once the controller starts the timer</>
      ) : (
        <>
          Resumes by itself in <Countdown until={wait.until} remainingSeconds={wait.remainingSeconds} />
        </>
      );
    case "analysis":
      return wait.analysisRun ? (
        <>
          Waits for analysis{" "}
          <a href={`#run-${wait.analysisRun}`} className="font-medium underline-offset-2 hover:underline">
            {wait.analysisRun}
          </a>
          {wait.phase && <>: {wait.phase}</>}
          {wait.message && <span className="text-zinc-500"> ({wait.message})</span>}
        </>
      ) : (
        <>Starts an analysis</>
      );
    case "experiment":
      return <>Waits for experiment {wait.experiment ?? "to start"}</>;
  }
}

function StepItem({ step, waitingSince }: { step: StepView; waitingSince: string | null }) {
  const Icon = step.state === "done" ? Check : step.state === "current" ? ChevronRight : Circle;
  return (
    <li
      aria-current={step.state === "current" ? "step" : undefined}
      data-state={step.state}
      data-testid={`step-${step.index + 1}`}
      className={cn(
        "flex gap-2 rounded-md px-2 py-1.5 text-sm",
        step.state === "current" && "bg-sky-50 ring-1 ring-sky-300 dark:bg-sky-950/40 dark:ring-sky-800",
      )}
    >
      <Icon
        className={cn(
          "mt-0.5 size-4 shrink-0",
          step.state === "done" && "text-green-600 dark:text-green-400",
          step.state === "current" && "text-sky-600 dark:text-sky-400",
          step.state === "pending" && "size-3 translate-x-0.5 translate-y-0.5 text-zinc-400",
        )}
        aria-hidden
      />
      <div className="min-w-0 flex-1">
        <div className="flex items-baseline justify-between gap-2">
          <span className={cn(step.state === "current" && "font-medium")}>
            <span className="text-zinc-500 tabular-nums">{step.index + 1}.</span>{" "}
            <span title={step.label}>{stepTitle(step.step)}</span>
            <span className="sr-only">
              {step.state === "done" ? " (done)" : step.state === "current" ? " (current step)" : ""}
            </span>
          </span>
          <span className="text-xs text-zinc-500 tabular-nums">{step.weight}%</span>
        </div>
        {step.waitingFor && (
          <p className="text-xs text-zinc-700 dark:text-zinc-300" data-testid="step-waiting-for">
            <WaitingFor wait={step.waitingFor} waitingSince={waitingSince} />
          </p>
        )}
        {!step.waitingFor && step.analysisRun && (
          <p className="text-xs text-zinc-500">
            analysis{" "}
            <a href={`#run-${step.analysisRun}`} className="hover:underline">
              {step.analysisRun}
            </a>
          </p>
        )}
      </div>
    </li>
  );
}

/** The set and actual weight as this app instance saw them change, held between changes. */
function WeightOverTime({ history }: { history: RolloutDetail["weightHistory"] }) {
  const now = useNow(15_000);
  const changes = (pick: "set" | "actual") =>
    stepPoints(
      history.map((h) => ({ t: Date.parse(h.at), v: h[pick] / 100 })),
      now,
    );
  return (
    <>
      <h3 className="mt-3 mb-1 text-xs font-medium text-zinc-500">Weight over time</h3>
      <TimeSeriesChart
        unit="percent"
        height={140}
        series={[
          { name: "set", points: changes("set") },
          { name: "actual", points: changes("actual") },
        ]}
      />
    </>
  );
}

/** A canary's steps with the current one marked and what it waits for, and its weight through them. */
export function StepsPanel({
  view,
  weightHistory,
}: {
  view: RolloutView;
  weightHistory: RolloutDetail["weightHistory"];
}) {
  if (view.steps.length === 0) {
    return (
      <Panel title="Steps">
        <p className="text-sm text-zinc-500">
          {view.strategy === "Canary"
            ? "This canary has no steps: each update goes to all pods at once."
            : "Blue-green rollouts have no steps."}
        </p>
      </Panel>
    );
  }
  const count = view.steps.length;
  const current = view.phase === "Aborted" ? null : (view.step?.index ?? null);
  return (
    <Panel
      title="Steps"
      note={
        view.phase === "Aborted"
          ? "Aborted: the steps start over when retried"
          : view.step?.index !== null && view.step?.index !== undefined
            ? `step ${Math.min(view.step.index + 1, count)} of ${count}`
            : undefined
      }
    >
      <div className="grid gap-4 md:grid-cols-[minmax(0,1fr)_minmax(0,1.2fr)]">
        <ol className="space-y-0.5" aria-label="Steps">
          {view.steps.map((step) => (
            <StepItem key={step.index} step={step} waitingSince={view.waitingForHuman?.since ?? null} />
          ))}
        </ol>
        <div>
          <h3 className="mb-1 text-xs font-medium text-zinc-500">Weight by step</h3>
          <StepWeightChart
            steps={view.steps.map((s) => ({ label: s.label, weight: s.weight }))}
            current={current}
            actual={view.weights?.actual ?? null}
            finalWeight={view.weights?.max ?? 100}
          />
          {weightHistory.length > 1 && <WeightOverTime history={weightHistory} />}
          {view.weights && (
            <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
              Weight set {view.weights.set}%, actual {view.weights.actual}%
              {view.weights.traffic &&
                ` (router: canary ${view.weights.traffic.canary}%, stable ${view.weights.traffic.stable}%)`}
            </p>
          )}
        </div>
      </div>
    </Panel>
  );
}
