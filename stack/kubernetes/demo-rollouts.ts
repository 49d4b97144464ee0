// The demo fleet as Argo Rollouts in the local cluster: `checkout` a canary with manual and timed pauses
// and an analysis step whose AnalysisTemplate asks the stack's real Prometheus for the canary's own error
// ratio; `web` blue-green with manual promotion; the others short canaries. Pods are KWOK's fakes, so
// images are never pulled; the analysis reads the metrics of the demo services that run as processes and
// serve as the Rollouts' revisions (the stack's revision sync, stack/fleet/revision-sync.ts), which the
// fault knobs control (`npm run stack -- fault checkout --error-rate 0.5 --canary` fails the analysis).
import { KubeApi, KubeApiError } from "./api";
import type { ControlPlane } from "./control-plane";
import type { FleetService } from "../fleet/topology";

export const DEMO_NAMESPACE = "demo";
const ROLLOUTS = "/apis/argoproj.io/v1alpha1";

export const imageFor = (service: string, tag: string) => `registry.opsdeck.invalid/demo/${service}:${tag}`;

type AnalysisArg =
  | { name: string; value: string }
  | { name: string; valueFrom: { podTemplateHashValue: "Latest" | "Stable" } };

export type CanaryStep =
  | { setWeight: number }
  | { pause: { duration?: string } }
  | { analysis: { templates: { templateName: string }[]; args?: AnalysisArg[] } };

type TemplateOptions = { name?: string; interval?: string; count?: number };

/** An AnalysisTemplate with one Prometheus metric that fails when the query's value reaches 5%. */
function thresholdTemplate(
  prometheusUrl: string,
  { name, args, query }: { name: string; args: string[]; query: string },
  options: TemplateOptions,
) {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "AnalysisTemplate",
    metadata: { name: options.name ?? name },
    spec: {
      args: args.map((arg) => ({ name: arg })),
      metrics: [
        {
          name: "error-ratio",
          interval: options.interval ?? "10s",
          count: options.count ?? 3,
          failureLimit: 0,
          successCondition: "result[0] < 0.05",
          provider: { prometheus: { address: prometheusUrl, query } },
        },
      ],
    },
  };
}

/** Fails when the service's error ratio (recorded by the stack's rules) reaches 5%. */
export const errorRatioTemplate = (prometheusUrl: string, options: TemplateOptions = {}) =>
  thresholdTemplate(
    prometheusUrl,
    {
      name: "error-ratio",
      args: ["service"],
      query: 'sum(service:http_server_error_ratio:rate1m{service="{{args.service}}"}) or vector(0)',
    },
    options,
  );

/**
 * Fails when the canary's own error ratio reaches 5%: the requests its pods answered, told apart by
 * their `rollouts_pod_template_hash` label, as canary analyses are written against a real cluster. A
 * canary without requests yet has no value (a measurement error, which the controller retries).
 */
export const canaryErrorRatioTemplate = (prometheusUrl: string, options: TemplateOptions = {}) => {
  const requests = (extra: string) =>
    `sum(rate(http_server_request_duration_seconds_count{service="{{args.service}}",rollouts_pod_template_hash="{{args.canary-hash}}"${extra}}[1m]))`;
  return thresholdTemplate(
    prometheusUrl,
    {
      name: "canary-error-ratio",
      args: ["service", "canary-hash"],
      query: `(${requests(',http_response_status_code=~"5.."')} or vector(0)) / (${requests("")} > 0)`,
    },
    options,
  );
};

/** An analysis step with the service-wide error ratio. */
export const serviceErrorRatioStep = (service: string): CanaryStep => ({
  analysis: { templates: [{ templateName: "error-ratio" }], args: [{ name: "service", value: service }] },
});

/** An analysis step with the canary's own error ratio, the canary's hash passed by the controller. */
export const canaryErrorRatioStep = (service: string): CanaryStep => ({
  analysis: {
    templates: [{ templateName: "canary-error-ratio" }],
    args: [
      { name: "service", value: service },
      { name: "canary-hash", valueFrom: { podTemplateHashValue: "Latest" } },
    ],
  },
});

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

/**
 * The checkout canary's steps. The demo's analyses the canary's own error ratio, which needs the fleet to
 * serve the Rollout's revisions: the revision sync does that for namespace `demo` only, so a copy in
 * another namespace (a test's) analyses the service-wide ratio unless told otherwise.
 */
