// The postmortem export.
import type { ServiceContext } from "@/lib/services/context";
import { INCIDENT_ROLES, ROLE_LABELS, type IncidentRole } from "./schemas";
import { getIncident } from "./views";

/** The postmortem as Markdown: prefilled from the incident, its key events and its postmortem fields. */
export async function postmortemMarkdown(
  ctx: ServiceContext,
  ref: string,
): Promise<{ filename: string; markdown: string }> {
  const incident = await getIncident(ctx, ref);
  const iso = (v: string | null) => (v ? `${v.replace("T", " ").replace(/\.\d+Z$/, " UTC")}` : "—");
  const duration = (from: string, to: string | null) => {
    if (!to) return "—";
    const minutes = Math.round((Date.parse(to) - Date.parse(from)) / 60_000);
    return minutes < 120 ? `${minutes} min` : `${(minutes / 60).toFixed(1)} h`;
  };
  const holder = (role: IncidentRole) => incident.roles.find((r) => r.role === role)?.userEmail ?? "—";
  const keyEvents = incident.timeline.filter((e) => e.keyEvent);
  const lines = [
    `# Postmortem: incident #${incident.number} — ${incident.title}`,
    "",
    `| | |`,
    `|---|---|`,
    `| Severity | ${incident.severity} |`,
    `| Status | ${incident.status} |`,
    `| Services | ${incident.services.join(", ") || "—"} |`,
    `| Declared | ${iso(incident.createdAt)} by ${incident.declaredByEmail ?? incident.source} |`,
    `| Acknowledged | ${iso(incident.acknowledgedAt)} (after ${duration(incident.createdAt, incident.acknowledgedAt)}) |`,
    `| Mitigated | ${iso(incident.mitigatedAt)} (after ${duration(incident.createdAt, incident.mitigatedAt)}) |`,
    `| Resolved | ${iso(incident.resolvedAt)} (after ${duration(incident.createdAt, incident.resolvedAt)}) |`,
    ...INCIDENT_ROLES.map((r) => `| ${ROLE_LABELS[r].short} | ${holder(r)} |`),
    "",
    "## Summary",
    "",
    incident.summary || "_To be written._",
    "",
    "## Customer impact",
    "",
    incident.customerImpact || "_To be written._",
    "",
    "## Timeline of key events (UTC)",
    "",
    ...(keyEvents.length
      ? keyEvents.map((e) => `- **${iso(e.at)}** ${e.body}${e.actorEmail ? ` (${e.actorEmail})` : ""}`)
      : ["_No event was marked as key._"]),
    "",
    "## Root cause",
    "",
    incident.rootCause || "_To be written._",
    "",
    "## What went well",
    "",
    incident.wentWell || "_To be written._",
    "",
    "## Action items",
    "",
    ...(incident.actionItems.length
      ? incident.actionItems.map(
          (a) => `- [${a.done ? "x" : " "}] ${a.text}${a.owner ? ` — owner: ${a.owner}` : ""}`,
        )
      : ["_None yet._"]),
    "",
  ];
  return { filename: `incident-${incident.number}-postmortem.md`, markdown: lines.join("\n") };
}
