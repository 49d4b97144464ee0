// The demo fleet as Argo Rollouts in the local cluster: `checkout` a canary with manual and timed pauses
// and an analysis step whose AnalysisTemplate asks the stack's real Prometheus for the service's error
// ratio; `web` blue-green with manual promotion; the others short canaries. Pods are KWOK's fakes, so
// images are never pulled; the analysis reads the metrics of the demo services that run as processes,
// which the fault knobs control (`npm run stack -- fault checkout --error-rate 0.5` fails the analysis).
import { KubeApi } from "./api";
import type { ControlPlane } from "./control-plane";
import type { FleetService } from "../fleet/topology";

export const DEMO_NAMESPACE = "demo";
const ROLLOUTS = "/apis/argoproj.io/v1alpha1";

export const imageFor = (service: string, tag: string) => `registry.opsdeck.invalid/demo/${service}:${tag}`;

export type CanaryStep =
  | { setWeight: number }
  | { pause: { duration?: string } }
  | { analysis: { templates: { templateName: string }[]; args?: { name: string; value: string }[] } };

/** Fails when the service's error ratio (recorded by the stack's rules) reaches 5%. */
export function errorRatioTemplate(
  prometheusUrl: string,
  options: { name?: string; interval?: string; count?: number } = {},
) {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "AnalysisTemplate",
    metadata: { name: options.name ?? "error-ratio" },
    spec: {
      args: [{ name: "service" }],
      metrics: [
        {
          name: "error-ratio",
          interval: options.interval ?? "10s",
          count: options.count ?? 3,
          failureLimit: 0,
          successCondition: "result[0] < 0.05",
          provider: {
            prometheus: {
              address: prometheusUrl,
              query: 'sum(service:http_server_error_ratio:rate1m{service="{{args.service}}"}) or vector(0)',
            },
          },
        },
      ],
    },
  };
}

export function podTemplate(service: string, tag: string) {
  return {
    metadata: { labels: { app: service } },
    spec: {
      containers: [{ name: service, image: imageFor(service, tag), ports: [{ containerPort: 8080 }] }],
    },
  };
}

export function canaryRollout(
  service: string,
  steps: CanaryStep[],
  options: { replicas?: number; tag?: string } = {},
) {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Rollout",
    metadata: { name: service, labels: { app: service, "app.kubernetes.io/part-of": "opsdeck-demo" } },
    spec: {
      replicas: options.replicas ?? 4,
      revisionHistoryLimit: 3,
      selector: { matchLabels: { app: service } },
      template: podTemplate(service, options.tag ?? "v1"),
      strategy: { canary: { steps } },
    },
  };
}

export function blueGreenRollout(service: string, options: { replicas?: number; tag?: string } = {}) {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Rollout",
    metadata: { name: service, labels: { app: service, "app.kubernetes.io/part-of": "opsdeck-demo" } },
    spec: {
      replicas: options.replicas ?? 2,
      revisionHistoryLimit: 3,
      selector: { matchLabels: { app: service } },
      template: podTemplate(service, options.tag ?? "v1"),
      strategy: {
        blueGreen: {
          activeService: service,
          previewService: `${service}-preview`,
          autoPromotionEnabled: false,
        },
      },
    },
  };
}

function service(name: string, app: string) {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name },
    spec: { selector: { app }, ports: [{ port: 80, targetPort: 8080 }] },
  };
}

export const CHECKOUT_STEPS = (service: string): CanaryStep[] => [
  { setWeight: 25 },
  { pause: {} },
  { setWeight: 50 },
  { analysis: { templates: [{ templateName: "error-ratio" }], args: [{ name: "service", value: service }] } },
  { pause: { duration: "30s" } },
  { setWeight: 75 },
  { pause: { duration: "10s" } },
];

export const DEMO_ROLLOUTS: Record<FleetService, () => Record<string, unknown>> = {
  web: () => blueGreenRollout("web"),
  checkout: () => canaryRollout("checkout", CHECKOUT_STEPS("checkout")),
  payments: () =>
    canaryRollout("payments", [
      { setWeight: 50 },
      {
        analysis: {
          templates: [{ templateName: "error-ratio" }],
          args: [{ name: "service", value: "payments" }],
        },
      },
    ]),
  inventory: () => canaryRollout("inventory", [{ setWeight: 50 }, { pause: { duration: "20s" } }]),
  recommendations: () =>
    canaryRollout("recommendations", [{ setWeight: 50 }, { pause: {} }], { replicas: 2 }),
};

/** The API collections of the kinds the demos use, in a namespace. */
const COLLECTIONS = {
  Service: (namespace: string) => `/api/v1/namespaces/${namespace}/services`,
  Deployment: (namespace: string) => `/apis/apps/v1/namespaces/${namespace}/deployments`,
  Rollout: (namespace: string) => `${ROLLOUTS}/namespaces/${namespace}/rollouts`,
  AnalysisTemplate: (namespace: string) => `${ROLLOUTS}/namespaces/${namespace}/analysistemplates`,
  Canary: (namespace: string) => `/apis/flagger.app/v1beta1/namespaces/${namespace}/canaries`,
  MetricTemplate: (namespace: string) => `/apis/flagger.app/v1beta1/namespaces/${namespace}/metrictemplates`,
} as const;
export type DemoKind = keyof typeof COLLECTIONS;

/** The API path of a namespaced object of a kind the demos use. */
export function objectPath(kind: string, namespace: string, name: string): string {
  const collection = COLLECTIONS[kind as DemoKind] as ((namespace: string) => string) | undefined;
  if (!collection) throw new Error(`unsupported kind ${kind}`);
  return `${collection(namespace)}/${name}`;
}

/** Server-side applies an object of the kinds the demos use into a namespace. */
export async function applyInNamespace(api: KubeApi, namespace: string, object: Record<string, unknown>) {
  const { kind, metadata } = object as { kind: string; metadata: { name: string } };
  return api.apply(objectPath(kind, namespace, metadata.name), {
    ...object,
    metadata: { ...metadata, namespace },
  });
}

export async function applyDemoRollouts(
  kube: ControlPlane,
  options: { prometheusUrl: string; namespace?: string },
) {
  const namespace = options.namespace ?? DEMO_NAMESPACE;
  await kube.ensureNamespace(namespace);
  await applyInNamespace(kube.api, namespace, errorRatioTemplate(options.prometheusUrl));
  for (const [name, rollout] of Object.entries(DEMO_ROLLOUTS)) {
    await applyInNamespace(kube.api, namespace, service(name, name));
    if (name === "web") await applyInNamespace(kube.api, namespace, service("web-preview", "web"));
    await applyInNamespace(kube.api, namespace, rollout());
  }
}

/**
 * Starts a new revision of a rollout (or of the Deployment a Flagger canary targets) by changing its
 * image tag, as a deploy pipeline would.
 */
export async function setImageTag(
  api: KubeApi,
  namespace: string,
  name: string,
  tag: string,
  kind: "Rollout" | "Deployment" = "Rollout",
) {
  return api.request("PATCH", objectPath(kind, namespace, name), {
    patch: "json",
    body: [{ op: "replace", path: "/spec/template/spec/containers/0/image", value: imageFor(name, tag) }],
  });
}
