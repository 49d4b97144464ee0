// A Flagger Canary as the Deployments pages show it: its phase mapped onto the common delivery status,
// iterations or weight, failed checks against the threshold, each metric's latest value, the gates its
// webhooks open, and what the controller said. Flagger keeps failed checks and metric values only in its
// events (a rollback resets `failedChecks` to 0), so they are read from there: the "Halt … advancement
// <metric> <value> > <max>" warnings since the current revision's analysis started. Pure.
import { GATE_TYPES, analysisOf, type Canary, type CanaryCondition, type GateType } from "./schemas";

/** The delivery status every Deployments list shows (lib/services/deployments/model.ts). */
export type CanaryStatus = "Healthy" | "Progressing" | "Paused" | "Degraded" | "Aborted";

/** An event about the canary, as the service passes it in (newest or oldest first: sorted here). */
export type CanaryEvent = {
  type: "Normal" | "Warning";
  message: string;
  firstAt: string | null;
  lastAt: string | null;
  count: number;
};

export type FailedCheck = {
  at: string | null;
  metric: string;
  value: number;
  /** The bound the value crossed: `>` a maximum or `<` a minimum. */
  comparison: ">" | "<";
  bound: number;
  message: string;
};

export type CanaryMetricView = {
  name: string;
  interval: string | null;
  min: number | null;
  max: number | null;
  /** The query, or the MetricTemplate it names. */
  source: string;
  /** The last value Flagger reported for it (only failing values are reported, in its events). */
  lastFailure: FailedCheck | null;
};

export type GateHook = {
  type: GateType;
  name: string;
  url: string;
  /** The hook calls Opsdeck's gate webhook (its path is `/api/webhooks/flagger/…`). */
  opsdeck: boolean;
};

export type CanaryView = {
  phase: string;
  status: CanaryStatus;
  strategy: "Canary" | "BlueGreen" | "A/B" | "Mirroring";
  /** The Promoted condition's message ("Waiting for approval.", "Canary analysis failed, …"). */
  message: string;
  iterations: { current: number; total: number } | null;
  weight: { current: number; max: number; step: number | null } | null;
  checks: { failed: number; threshold: number };
  metrics: CanaryMetricView[];
  /** Failed checks of the current revision's analysis, oldest first (also after a rollback reset the count). */
  failedChecks: FailedCheck[];
  gates: GateHook[];
  /** Short spec hashes: what the primary runs (`lastPromotedSpec`) and the revision under analysis. */
  revisions: { primary: string | null; canary: string | null };
  conditions: CanaryCondition[];
  lastTransitionAt: string | null;
  /** When the current revision's analysis began ("New revision detected!"), from the events. */
  revisionStartedAt: string | null;
  /** Why the last rollback happened ("failed checks threshold reached 2", "manual webhook invoked"). */
  rollbackReason: string | null;
  /** Flagger calls rollback hooks in these phases only (scheduler.go): a rollback can be asked for now. */
  analysing: boolean;
  /** Held at a gate: Waiting (confirm-rollout) or WaitingPromotion (confirm-promotion). */
  waiting: { gate: GateType; since: string | null; message: string } | null;
  suspended: boolean;
};

const STATUS: Record<string, CanaryStatus> = {
  Initializing: "Progressing",
  Initialized: "Healthy",
  Waiting: "Paused",
  Progressing: "Progressing",
  WaitingPromotion: "Paused",
  Promoting: "Progressing",
  Finalising: "Progressing",
  Succeeded: "Healthy",
  // Rolled back: the primary serves, the revision was refused, as an aborted Argo rollout.
  Failed: "Aborted",
  Terminating: "Progressing",
  Terminated: "Healthy",
};

export const ANALYSING_PHASES = ["Progressing", "Waiting", "WaitingPromotion"];

const FAILED_CHECK = /^Halt \S+ advancement (.+) (-?[\d.]+%?) ([<>]) (-?[\d.eE+-]+)%?$/;
const NEW_REVISION = /^New revision detected!/;
const ROLLING_BACK = /^Rolling back \S+ (.*)$/;
/** client-go's aggregation prefixes repeated messages. */
const COMBINED = /^\(combined from similar events\): /;

const timeOf = (iso: string | null) => (iso ? Date.parse(iso) || 0 : 0);

export function parseFailedCheck(event: CanaryEvent): FailedCheck | null {
  if (event.type !== "Warning") return null;
  const message = event.message.replace(COMBINED, "");
  const match = FAILED_CHECK.exec(message);
  if (!match) return null;
  const [, metric, value, comparison, bound] = match;
  // "waiting for approval confirm-rollout" and other halts have no number at the end.
  const parsedValue = Number.parseFloat(value!);
  const parsedBound = Number.parseFloat(bound!);
  if (Number.isNaN(parsedValue) || Number.isNaN(parsedBound)) return null;
  return {
    at: event.lastAt ?? event.firstAt,
    metric: metric!,
    value: parsedValue,
    comparison: comparison as ">" | "<",
    bound: parsedBound,
    message,
  };
}

