// What each kind of timeline entry carries in its `data`. Entries are written only through
// `addTimeline` (store.ts), whose input is this union, so readers switch on `kind` and read `data`
// without casts. A new kind (deployment actions, say) is one more line here.
import type { GateType } from "@/lib/flagger/schemas";
import type {
  DeliveryAction,
  DeliveryRef,
  GateAction,
  PatchTarget,
  RolloutPosition,
} from "@/lib/services/deployments/model";
import type { JoinReason } from "./grouping";
import type { LabelMatcher } from "./related";
import type { IncidentRole, IncidentStatus, Severity } from "./schemas";

type NoData = Record<string, never>;
type AlertData = { fingerprint: string; labels: Record<string, string> };

export type TimelineData = {
  declared: NoData;
  note: NoData;
  /** Alertmanager's automatic reopening and resolving carry no data. */
  status: { from: IncidentStatus; to: IncidentStatus } | NoData;
  severity: { from: Severity; to: Severity };
  field: { fields: string[] };
  role: { role: IncidentRole; from: string | null; to: string };
  alert_attached: AlertData;
  /** An alert group that joined the incident by grouping (grouping.ts): which, and why. */
  alert_joined: { groupKey: string; alertname: string; service: string | null; reason: JoinReason };
  /** This incident was merged into another: its alert groups moved there. */
  merged_into: { incidentId: string; number: number; groupKeys: string[] };
  /** Another incident was merged into this one, with its alert groups. */
  merged_from: { incidentId: string; number: number; groupKeys: string[] };
  /** An alert group split out of this incident into a new one, or the new one's side of it. */
  split_out: { groupKey: string; incidentId: string; number: number };
  split_from: { groupKey: string; incidentId: string; number: number };
  alert_fired: AlertData & { generatorURL: string | null };
  alert_resolved: AlertData & { generatorURL: string | null };
  silence: { silenceId: string; matchers: LabelMatcher[] };
  acknowledged: { silenceId: string; fingerprint: string };
  /** Taking command acknowledged the incident's alerts (silences until resolved or handed over). */
  alerts_acknowledged: { by: string; silenceIds: string[] };
  trace: { traceId: string };
  link: { url: string };
  checklist_started: { runId: string; runbookId: string };
  checklist_step: { runId: string; stepId: string; checked: boolean };
  /** An action on one of the incident's services' rollouts or Flagger gates (lib/services/deployments). */
  deployment: {
    ref: DeliveryRef;
    service: string;
    action: DeliveryAction | GateAction;
    /** Flagger gate actions: the gate opened, closed or (rollback) asked to roll back. */
    gate?: GateType;
    toRevision: number | null;
    reason: string;
    before: RolloutPosition;
    after: RolloutPosition;
    landed: PatchTarget[];
  };
};

export type TimelineEntryKind = keyof TimelineData;

/** One entry as the API shows it. */
export type TimelineEntryView = {
  [K in TimelineEntryKind]: {
    id: string;
    at: string;
    kind: K;
    actorEmail: string | null;
    body: string;
    data: TimelineData[K];
    keyEvent: boolean;
  };
}[TimelineEntryKind];

/** One entry to write; `data` may be left out where the kind carries none. */
export type NewTimelineEntry = {
  [K in TimelineEntryKind]: {
    kind: K;
    body: string;
    keyEvent?: boolean;
    /** Makes a redelivered event land once (unique per incident). */
    dedupeKey?: string;
    at?: Date;
  } & (NoData extends TimelineData[K] ? { data?: TimelineData[K] } : { data: TimelineData[K] });
}[TimelineEntryKind];
