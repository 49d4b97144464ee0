// The demo fleet's Flagger canary, beside the Argo rollouts (demo-rollouts.ts): `recommendations` as a
// plain Deployment in namespace `demo-flagger`, which Flagger runs blue/green with the Kubernetes provider
// (no mesh: it makes `<name>-primary` and the Services `<name>`, `<name>-primary`, `<name>-canary` itself).
// Its analysis asks the stack's real Prometheus for the service's recorded error ratio, so the fault knob
// (`npm run stack -- fault recommendations --error-rate 0.5`) fails it; its `confirm-promotion` and
// `rollback` hooks call Opsdeck when the stack has an app URL, otherwise the stack's own gates in the
// webhook sink (../flagger-gates.ts).
import type { FleetService } from "../fleet/topology";
import type { FlaggerGate } from "../flagger-gates";
import type { ControlPlane } from "./control-plane";
import { applyInNamespace, podTemplate } from "./demo-rollouts";

export const FLAGGER_DEMO_NAMESPACE = "demo-flagger";
export const FLAGGER_DEMO_SERVICE: FleetService = "recommendations";
const FLAGGER = "flagger.app/v1beta1";

/** Where each gate's webhook goes. */
export type GateUrls = (gate: FlaggerGate) => string;

/**
 * Opsdeck's gate webhooks. Flagger cannot send a header with a webhook (its CanaryWebhook has url,
 * timeout, retries, disableTLS and metadata, which goes in the POSTed body), so the token is a segment
 * of the path.
 */
export const opsdeckGateUrls =
  (appUrl: string, token: string): GateUrls =>
  (gate) =>
    new URL(`/api/webhooks/flagger/${encodeURIComponent(token)}/${gate}`, appUrl).toString();

/** The stack's own gates, served by the webhook sink: closed until opened. */
export const sinkGateUrls =
  (sinkUrl: string): GateUrls =>
  (gate) =>
    `${sinkUrl}/flagger/${gate}`;

/** Opsdeck's gates when the stack has an app URL and a Flagger webhook token, otherwise the sink's. */
export function demoGateUrls(options: { appUrl?: string; token?: string; sinkUrl: string }): GateUrls {
  return options.appUrl && options.token
    ? opsdeckGateUrls(options.appUrl, options.token)
    : sinkGateUrls(options.sinkUrl);
}

/** Fails a check when the fleet service's error ratio over the last minute exceeds the threshold. */
export function errorRatioMetricTemplate(prometheusUrl: string) {
  return {
    apiVersion: FLAGGER,
    kind: "MetricTemplate",
    metadata: { name: "error-ratio" },
    spec: {
      provider: { type: "prometheus", address: prometheusUrl },
      // A service without requests has no ratio; that is no error (and not "no values", which halts).
      query: 'sum(service:http_server_error_ratio:rate1m{service="{{ variables.service }}"}) or vector(0)',
    },
  };
}

const labels = (service: string) => ({ app: service, "app.kubernetes.io/part-of": "opsdeck-demo" });

/** The Deployment a canary targets; its pods are KWOK's fakes. */
export function canaryDeployment(service: string, options: { replicas?: number; tag?: string } = {}) {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: service, labels: labels(service) },
    spec: {
      replicas: options.replicas ?? 2,
      revisionHistoryLimit: 3,
      selector: { matchLabels: { app: service } },
      template: podTemplate(service, options.tag ?? "v1"),
    },
  };
}

export type CanaryOptions = {
  gateUrls: GateUrls;
  /** The gate hooks to call (default: `confirm-promotion` and `rollback`). */
  gates?: FlaggerGate[];
  /** Checks before promotion, one per interval (blue/green: the Kubernetes provider shifts no weights). */
  iterations?: number;
  /** Failed checks that make Flagger roll back. */
  threshold?: number;
};

/**
 * A blue/green Canary for a fleet service's Deployment, labelled like the Argo rollouts (`app` is the
 * fleet service), with the error-ratio check and the gate hooks. 10 s is the shortest interval Flagger
 * accepts.
 */
export function flaggerCanary(service: string, options: CanaryOptions) {
  const gates = options.gates ?? ["confirm-promotion", "rollback"];
  return {
    apiVersion: FLAGGER,
    kind: "Canary",
    metadata: { name: service, labels: labels(service) },
    spec: {
      provider: "kubernetes",
      targetRef: { apiVersion: "apps/v1", kind: "Deployment", name: service },
      progressDeadlineSeconds: 60,
      service: { port: 80, targetPort: 8080 },
      analysis: {
        interval: "10s",
        threshold: options.threshold ?? 2,
        iterations: options.iterations ?? 3,
        metrics: [
          {
            name: "error-ratio",
            templateRef: { name: "error-ratio" },
            templateVariables: { service },
            thresholdRange: { max: 0.05 },
            interval: "1m",
          },
        ],
        webhooks: gates.map((gate) => ({
          name: gate,
          type: gate,
          url: options.gateUrls(gate),
          timeout: "5s",
        })),
      },
    },
  };
}

/** The demo canary, once Flagger is up: its MetricTemplate, Deployment and Canary. */
export async function applyDemoCanary(
  kube: ControlPlane,
  options: { prometheusUrl: string; gateUrls: GateUrls; namespace?: string },
) {
  const namespace = options.namespace ?? FLAGGER_DEMO_NAMESPACE;
  await kube.ensureNamespace(namespace);
  await applyInNamespace(kube.api, namespace, errorRatioMetricTemplate(options.prometheusUrl));
  await applyInNamespace(kube.api, namespace, canaryDeployment(FLAGGER_DEMO_SERVICE));
  await applyInNamespace(
    kube.api,
    namespace,
    flaggerCanary(FLAGGER_DEMO_SERVICE, { gateUrls: options.gateUrls }),
  );
}
