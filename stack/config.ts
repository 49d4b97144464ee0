// Configuration files of the stack's servers, generated at start because they hold the ports chosen then.
import path from "node:path";
import type { FleetService } from "./fleet/topology";

export const RULES_DIR = path.join(import.meta.dirname, "prometheus", "rules");

export type StackPorts = {
  prometheus: number;
  alertmanager: number;
  jaegerQuery: number;
  jaegerQueryGrpc: number;
  jaegerOtlp: number;
  jaegerHealth: number;
  sink: number;
  loadgen: number;
  fleet: Record<FleetService, number>;
};

const yaml = (value: unknown) => JSON.stringify(value, null, 2); // JSON is valid YAML

export function prometheusConfig(
  ports: StackPorts,
  options: { appUrl?: string; scrapeInterval: string },
): string {
  const targets = Object.entries(ports.fleet).map(([service, port]) => ({
    targets: [`127.0.0.1:${port}`],
    labels: { service },
  }));
  const scrapeConfigs: unknown[] = [
    { job_name: "demo-fleet", static_configs: targets },
    {
      job_name: "prometheus",
      static_configs: [{ targets: [`127.0.0.1:${ports.prometheus}`], labels: { service: "prometheus" } }],
    },
  ];
  if (options.appUrl) {
    const app = new URL(options.appUrl);
    scrapeConfigs.push({
      job_name: "opsdeck",
      metrics_path: "/api/metrics",
      scheme: app.protocol.replace(":", ""),
      static_configs: [{ targets: [app.host], labels: { service: "opsdeck" } }],
    });
  }
  return yaml({
    global: {
      scrape_interval: options.scrapeInterval,
      evaluation_interval: options.scrapeInterval,
      // Alert annotations build runbook links into Opsdeck from this label.
      external_labels: { opsdeck_url: options.appUrl ?? "http://localhost:3000" },
    },
    rule_files: [path.join(RULES_DIR, "opsdeck-recording.yml"), path.join(RULES_DIR, "opsdeck-alerts.yml")],
    alerting: { alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${ports.alertmanager}`] }] }] },
    scrape_configs: scrapeConfigs,
  });
}

/**
 * Every alert goes to the stack's webhook sink (the default receiver); with an app URL, also to
 * Opsdeck's Alertmanager webhook, authenticated with a bearer token.
 */
export function alertmanagerConfig(
  ports: StackPorts,
  options: { appUrl?: string; webhookToken?: string },
): string {
  const sink = {
    name: "webhook-sink",
    webhook_configs: [{ url: `http://127.0.0.1:${ports.sink}/alertmanager`, send_resolved: true }],
  };
  const receivers: unknown[] = [sink];
  const routes: unknown[] = [];
  if (options.appUrl) {
    receivers.push({
      name: "opsdeck",
      webhook_configs: [
        {
          url: new URL("/api/webhooks/alertmanager", options.appUrl).toString(),
          send_resolved: true,
          ...(options.webhookToken && {
            http_config: { authorization: { type: "Bearer", credentials: options.webhookToken } },
          }),
        },
      ],
    });
    routes.push({ receiver: "opsdeck", continue: true }, { receiver: "webhook-sink" });
  }
  return yaml({
    route: {
      receiver: "webhook-sink",
      group_by: ["alertname", "service"],
      group_wait: "5s",
      group_interval: "10s",
      repeat_interval: "1h",
      routes,
    },
    receivers,
  });
}

/** Jaeger v2 (an OpenTelemetry Collector build): OTLP/HTTP in, in-memory storage, the query API out. */
export function jaegerConfig(ports: StackPorts): string {
  return yaml({
    service: {
      extensions: ["jaeger_storage", "jaeger_query", "healthcheckv2"],
      pipelines: {
        traces: { receivers: ["otlp"], processors: ["batch"], exporters: ["jaeger_storage_exporter"] },
      },
      telemetry: { metrics: { level: "none" }, logs: { level: "warn" } },
    },
    extensions: {
      healthcheckv2: { use_v2: true, http: { endpoint: `127.0.0.1:${ports.jaegerHealth}` } },
      jaeger_query: {
        // Jaeger would trace its own queries to localhost:4317, where nothing listens: log noise only.
        enable_tracing: false,
        storage: { traces: "memstore" },
        http: { endpoint: `127.0.0.1:${ports.jaegerQuery}` },
        grpc: { endpoint: `127.0.0.1:${ports.jaegerQueryGrpc}` },
      },
      jaeger_storage: { backends: { memstore: { memory: { max_traces: 100_000 } } } },
    },
    receivers: { otlp: { protocols: { http: { endpoint: `127.0.0.1:${ports.jaegerOtlp}` } } } },
    processors: { batch: {} },
    exporters: { jaeger_storage_exporter: { trace_storage: "memstore" } },
  });
}
