// Alertmanager webhook notifications for integration tests, as Alertmanager sends them (version 4).
import { randomUUID } from "node:crypto";
import { webhookContext } from "@/lib/services/incidents/alertmanager-webhook";

/** The token tests configure (Object.assign(env(), { ALERTMANAGER_WEBHOOK_TOKEN })). */
export const WEBHOOK_TOKEN = "test-webhook-token-0123456789";

export const alertmanagerContext = () =>
  webhookContext(`Bearer ${WEBHOOK_TOKEN}`, {
    requestId: randomUUID(),
    ip: "127.0.0.1",
    userAgent: "Alertmanager/0.25",
  });

/** A service of its own per test: alerts of one service join its open incident (grouping). */
export const newService = () => `svc-${randomUUID().slice(0, 8)}`;

export function payload(
  groupKey: string,
  status: "firing" | "resolved",
  {
    severity = "critical",
    fingerprint = "abc123",
    service = "payments",
    alertname = "HighErrorRatio",
    extraLabels = {},
  }: {
    severity?: string;
    fingerprint?: string;
    service?: string;
    alertname?: string;
    extraLabels?: Record<string, string>;
  } = {},
) {
  const startsAt = "2026-11-27T10:00:00Z";
  return {
    version: "4",
    groupKey,
    status,
    receiver: "opsdeck",
    groupLabels: { alertname, service },
    commonLabels: { alertname, service, severity, ...extraLabels },
    commonAnnotations: { summary: `${service} fails 60% of requests`, description: "More than 5% errors." },
    externalURL: "http://alertmanager",
    alerts: [
      {
        status,
        labels: { alertname, service, severity, ...extraLabels },
        annotations: { summary: `${service} fails 60% of requests` },
        startsAt,
        endsAt: status === "resolved" ? "2026-11-27T10:20:00Z" : "0001-01-01T00:00:00Z",
        generatorURL: "http://prometheus/graph",
        fingerprint,
      },
    ],
  };
}
