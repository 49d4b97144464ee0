// Incidents: declare (by hand or from an alert; related alerts join one incident, merge and split correct it), change status, severity and fields with optimistic
// concurrency, hand over roles, write the timeline, run runbook checklists, write the postmortem. Every
// change is audited, announced to the other viewers (LISTEN/NOTIFY) and, for the notable ones, queued
// as an outgoing webhook in the same transaction. One file per job; this is their public surface.
export { attachToIncident, addNote, setKeyEvent } from "./timeline";
export { alertPrefill, assignRole, declareIncident, updateIncident } from "./lifecycle";
export { checkStep, startChecklist } from "./checklists";
export { mergeIncident, splitAlertGroup } from "./merging";
export { getIncident, listIncidents, type IncidentDetail, type IncidentSummary } from "./views";
export { incidentMetrics, type IncidentMetrics } from "./metrics";
export { postmortemMarkdown } from "./postmortem";
export type { TimelineEntryKind, TimelineEntryView } from "./timeline-entries";
