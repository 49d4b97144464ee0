// Settings → Connections: each upstream Opsdeck reads, and its PostgreSQL: where it is configured to be
// (credentials left out), whether it answers, its version, the circuit breaker of this instance's calls
// and the last error this instance saw. The page asks each upstream for its version at most once a
// minute; Test asks again now, at most once every few seconds per upstream (a click storm or several
// admins share one probe). Also, for the pages that need an upstream: whether it is configured at all,
// from the configuration alone, so that they say so at once.
import { alertmanager } from "@/lib/alertmanager/client";
import { ConfigError, env } from "@/lib/config/env";
import { pool } from "@/lib/db/client";
import { AppError, NotFoundError, UpstreamError } from "@/lib/errors";
import { jaeger } from "@/lib/jaeger/client";
import { kubernetes, type Kubernetes } from "@/lib/kubernetes/kubernetes";
import { prometheus } from "@/lib/prometheus/client";
import { authorize, parseInput, type ServiceContext } from "@/lib/services/context";
import type { UpstreamHealth } from "@/lib/upstream/resilience";
import { connectionId, type ConnectionKind, type ConnectionView, type NotConfiguredView } from "./schemas";

/** The listing asks an upstream again once its last answer is older than this. */
const LIST_FRESH_MS = 60_000;
/** Test asks again once the last probe is older than this; sooner, it shows that one. */
const TEST_DEBOUNCE_MS = 3_000;

const KUBERNETES_SETUP =
  "Set KUBECONFIG to a kubeconfig whose contexts are the clusters, or run Opsdeck in a pod with a service account, to see deployments.";

/** The upstreams a page can need, and what it says when one is not configured. */
const PAGE_UPSTREAMS = {
  prometheus: {
    label: "Prometheus",
    variable: "PROMETHEUS_URL",
    setup: "Set PROMETHEUS_URL to see service health, rules and metrics.",
    configured: () => prometheus() !== null,
  },
  alertmanager: {
    label: "Alertmanager",
    variable: "ALERTMANAGER_URL",
    setup: "Set ALERTMANAGER_URL to see alerts and silences.",
    configured: () => alertmanager() !== null,
  },
  jaeger: {
    label: "Jaeger",
    variable: "JAEGER_URL",
    setup: "Set JAEGER_URL to search traces and see service dependencies.",
    configured: () => jaeger() !== null,
  },
} as const;

export type PageUpstream = keyof typeof PAGE_UPSTREAMS;

/**
 * Null when the upstream is configured; otherwise what the page shows instead of asking for data that
 * cannot come. Read from the configuration: no request, no permission (the page checked its own).
 */
export function missingUpstream(upstream: PageUpstream): NotConfiguredView | null {
  const { label, setup, configured } = PAGE_UPSTREAMS[upstream];
  return configured() ? null : { label, message: setup };
}

type ProbeResult = { at: Date; version: string | null; error: string | null };

/** One connection as this instance can check it. */
type Target = {
  id: string;
  kind: ConnectionKind;
  label: string;
  variable: string;
  url: string | null;
  auth: string | null;
  setup: string | null;
  /** Asks for the version now; throws when it does not answer. */
  probe: (() => Promise<string | null>) | null;
  /** What the instance's own calls saw, where they go through a circuit breaker. */
  health: (() => UpstreamHealth) | null;
  /** A failure known without asking (a cluster whose watches are stale, a kubeconfig that cannot be read). */
  trouble?: { message: string; at: Date } | null;
};

// Per process, like the clients: what each connection answered when last asked, and the probes running.
const probes = new Map<string, ProbeResult>();
const running = new Map<string, Promise<ProbeResult>>();

/** Every connection, each asked for its version when its last answer is older than a minute. */
export async function listConnections(ctx: ServiceContext): Promise<ConnectionView[]> {
  authorize(ctx, "settings:manage");
  const targets = connectionTargets();
  await Promise.all(targets.map((target) => probeIfOlder(target, LIST_FRESH_MS)));
  return targets.map(view);
}

