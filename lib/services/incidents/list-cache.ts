// During an incident every responder's page asks for the same few incidents lists again and again, and
// what they show changes far less often: one copy of each per instance (lib/db/announced-cache.ts),
// dropped on every instance when the database announces a change to what a list shows. The database
// does (a trigger: prisma/migrations/20261204000000_incident_list_notifications), so every path that
// writes counts; the instance that made a change drops its copies at once too.
import { AnnouncedCache } from "@/lib/db/announced-cache";
import type { IncidentSummary } from "./views";

export const INCIDENT_LIST_TOPIC = "incident-list";

const holder = globalThis as unknown as { __opsdeckIncidentLists?: AnnouncedCache<IncidentSummary[]> };

export function incidentLists(): AnnouncedCache<IncidentSummary[]> {
  return (holder.__opsdeckIncidentLists ??= new AnnouncedCache(INCIDENT_LIST_TOPIC));
}

/** Drops this instance's lists now, after a change it made (the announcement reaches it a moment later). */
export function forgetIncidentLists(): void {
  incidentLists().forget();
}
