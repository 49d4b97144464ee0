// What Settings → Connections shows of each upstream, and how a page learns that its upstream is not
// configured. Pure: no I/O, no configuration.
import { z } from "zod";

export const CONNECTION_KINDS = ["prometheus", "alertmanager", "jaeger", "kubernetes", "database"] as const;
export type ConnectionKind = (typeof CONNECTION_KINDS)[number];

/** A connection's id: the upstream's kind, or `kubernetes:<cluster>` for each configured cluster. */
export const connectionId = z
  .string()
  .regex(
    /^(prometheus|alertmanager|jaeger|database|kubernetes(:[A-Za-z0-9][-A-Za-z0-9_.@]*)?)$/,
    "is not a connection (prometheus, alertmanager, jaeger, database, kubernetes or kubernetes:<cluster>)",
  );

export type ConnectionStatus = "up" | "down" | "not_configured";

export type ConnectionView = {
  id: string;
  kind: ConnectionKind;
  /** "Prometheus", 'Kubernetes cluster "prod"', "PostgreSQL". */
  label: string;
  /** The variable that configures it. */
  variable: string;
  /** Where it is configured to be, without credentials; null when not configured. */
  url: string | null;
  /** How Opsdeck signs in to it ("bearer token", "basic auth", "kubeconfig"), never the secret itself. */
  auth: string | null;
  status: ConnectionStatus;
  /** The circuit breaker of this instance's calls: open means calls are refused unsent for a while. */
  circuit: "closed" | "open" | "half_open" | null;
  /** As the upstream reports it; null when it does not say (Jaeger) or did not answer. */
  version: string | null;
  /** When this instance last asked it for its version (the Test button, or this page). */
  checkedAt: string | null;
  lastSuccessAt: string | null;
  lastError: { message: string; at: string } | null;
  /** What to do when it is not configured: "Set JAEGER_URL to search traces." */
  setup: string | null;
};

/** An upstream a page needs, not configured: the page says so at once instead of asking. */
export type NotConfiguredView = { label: string; message: string };