/** Asks one connection now (or shares a probe of the last few seconds) and shows it. */
export async function testConnection(ctx: ServiceContext, rawId: unknown): Promise<ConnectionView> {
  authorize(ctx, "settings:manage");
  const id = parseInput(connectionId, rawId);
  const target = connectionTargets().find((t) => t.id === id);
  if (!target) throw new NotFoundError(`There is no connection "${id}".`);
  await probeIfOlder(target, TEST_DEBOUNCE_MS);
  return view(target);
}

function probeIfOlder(target: Target, maxAgeMs: number): Promise<ProbeResult> | undefined {
  if (!target.probe) return undefined;
  const last = probes.get(target.id);
  if (last && Date.now() - last.at.getTime() < maxAgeMs) return Promise.resolve(last);
  const inFlight = running.get(target.id);
  if (inFlight) return inFlight;
  const probe = target.probe;
  const started = (async (): Promise<ProbeResult> => {
    let result: ProbeResult;
    try {
      result = { at: new Date(), version: await probe(), error: null };
    } catch (error) {
      // Whatever went wrong is what the admin came to see: shown, not turned into a 500.
      const message = error instanceof AppError ? error.message : `failed: ${(error as Error).message}`;
      result = { at: new Date(), version: null, error: message };
    }
    probes.set(target.id, result);
    return result;
  })().finally(() => running.delete(target.id));
  running.set(target.id, started);
  return started;
}

function view(target: Target): ConnectionView {
  const base = {
    id: target.id,
    kind: target.kind,
    label: target.label,
    variable: target.variable,
    url: target.url,
    auth: target.auth,
    setup: target.setup,
  };
  if (!target.probe) {
    return {
      ...base,
      status: target.trouble ? "down" : "not_configured",
      circuit: null,
      version: null,
      checkedAt: null,
      lastSuccessAt: null,
      lastError: target.trouble
        ? { message: target.trouble.message, at: target.trouble.at.toISOString() }
        : null,
    };
  }
  const probe = probes.get(target.id);
  const health = target.health?.();
  const failures = [
    ...(probe?.error ? [{ message: probe.error, at: probe.at }] : []),
    ...(health?.lastFailure ? [health.lastFailure] : []),
    ...(target.trouble ? [target.trouble] : []),
  ];
  const lastError = failures.sort((a, b) => b.at.getTime() - a.at.getTime())[0] ?? null;
  const successes = [
    ...(probe && !probe.error ? [probe.at] : []),
    ...(health?.lastSuccessAt ? [health.lastSuccessAt] : []),
  ];
  const lastSuccess = successes.sort((a, b) => b.getTime() - a.getTime())[0] ?? null;
  // Down when the breaker refuses calls, a failure is known now, or the newest news is a failure.
  const down =
    health?.circuit === "open" ||
    Boolean(target.trouble) ||
    (lastError !== null && (lastSuccess === null || lastError.at >= lastSuccess));
  return {
    ...base,
    status: down ? "down" : "up",
    circuit: health?.circuit ?? null,
    version: probe?.version ?? null,
    checkedAt: probe?.at.toISOString() ?? null,
    lastSuccessAt: lastSuccess?.toISOString() ?? null,
    lastError: lastError && {
      message: withoutSecrets(lastError.message, rawUrlOf(target)),
      at: lastError.at.toISOString(),
    },
  };
}

/** The configured URL as written, which error messages quote. */
function rawUrlOf(target: Target): string | undefined {
  const config = env();
  switch (target.kind) {
    case "prometheus":
      return config.PROMETHEUS_URL;
    case "alertmanager":
      return config.ALERTMANAGER_URL;
    case "jaeger":
      return config.JAEGER_URL;
    case "database":
      return config.DATABASE_URL;
    case "kubernetes":
      return undefined;
  }
}

/** An error message that quotes the configured URL, with that URL's secrets left out. */
function withoutSecrets(message: string, rawUrl: string | undefined): string {
  if (!rawUrl) return message;
  const safe = redactUrl(rawUrl);
  return safe.includes("REDACTED") ? message.split(rawUrl).join(safe) : message;
}

/** A URL without its user and password, and without the values of query parameters that look secret. */
export function redactUrl(raw: string): string {
  const url = URL.parse(raw);
  if (!url) return "(not a URL)";
  if (url.username) url.username = "REDACTED";
  if (url.password) url.password = "REDACTED";
  for (const key of [...url.searchParams.keys()])
    if (/pass|secret|token|key|auth/i.test(key)) url.searchParams.set(key, "REDACTED");
  return url.toString();
}

