// Paging integrations beside the chat webhooks: PagerDuty's Events API v2 and Opsgenie's Alert API.
// An incident is one alert there, keyed by the incident (PagerDuty's dedup_key, Opsgenie's alias): it
// is triggered when declared or reopened (and updated when its severity changes), acknowledged when
// someone takes command, and resolved with the incident. Requests go through the outbox like every
// incident event; the Opsgenie key is added when sending, so it is never stored.
import type { IncidentEvent, IncidentSnapshot } from "./outbox";

export type PagingAction = "trigger" | "acknowledge" | "resolve";

/** What the paging systems do for an incident event; null: nothing to tell them. */
export function pagingAction(event: IncidentEvent, incident: IncidentSnapshot): PagingAction | null {
  switch (event) {
    case "incident.declared":
    case "incident.reopened":
    case "incident.severity_changed":
      return incident.status === "resolved" ? null : "trigger";
    case "incident.commander_assigned":
      return incident.status === "resolved" ? null : "acknowledge";
    case "incident.status_changed":
      return incident.status === "resolved" ? "resolve" : null;
  }
}

/** The key both systems deduplicate by: one alert per incident, whatever the event. */
export const pagingKey = (incident: IncidentSnapshot) => `opsdeck-incident-${incident.id}`;

const summary = (i: IncidentSnapshot) => `Incident #${i.number} (${i.severity}): ${i.title}`.slice(0, 1024);

const PAGERDUTY_SEVERITY: Record<string, "critical" | "error" | "warning" | "info"> = {
  SEV1: "critical",
  SEV2: "error",
  SEV3: "warning",
  SEV4: "info",
};

/** A PagerDuty Events API v2 event (POST https://events.pagerduty.com/v2/enqueue). */
export function pagerDutyEvent(
  action: PagingAction,
  incident: IncidentSnapshot,
  routingKey: string,
  link: string,
) {
  const base = { routing_key: routingKey, event_action: action, dedup_key: pagingKey(incident) };
  if (action !== "trigger") return base;
  return {
    ...base,
    payload: {
      summary: summary(incident),
      source: "opsdeck",
      severity: PAGERDUTY_SEVERITY[incident.severity] ?? "warning",
      component: incident.services[0],
      group: incident.services.join(",") || undefined,
      class: "incident",
      custom_details: { incident: incident.number, status: incident.status, services: incident.services },
    },
    client: "Opsdeck",
    client_url: link,
    links: [{ href: link, text: `Incident #${incident.number} in Opsdeck` }],
  };
}

/** An Opsgenie Alert API request: where it goes under the API's base URL, and its body. */
export function opsgenieRequest(
  action: PagingAction,
  incident: IncidentSnapshot,
  link: string,
): { path: string; body: Record<string, unknown> } {
  const alias = pagingKey(incident);
  const onAlert = (verb: "acknowledge" | "close") => ({
    path: `/v2/alerts/${encodeURIComponent(alias)}/${verb}?identifierType=alias`,
    body: { source: "Opsdeck", note: `${summary(incident)} ${link}` },
  });
  if (action === "acknowledge") return onAlert("acknowledge");
  if (action === "resolve") return onAlert("close");
  return {
    path: "/v2/alerts",
    body: {
      message: summary(incident).slice(0, 130),
      alias,
      description: `${summary(incident)}\n${link}`,
      tags: ["opsdeck", ...incident.services].slice(0, 20),
      details: {
        incident: String(incident.number),
        status: incident.status,
        services: incident.services.join(","),
        url: link,
      },
      entity: incident.services.join(",") || "opsdeck",
      source: "Opsdeck",
      priority: `P${Number(incident.severity.slice(3)) || 3}`,
    },
  };
}
