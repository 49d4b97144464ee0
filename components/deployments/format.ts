// Pure helpers of the Deployments pages: countdowns, wait times, the words of actions and their outcomes,
// links. No React, so they are unit-tested beside this file.
import type {
  ActionOutcome,
  DeliveryAction,
  DeliveryStatus,
  PatchTarget,
  RolloutPosition,
  UndoChoiceView,
} from "@/lib/services/deployments/model";
import type { CanaryStep } from "@/lib/argo-rollouts/schemas";
import { canaryStepKind, canaryStepString } from "@/lib/argo-rollouts/status";
import { CONFIRM_NAME_ACTIONS } from "@/lib/services/deployments/schemas";

/** "0:42", "4:05", "1:02:03": the time left of a timed pause, for a countdown. */
export function formatCountdown(seconds: number): string {
  const total = Math.max(0, Math.ceil(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** Whole seconds from `now` until an ISO time, never below 0; null for a time that does not parse. */
export function secondsUntil(until: string, now: number): number | null {
  const at = Date.parse(until);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/** "45 s", "12 min", "2 h 5 min", "3 d 4 h": how long something has lasted, short. */
export function formatElapsed(fromIso: string, now: number): string {
  const seconds = Math.max(0, Math.floor((now - Date.parse(fromIso)) / 1000));
  if (Number.isNaN(seconds)) return "—";
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

type ActionWords = {
  /** The button. */
  label: string;
  /** "Promote checkout?" */
  question: (name: string) => string;
  /** The confirm button. */
  confirm: string;
  /** What happened, for the outcome: "promoted". */
  done: string;
  /** Red for what takes traffic away or rewrites the template. */
  tone: "primary" | "danger";
};

export const ACTION_WORDS: Record<DeliveryAction, ActionWords> = {
  promote: {
    label: "Promote",
    question: (n) => `Promote ${n}?`,
    confirm: "Promote",
    done: "promoted",
    tone: "primary",
  },
  "promote-full": {
    label: "Promote full",
    question: (n) => `Fully promote ${n}?`,
    confirm: "Promote fully",
    done: "fully promoted",
    tone: "primary",
  },
  abort: {
    label: "Abort",
    question: (n) => `Abort ${n}?`,
    confirm: "Abort",
    done: "aborted",
    tone: "danger",
  },
  retry: {
    label: "Retry",
    question: (n) => `Retry ${n}?`,
    confirm: "Retry",
    done: "retried",
    tone: "primary",
  },
  pause: {
    label: "Pause",
    question: (n) => `Pause ${n}?`,
    confirm: "Pause",
    done: "paused",
    tone: "primary",
  },
  resume: {
    label: "Resume",
    question: (n) => `Resume ${n}?`,
    confirm: "Resume",
    done: "resumed",
    tone: "primary",
  },
  restart: {
    label: "Restart",
    question: (n) => `Restart the pods of ${n}?`,
    confirm: "Restart",
    done: "restarted",
    tone: "primary",
  },
  undo: {
    label: "Undo",
    question: (n) => `Roll ${n} back?`,
    confirm: "Roll back",
    done: "rolled back",
    tone: "danger",
  },
};

/** The effect as the confirmation says it: "This moves checkout from step 2 of 7 to step 3: …." */
export function effectSentence(effect: string): string {
  const text = effect.trim();
  return `This ${text}${/[.!?]$/.test(text) ? "" : "."}`;
}

/** Abort and undo in a production namespace need the rollout's name typed. */
export function needsConfirmName(action: DeliveryAction, production: boolean): boolean {
  return production && (CONFIRM_NAME_ACTIONS as readonly string[]).includes(action);
}

const TARGET_WORDS: Record<PatchTarget, string> = {
  status: "the rollout's status",
  main: "the rollout's spec",
  workload: "its workload's template",
};

function position(p: RolloutPosition, total: number | null): string {
  const parts = [];
  if (p.step !== null) parts.push(total ? `step ${p.step + 1} of ${total}` : `step ${p.step + 1}`);
  if (p.revision !== null) parts.push(`revision ${p.revision}`);
  parts.push(p.phase);
  return parts.join(", ");
}

/**
 * What an action did, for the confirmation once it answered: what was sent, and where the rollout
 * stood before and after. `totalSteps` makes steps read "step 3 of 7". Steps are indexes (from 0), as
 * Argo's `currentStepIndex`.
 */
export function describeOutcome(outcome: ActionOutcome, totalSteps: number | null = null): string[] {
  const lines: string[] = [];
  const name = outcome.ref.name;
  const done = ACTION_WORDS[outcome.action].done;
  lines.push(
    outcome.landed.length === 0
      ? `Nothing had to change: ${outcome.message}.`
      : `${name} ${done} by ${outcome.by}: ${outcome.landed.map((t) => TARGET_WORDS[t]).join(", then ")} ${outcome.landed.length > 1 ? "were" : "was"} changed.`,
  );
  const before = position(outcome.before, totalSteps);
  const after = position(outcome.after, totalSteps);
  lines.push(before === after ? `It stands at ${after}.` : `Before: ${before}. After: ${after}.`);
  if (outcome.replayed) {
    lines.push(
      "This confirmation had already been sent: Opsdeck answered with its first outcome and sent nothing again.",
    );
  }
  return lines;
}

/**
 * The revision "Roll back" goes to: the newest revision older than the one the rollout runs whose undo
 * is available; null when there is none.
 */
export function previousRevision(choices: UndoChoiceView[], current: number | null): UndoChoiceView | null {
  return (
    choices
      .filter((c) => c.availability.available && (current === null || c.revision < current))
      .sort((a, b) => b.revision - a.revision)[0] ?? null
  );
}

/**
 * The statuses of rollouts that are not simply healthy: the filter of the few rollouts in progress, which
 * also carries everything waiting for a person (never Healthy), for the Overview's badges and the sidebar.
 */
export const IN_PROGRESS_STATUSES: DeliveryStatus[] = ["Progressing", "Paused", "Degraded", "Aborted"];

export const STATUS_TONE: Record<DeliveryStatus, "ok" | "info" | "warn" | "crit" | "neutral"> = {
  Healthy: "ok",
  Progressing: "info",
  Paused: "warn",
  Degraded: "crit",
  Aborted: "crit",
};

export { deliveryHref } from "@/lib/services/deployments/schemas";

/**
 * A canary step in words: "Set weight to 25%", "Pause until promoted", "Pause for 30s", "Analysis
 * (error-ratio)"; steps without words of their own keep Argo's string ("setHeaderRoute: canary").
 */
export function stepTitle(step: CanaryStep): string {
  switch (canaryStepKind(step)) {
    case "setWeight":
      return `Set weight to ${step.setWeight}%`;
    case "pause":
      return step.pause?.duration === null || step.pause?.duration === undefined
        ? "Pause until promoted"
        : `Pause for ${step.pause.duration}`;
    case "analysis": {
      const templates = (step.analysis?.templates ?? []).map((t) => t.templateName);
      return templates.length ? `Analysis (${templates.join(", ")})` : "Analysis";
    }
    case "experiment":
      return "Experiment";
    default:
      return canaryStepString(step);
  }
}

/**
 * Values that hold until the next change (a canary's weight), as points a line chart draws as steps:
 * each change gets a point a millisecond before it with the value before it (charts key rows by time),
 * and the last value lasts until `end`.
 */
export function stepPoints(changes: { t: number; v: number }[], end: number): [number, number][] {
  const points: [number, number][] = [];
  changes.forEach(({ t, v }, i) => {
    if (i > 0) points.push([t - 1, changes[i - 1]!.v]);
    points.push([t, v]);
  });
  const last = changes.at(-1);
  if (last && end > last.t) points.push([end, last.v]);
  return points;
}