function authOf(bearer: unknown, basic: unknown, headers?: unknown): string | null {
  const ways = [bearer && "bearer token", basic && "basic auth", headers && "extra headers"].filter(Boolean);
  return ways.length ? ways.join(", ") : null;
}

function connectionTargets(): Target[] {
  const config = env();
  const httpTarget = (
    kind: PageUpstream,
    url: string | undefined,
    auth: string | null,
    client: { probe: () => Promise<string | null>; health: () => UpstreamHealth } | null,
  ): Target => ({
    id: kind,
    kind,
    label: PAGE_UPSTREAMS[kind].label,
    variable: PAGE_UPSTREAMS[kind].variable,
    url: url ? redactUrl(url) : null,
    auth,
    setup: client ? null : PAGE_UPSTREAMS[kind].setup,
    probe: client?.probe ?? null,
    health: client?.health ?? null,
  });
  const prom = prometheus();
  const am = alertmanager();
  const jg = jaeger();
  return [
    httpTarget(
      "prometheus",
      config.PROMETHEUS_URL,
      authOf(config.PROMETHEUS_BEARER_TOKEN, config.PROMETHEUS_BASIC_AUTH, config.PROMETHEUS_HEADERS),
      prom && { probe: () => prom.probeVersion(), health: () => prom.health() },
    ),
    httpTarget(
      "alertmanager",
      config.ALERTMANAGER_URL,
      authOf(config.ALERTMANAGER_BEARER_TOKEN, config.ALERTMANAGER_BASIC_AUTH),
      am && { probe: () => am.probeVersion(), health: () => am.health() },
    ),
    httpTarget(
      "jaeger",
      config.JAEGER_URL,
      authOf(config.JAEGER_BEARER_TOKEN, undefined),
      jg && { probe: () => jg.probe().then(() => null), health: () => jg.health() },
    ),
    ...kubernetesTargets(),
    databaseTarget(config.DATABASE_URL),
  ];
}

function kubernetesTargets(): Target[] {
  const base = { kind: "kubernetes" as const, variable: "KUBECONFIG", auth: null };
  let kube: Kubernetes | null;
  try {
    kube = kubernetes();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const message = error.problems.join(" ");
    return [
      {
        ...base,
        id: "kubernetes",
        label: "Kubernetes",
        url: null,
        setup: null,
        probe: null,
        health: null,
        trouble: { message, at: new Date() },
      },
    ];
  }
  if (!kube)
    return [
      {
        ...base,
        id: "kubernetes",
        label: "Kubernetes",
        url: null,
        setup: KUBERNETES_SETUP,
        probe: null,
        health: null,
      },
    ];
  return kube.names().map((name) => {
    const cluster = kube.cluster(name);
    const state = cluster.state();
    return {
      ...base,
      id: `kubernetes:${name}`,
      label: `Kubernetes cluster "${name}"`,
      url: cluster.server ? redactUrl(cluster.server) : null,
      auth: env().KUBECONFIG ? "kubeconfig" : "service account",
      setup: null,
      probe: () => cluster.probeVersion(),
      health: () => cluster.client.health(),
      // Watches stale since a time: the pages show old data, whatever a single request answers now.
      trouble: state.state === "stale" ? { message: state.message, at: new Date(state.since) } : null,
    };
  });
}

function databaseTarget(url: string | undefined): Target {
  return {
    id: "database",
    kind: "database",
    label: "PostgreSQL",
    variable: "DATABASE_URL",
    url: url ? redactUrl(url) : null,
    auth: url && URL.parse(url)?.password ? "password" : null,
    setup: null,
    probe: async () => {
      try {
        const { rows } = await pool().query<{ version: string }>(
          "select current_setting('server_version') as version",
        );
        return rows[0]!.version;
      } catch (error) {
        // Whatever the driver says (refused, timed out, authentication failed), the database did not answer.
        throw new UpstreamError(
          "database",
          "unavailable",
          `PostgreSQL did not answer: ${(error as Error).message}`,
        );
      }
    },
    health: null,
  };
}
