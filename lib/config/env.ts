// Configuration from the environment, validated once. Every variable is documented in README.md
// ("Configuration"); `describeConfigErrors` gives one line per missing or bad variable.
import { z } from "zod";
import { ROLES } from "@/lib/auth/roles";

const positiveInt = z.coerce.number().int().positive();

const bool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

/** `user:password` for HTTP basic auth. */
const basicAuth = z
  .string()
  .regex(/^[^:]+:.+$/, 'must be "user:password"')
  .transform((v) => ({ username: v.slice(0, v.indexOf(":")), password: v.slice(v.indexOf(":") + 1) }));

/** Extra request headers as a JSON object, e.g. {"X-Scope-OrgID":"team-a"} for Mimir or Cortex. */
const headers = z.string().transform((value, ctx) => {
  try {
    const parsed: unknown = JSON.parse(value);
    if (
      parsed &&
      typeof parsed === "object" &&
      !Array.isArray(parsed) &&
      Object.values(parsed).every((v) => typeof v === "string")
    ) {
      return parsed as Record<string, string>;
    }
  } catch {
    // reported below
  }
  ctx.addIssue({
    code: "custom",
    message: 'must be a JSON object of strings, e.g. {"X-Scope-OrgID":"team-a"}',
  });
  return z.NEVER;
});

/** `group=role,group2=role` → [{ claimValue, role }] */
const roleMap = z.string().transform((value, ctx) => {
  const entries: { claimValue: string; role: (typeof ROLES)[number] }[] = [];
  for (const part of value
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const eq = part.lastIndexOf("=");
    const claimValue = part.slice(0, eq).trim();
    const role = part.slice(eq + 1).trim();
    if (eq <= 0 || !(ROLES as readonly string[]).includes(role)) {
      ctx.addIssue({
        code: "custom",
        message: `"${part}" is not "<claim value>=<role>" with a role among ${ROLES.join(", ")}`,
      });
      return z.NEVER;
    }
    entries.push({ claimValue, role: role as (typeof ROLES)[number] });
  }
  return entries;
});

/** `critical=SEV2,warning=SEV3`: the alert's severity label → the incident's severity. */
const severityMap = z.string().transform((value, ctx) => {
  const entries: { labelValue: string; severity: "SEV1" | "SEV2" | "SEV3" | "SEV4" }[] = [];
  for (const part of value
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [labelValue, severity] = part.split("=").map((x) => x?.trim());
    if (!labelValue || !severity || !/^SEV[1-4]$/.test(severity)) {
      ctx.addIssue({ code: "custom", message: `"${part}" is not "<severity label value>=SEV1..SEV4"` });
      return z.NEVER;
    }
    entries.push({ labelValue, severity: severity as "SEV1" });
  }
  return entries;
});

/** Outgoing incident webhooks: [{"url":"https://hooks.slack.com/…","format":"slack"},{"url":"…","format":"json"}]. */
const webhookTargets = z.string().transform((value, ctx) => {
  const target = z.array(
    z.object({ url: z.url({ protocol: /^https?$/ }), format: z.enum(["slack", "json"]) }),
  );
  try {
    const parsed = target.safeParse(JSON.parse(value));
    if (parsed.success) return parsed.data;
  } catch {
    // reported below
  }
  ctx.addIssue({
    code: "custom",
    message: 'must be a JSON array like [{"url":"https://…","format":"slack"}] (format: slack or json)',
  });
  return z.NEVER;
});

/** A comma-separated list of items, blanks dropped; each item is checked. */
const commaList = (item: z.ZodString) =>
  z.string().transform((value, ctx) => {
    const items = value
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    if (items.length === 0) {
      ctx.addIssue({ code: "custom", message: "lists nothing; leave it unset instead" });
      return z.NEVER;
    }
    for (const entry of items) {
      const result = item.safeParse(entry);
      if (!result.success) {
        ctx.addIssue({ code: "custom", message: `"${entry}" ${result.error.issues[0]!.message}` });
        return z.NEVER;
      }
    }
    return items;
  });

/** A Kubernetes namespace name (RFC 1123 label). */
const namespaceName = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, "is not a namespace name (lowercase letters, digits, '-')");

/** `https://a.example.com,http://10.0.0.5:3000` → origins (scheme, host and port, no path). */
const originList = z
  .string()
  .default("")
  .transform((value, ctx) => {
    const origins: string[] = [];
    for (const part of value
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean)) {
      const url = URL.parse(part);
      if (!url || !/^https?:$/.test(url.protocol) || url.origin !== part.replace(/\/$/, "")) {
        ctx.addIssue({
          code: "custom",
          message: `"${part}" is not an origin such as https://ops.example.com`,
        });
        return z.NEVER;
      }
      origins.push(url.origin);
    }
    return origins;
  });

