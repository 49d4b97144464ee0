// Races between people and the controller: whether a rollout moved on from the state a person acted on
// (`expected`), and the plain sentence a refused person reads ("checkout already moved to step 3 of 7
// (promoted by ana@example.com 4 s ago)"). Pure.
import type { DeliveryAction, RolloutPosition } from "./model";
import { stepName } from "./summary";

export type Expected = { resourceVersion: string; step?: number | null; revision?: number | null };

export type Current = RolloutPosition & { resourceVersion: string; stepCount: number };

export type Moved =
  { moved: false } | { moved: true; what: "revision" | "step" | "version"; sentence: string };

/** The last action someone took on the rollout through Opsdeck, from the audit log. */
export type LastAction = { action: DeliveryAction; by: string; at: Date };

/** How an action reads in the past tense: "promoted", "rolled back". */
export const ACTION_PAST: Record<DeliveryAction, string> = {
  promote: "promoted",
  "promote-full": "fully promoted",
  abort: "aborted",
  retry: "retried",
  pause: "paused",
  resume: "resumed",
  restart: "restarted",
  undo: "rolled back",
};

export function ago(at: Date, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - at.getTime()) / 1000));
  if (seconds < 90) return `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} min ago`;
  return `${Math.round(minutes / 60)} h ago`;
}

/** "(promoted by ana@example.com 4 s ago)", or "" when nobody acted through Opsdeck lately. */
export function byWhom(last: LastAction | null, now: Date): string {
  return last ? ` (${ACTION_PAST[last.action]} by ${last.by} ${ago(last.at, now)})` : "";
}

/**
 * Whether the rollout moved on from what the person saw. With a step or a revision in `expected`, those
 * decide: the controller rewrites its status all the time (replica counts), and an action on the same step
 * and revision still means what the person meant; the patches then carry the fresh resourceVersion. With
 * neither (a script that only sends the resourceVersion), any change counts.
 */
export function compareExpected(
  name: string,
  expected: Expected,
  current: Current,
  last: LastAction | null,
  now: Date,
): Moved {
  const who = byWhom(last, now);
  if (
    expected.revision !== undefined &&
    expected.revision !== null &&
    expected.revision !== current.revision
  ) {
    return {
      moved: true,
      what: "revision",
      sentence: `${name} is now at revision ${current.revision ?? "unknown"}, not revision ${expected.revision} as you saw it${who}.`,
    };
  }
  if (expected.step !== undefined && expected.step !== current.step) {
    const where =
      current.step === null ? "has no current step" : `is at ${stepName(current.step, current.stepCount)}`;
    const moved =
      current.step !== null && expected.step !== null && current.step > expected.step
        ? `already moved to ${stepName(current.step, current.stepCount)}`
        : `${where}, not ${expected.step === null ? "without a step" : `at step ${expected.step + 1}`} as you saw it`;
    return { moved: true, what: "step", sentence: `${name} ${moved}${who}.` };
  }
  const positioned =
    (expected.step !== undefined && expected.step !== null) ||
    (expected.revision !== undefined && expected.revision !== null);
  if (!positioned && expected.resourceVersion !== current.resourceVersion) {
    const at =
      current.step === null ? "" : ` (now at ${stepName(current.step, current.stepCount)}, ${current.phase})`;
    return {
      moved: true,
      what: "version",
      sentence: `${name} changed since you read it (resourceVersion ${expected.resourceVersion}, now ${current.resourceVersion})${at}${who}.`,
    };
  }
  return { moved: false };
}

/** The refusal of an action that no longer does anything, with who last acted. */
export function unavailableSentence(reason: string, last: LastAction | null, now: Date): string {
  const who = byWhom(last, now);
  return who ? `${reason.replace(/\.$/, "")}${who}.` : reason;
}