export const CHECKOUT_STEPS = (
  service: string,
  analysis: CanaryStep = serviceErrorRatioStep(service),
): CanaryStep[] => [
  { setWeight: 25 },
  { pause: {} },
  { setWeight: 50 },
  analysis,
  { pause: { duration: "30s" } },
  { setWeight: 75 },
  { pause: { duration: "10s" } },
];

export const DEMO_ROLLOUTS: Record<FleetService, () => Record<string, unknown>> = {
  web: () => blueGreenRollout("web"),
  checkout: () => canaryRollout("checkout", CHECKOUT_STEPS("checkout", canaryErrorRatioStep("checkout"))),
  // Straight to its analysis: the service-wide ratio, which has values before the canary's requests do.
  payments: () => canaryRollout("payments", [{ setWeight: 50 }, serviceErrorRatioStep("payments")]),
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
  await applyInNamespace(kube.api, namespace, canaryErrorRatioTemplate(options.prometheusUrl));
  for (const [name, rollout] of Object.entries(DEMO_ROLLOUTS)) {
    await applyInNamespace(kube.api, namespace, service(name, name));
    if (name === "web") await applyInNamespace(kube.api, namespace, service("web-preview", "web"));
    await applyInNamespace(kube.api, namespace, rollout());
  }
}

/** How long the Rollouts controller gets to react to a change before it is asked to look again. */
const REACTION_MS = 3_000;
/** The annotation the app touches for the same reason (lib/services/deployments/actions.ts). */
const RECONCILE_ANNOTATION = "opsdeck.io/reconcile-requested-at";

type Written = {
  metadata: { generation?: number; resourceVersion?: string };
  status?: { observedGeneration?: string };
};

/**
 * Starts a new revision of a rollout (or of the Deployment a Flagger canary targets) by changing its
 * image tag, as a deploy pipeline would. For a Rollout, returns once the controller has observed it.
 */
export async function setImageTag(
  api: KubeApi,
  namespace: string,
  name: string,
  tag: string,
  kind: "Rollout" | "Deployment" = "Rollout",
) {
  const path = objectPath(kind, namespace, name);
  const patched = await api.request<Written>("PATCH", path, {
    patch: "json",
    body: [{ op: "replace", path: "/spec/template/spec/containers/0/image", value: imageFor(name, tag) }],
  });
  const generation = patched.metadata.generation ?? 0;
  if (kind === "Rollout")
    await untilControllerReacts(
      api,
      path,
      patched,
      (r) => Number(r.status?.observedGeneration) >= generation,
    );
  return patched;
}

/**
 * Waits for the Rollouts controller to react to a write that answered `written`: `reacted` says so,
 * or by default the rollout changed again after it. Argo Rollouts 1.9.1 can miss a change made just
 * after its own write (it reconciles the older object from its cache) and then sits on it until
 * something else changes; so, as the app does after an action, each time nothing reacted within
 * REACTION_MS it touches an annotation (an update event for the controller's informer). Gives up
 * quietly after three tries: a rollout no controller manages is the caller's to wait for.
 */
export async function untilControllerReacts(
  api: KubeApi,
  path: string,
  written: Written,
  reacted?: (rollout: Written) => boolean,
) {
  let ours = written.metadata.resourceVersion;
  const done = reacted ?? ((r: Written) => r.metadata.resourceVersion !== ours);
  for (let attempt = 0; attempt < 3; attempt++) {
    const deadline = Date.now() + REACTION_MS;
    while (Date.now() < deadline) {
      if (done(await api.request<Written>("GET", path))) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    try {
      const touched = await api.request<Written>("PATCH", path, {
        patch: "merge",
        body: {
          metadata: {
            resourceVersion: ours,
            annotations: { [RECONCILE_ANNOTATION]: new Date().toISOString() },
          },
        },
      });
      ours = touched.metadata.resourceVersion;
    } catch (error) {
      if (!(error instanceof KubeApiError && error.status === 409)) throw error;
      // Changed since our write: that is the reaction, unless `reacted` asks for a particular one.
      if (!reacted) return;
      ours = (await api.request<Written>("GET", path)).metadata.resourceVersion;
    }
  }
}