export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// connection URL")
      .optional(),
    DATABASE_MIGRATION_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// connection URL")
      .optional(),
    DATABASE_POOL_MAX: positiveInt.default(10),
    OPSDECK_DATA_DIR: z.string().default(".data"),
    EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
    NEXTAUTH_URL: z.url("must be the app's public URL, e.g. https://opsdeck.example.com").optional(),
    NEXTAUTH_SECRET: z
      .string()
      .min(32, "must be at least 32 characters (openssl rand -base64 32)")
      .optional(),
    TRUSTED_ORIGINS: originList,
    MARKDOWN_IMAGE_ORIGINS: originList,
    SESSION_MAX_AGE_HOURS: positiveInt.max(24 * 30).default(12),
    LOGIN_MAX_DELAY_SECONDS: positiveInt.max(3_600).default(300),
    LOGIN_MAX_FAILURES_PER_IP: positiveInt.default(50),
    LOGIN_LOCKOUT_MINUTES: positiveInt.default(15),
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    // Read by next.config.js when the server starts; validated here with the rest.
    COMPRESS_RESPONSES: bool.default(true),
    OIDC_ISSUER: z.url("must be the issuer URL, e.g. https://sso.example.com/realms/ops").optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    OIDC_DISPLAY_NAME: z.string().min(1).default("Single sign-on"),
    OIDC_ROLE_CLAIM: z.string().min(1).default("groups"),
    OIDC_ROLE_MAP: roleMap.default([]),
    OIDC_DEFAULT_ROLE: z.enum([...ROLES, "none"]).default("none"),
    METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
    PROMETHEUS_URL: z
      .url("must be the base URL of a Prometheus-compatible API, e.g. http://prometheus:9090")
      .optional(),
    PROMETHEUS_BEARER_TOKEN: z.string().min(1).optional(),
    PROMETHEUS_BASIC_AUTH: basicAuth.optional(),
    PROMETHEUS_HEADERS: headers.optional(),
    PROMETHEUS_TIMEOUT_MS: positiveInt.max(120_000).default(10_000),
    METRICS_PRESET: z.enum(["otel", "prometheus"]).default("otel"),
    SERVICE_LABEL: z
      .string()
      .regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, "must be a Prometheus label name")
      .default("service"),
    USE_RECORDING_RULES: bool.default(true),
    ALERTMANAGER_URL: z.url("must be the base URL of Alertmanager, e.g. http://alertmanager:9093").optional(),
    ALERTMANAGER_BEARER_TOKEN: z.string().min(1).optional(),
    ALERTMANAGER_BASIC_AUTH: basicAuth.optional(),
    ALERTMANAGER_TIMEOUT_MS: positiveInt.max(120_000).default(10_000),
    JAEGER_URL: z.url("must be the base URL of Jaeger's query service, e.g. http://jaeger:16686").optional(),
    /** host:port of Jaeger's gRPC query API; whole traces are read over it, /api/v3 when it is unreachable. */
    JAEGER_GRPC_ADDRESS: z
      .string()
      .regex(/^[^\s/:]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/, "must be host:port, e.g. jaeger:16685")
      .optional(),
    JAEGER_GRPC_TLS: bool.default(false),
    JAEGER_BEARER_TOKEN: z.string().min(1).optional(),
    JAEGER_TIMEOUT_MS: positiveInt.max(120_000).default(15_000),
    UPSTREAM_BUDGET_MS: positiveInt.max(60_000).default(2_000),
    ALERTMANAGER_WEBHOOK_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
    /** Enables Flagger's gate webhooks, `/api/webhooks/flagger/<token>/<gate>` (Flagger sends no headers). */
    FLAGGER_WEBHOOK_TOKEN: z
      .string()
      .min(16, "must be at least 16 characters")
      .regex(
        /^[A-Za-z0-9_-]+$/,
        "must be URL-safe (letters, digits, - and _): it is a segment of the webhook's path",
      )
      .optional(),
    INCIDENT_AUTO_OPEN_SEVERITIES: z
      .string()
      .default("critical")
      .transform((v) =>
        v
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    INCIDENT_SEVERITY_MAP: severityMap.default([
      { labelValue: "critical", severity: "SEV2" },
      { labelValue: "warning", severity: "SEV3" },
      { labelValue: "info", severity: "SEV4" },
    ]),
    INCIDENT_AUTO_RESOLVE: bool.default(false),
    INCIDENT_GROUPING_WINDOW_MINUTES: z.coerce
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .default(30),
    INCIDENT_GROUPING_LABELS: commaList(
      z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, "is not a Prometheus label name"),
    ).optional(),
    INCIDENT_WEBHOOKS: webhookTargets.default([]),
    INCIDENT_PAGERDUTY_ROUTING_KEY: z.string().trim().min(1).optional(),
    INCIDENT_PAGERDUTY_URL: z.url().default("https://events.pagerduty.com/v2/enqueue"),
    INCIDENT_OPSGENIE_API_KEY: z.string().trim().min(1).optional(),
    INCIDENT_OPSGENIE_URL: z
      .url("must be Opsgenie's API URL, e.g. https://api.eu.opsgenie.com")
      .default("https://api.opsgenie.com"),
    KUBECONFIG: z
      .string()
      .refine(
        (v) => !v.includes(":"),
        "must be one kubeconfig file; merge several with `kubectl config view --flatten > merged`",
      )
      .optional(),
    KUBE_CONTEXTS: z
      .union([z.literal("*"), commaList(z.string().regex(/^\S+$/, "is not a context name"))])
      .optional(),
    KUBE_IN_CLUSTER: bool.optional(),
    KUBE_CLUSTER_NAME: z
      .string()
      .regex(/^[A-Za-z0-9][-A-Za-z0-9_.@]*$/, "must be a short name (letters, digits, '-', '_', '.', '@')")
      .default("in-cluster"),
    KUBE_NAMESPACES: commaList(namespaceName).optional(),
    KUBE_IMPERSONATE: bool.default(false),
    KUBE_TIMEOUT_MS: positiveInt.max(120_000).default(10_000),
    DEPLOYMENTS_SERVICE_LABEL: z
      .string()
      .regex(
        /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/,
        "must be a Kubernetes label key, e.g. app.kubernetes.io/name",
      )
      .default("app.kubernetes.io/name"),
    DEPLOYMENTS_REVISION_LABEL: z
      .string()
      .regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, "must be a Prometheus label name")
      .default("rollouts_pod_template_hash"),
    DEPLOYMENTS_PRODUCTION_NAMESPACES: commaList(
      z
        .string()
        .regex(
          /^[-a-z0-9*?]{1,63}$/,
          "is not a namespace name or glob (lowercase letters, digits, '-', '*', '?')",
        ),
    ).optional(),
    AUDIT_CHAIN_KEY: z
      .string()
      .min(32, "must be at least 32 characters (openssl rand -base64 32)")
      .optional(),
    AUDIT_CHECKPOINT_INTERVAL_SECONDS: positiveInt.max(86_400).default(60),
    AUDIT_CHECKPOINT_WEBHOOK: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
    OTEL_SERVICE_NAME: z.string().default("opsdeck"),
  })
  .superRefine((env, ctx) => {
    const oidc = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET];
    if (oidc.some(Boolean) && !oidc.every(Boolean)) {
      for (const key of ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"] as const) {
        if (!env[key]) {
          ctx.addIssue({ code: "custom", path: [key], message: "is required when SSO is configured" });
        }
      }
    }
    if (env.KUBE_IN_CLUSTER === true && env.KUBECONFIG) {
      ctx.addIssue({
        code: "custom",
        path: ["KUBE_IN_CLUSTER"],
        message: "is true while KUBECONFIG is set; choose one way to reach Kubernetes",
      });
    }
    if (env.KUBE_CONTEXTS && !env.KUBECONFIG) {
      ctx.addIssue({
        code: "custom",
        path: ["KUBE_CONTEXTS"],
        message: "needs KUBECONFIG (contexts come from it)",
      });
    }
    for (const key of ["NEXTAUTH_SECRET", "AUDIT_CHAIN_KEY"] as const) {
      if (env.NODE_ENV === "production" && !env[key]) {
        ctx.addIssue({ code: "custom", path: [key], message: "is required in production" });
      }
    }
    if (env.DATABASE_MIGRATION_URL && !env.DATABASE_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["DATABASE_MIGRATION_URL"],
        message:
          "needs DATABASE_URL beside it (the app's own role); without both, the embedded PostgreSQL is used",
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/** Empty strings count as unset, as in most deployment tools. */
function withoutEmpty(source: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(source).filter((e): e is [string, string] => !!e[1]));
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(withoutEmpty(source));
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((i) => `${i.path.join(".") || "(environment)"} ${i.message}`),
  );
}

let cached: Env | undefined;

/** The validated configuration of this process. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

export function oidcEnabled(config: Env = env()): boolean {
  return Boolean(config.OIDC_ISSUER && config.OIDC_CLIENT_ID && config.OIDC_CLIENT_SECRET);
}