function strategyOf(canary: Canary): CanaryView["strategy"] {
  const analysis = analysisOf(canary);
  if (analysis?.mirror) return "Mirroring";
  if (analysis?.match?.length && analysis.iterations) return "A/B";
  if (analysis?.iterations) return "BlueGreen";
  return "Canary";
}

const isGate = (type: string | null | undefined): type is GateType =>
  (GATE_TYPES as readonly string[]).includes(type ?? "");

/** Whether a hook's URL is Opsdeck's gate webhook. */
export const isOpsdeckGateUrl = (url: string) => /\/api\/webhooks\/flagger\//.test(url);

export function describeCanary(canary: Canary, events: CanaryEvent[]): CanaryView {
  const analysis = analysisOf(canary);
  const status = canary.status ?? {};
  const phase = status.phase || "Initializing";
  const promoted = status.conditions?.find((c) => c.type === "Promoted");
  const ordered = [...events].sort((a, b) => timeOf(a.lastAt ?? a.firstAt) - timeOf(b.lastAt ?? b.firstAt));
  const started = ordered.findLast((e) => NEW_REVISION.test(e.message.replace(COMBINED, "")));
  const revisionStartedAt = started ? (started.lastAt ?? started.firstAt) : null;
  const sinceStart = revisionStartedAt
    ? ordered.filter((e) => timeOf(e.lastAt ?? e.firstAt) >= timeOf(revisionStartedAt))
    : ordered;
  const failedChecks = sinceStart.flatMap((e) => parseFailedCheck(e) ?? []);
  const rolledBack = sinceStart.findLast((e) => ROLLING_BACK.test(e.message.replace(COMBINED, "")));
  const strategy = strategyOf(canary);
  const iterationsTotal = analysis?.iterations ?? 0;
  const maxWeight =
    analysis?.maxWeight ?? (analysis?.stepWeights?.length ? Math.max(...analysis.stepWeights) : 0);
  const gates = (analysis?.webhooks ?? []).flatMap((hook): GateHook[] =>
    isGate(hook.type)
      ? [{ type: hook.type, name: hook.name, url: hook.url, opsdeck: isOpsdeckGateUrl(hook.url) }]
      : [],
  );
  const waitingGate: GateType | null =
    phase === "Waiting" ? "confirm-rollout" : phase === "WaitingPromotion" ? "confirm-promotion" : null;
  return {
    phase,
    status: STATUS[phase] ?? "Progressing",
    strategy,
    message: promoted?.message ?? "",
    iterations: iterationsTotal > 0 ? { current: status.iterations ?? 0, total: iterationsTotal } : null,
    weight:
      iterationsTotal > 0 || maxWeight === 0
        ? null
        : { current: status.canaryWeight ?? 0, max: maxWeight, step: analysis?.stepWeight ?? null },
    checks: { failed: status.failedChecks ?? 0, threshold: analysis?.threshold ?? 0 },
    metrics: (analysis?.metrics ?? []).map((metric) => ({
      name: metric.name,
      interval: metric.interval ?? null,
      min: metric.thresholdRange?.min ?? null,
      max: metric.thresholdRange?.max ?? metric.threshold ?? null,
      source: metric.templateRef
        ? `MetricTemplate ${metric.templateRef.name}${metric.templateVariables ? ` ${JSON.stringify(metric.templateVariables)}` : ""}`
        : (metric.query ?? "built-in"),
      lastFailure: failedChecks.findLast((check) => check.metric === metric.name) ?? null,
    })),
    failedChecks,
    gates,
    revisions: { primary: status.lastPromotedSpec ?? null, canary: status.lastAppliedSpec ?? null },
    conditions: status.conditions ?? [],
    lastTransitionAt: status.lastTransitionTime ?? null,
    revisionStartedAt,
    rollbackReason: rolledBack ? ROLLING_BACK.exec(rolledBack.message.replace(COMBINED, ""))![1]! : null,
    analysing: ANALYSING_PHASES.includes(phase),
    waiting: waitingGate
      ? {
          gate: waitingGate,
          since: status.lastTransitionTime ?? null,
          message:
            waitingGate === "confirm-rollout"
              ? "A new revision waits for its rollout to be confirmed (confirm-rollout gate)."
              : "The analysis passed; the promotion waits for approval (confirm-promotion gate).",
        }
      : null,
    suspended: Boolean(canary.spec.suspend),
  };
}
