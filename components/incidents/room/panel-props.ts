import type { IncidentDetail } from "@/lib/services/incidents";

/** What every panel of the incident room gets: the incident, how to address it, and whether it may change it. */
export type PanelProps = {
  incident: IncidentDetail;
  incidentRef: string;
  canWrite: boolean;
};
