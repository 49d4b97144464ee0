// The stack's Kubernetes API server for the end-to-end tests, with the admin certificate: a namespace of
// its own per test, rollouts and their new revisions applied as a deploy pipeline would, and waiting for
// the controller to get a rollout somewhere. (The apps reach the cluster with their own, narrower
// credentials; these helpers stand for the pipeline and the cluster admin.)
import { randomBytes } from "node:crypto";
import { expect } from "@playwright/test";
import { KubeApi, KubeApiError } from "@/stack/kubernetes/api";
import { apiAs } from "./fixtures";
import {
  applyInNamespace,
  imageFor,
  objectPath,
  setImageTag,
  type CanaryStep,
} from "@/stack/kubernetes/demo-rollouts";

/** How the global setup tells the tests where the stack's API server is (ControlPlane.describe()). */
type KubeAccess = { server: string; ca: string; cert: string; key: string };

let client: KubeApi | null = null;

export function kube(): KubeApi {
  if (client) return client;
  const described = process.env.E2E_KUBERNETES;
  if (!described) throw new Error("E2E_KUBERNETES is not set: the e2e stack was started without Kubernetes");
  const access = JSON.parse(described) as KubeAccess;
  client = new KubeApi(access.server, { ca: access.ca, adminCert: access.cert, adminKey: access.key });
  return client;
}

export type Rollout = {
  metadata: { name: string; namespace: string; resourceVersion: string };
  spec: { template: { spec: { containers: { image: string }[] } } };
  status?: {
    phase?: string;
    currentStepIndex?: number;
    pauseConditions?: { reason: string; startTime: string }[] | null;
    abort?: boolean;
    stableRS?: string;
    currentPodHash?: string;
    blueGreen?: { activeSelector?: string; previewSelector?: string };
  };
};

/** A namespace of its own for one test, with the default ServiceAccount its pods need. */
export async function freshNamespace(prefix: string): Promise<string> {
  const name = `${prefix}-${randomBytes(3).toString("hex")}`;
  await kube().apply(`/api/v1/namespaces/${name}`, {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name },
  });
  await expect
    .poll(
      async () => {
        try {
          await kube().get(`/api/v1/namespaces/${name}/serviceaccounts/default`);
          return true;
        } catch (error) {
          if (error instanceof KubeApiError && error.status === 404) return false;
          throw error;
        }
      },
      { message: `the default ServiceAccount of ${name}`, timeout: 30_000 },
    )
    .toBe(true);
  return name;
}

const labels = (app: string) => ({ app, "app.kubernetes.io/name": app });

function podTemplate(app: string, tag: string) {
  return {
    metadata: { labels: { app } },
    spec: { containers: [{ name: app, image: imageFor(app, tag), ports: [{ containerPort: 8080 }] }] },
  };
}

/** A canary rollout of `app` at image tag v1 with the given steps. */
export async function applyCanary(namespace: string, app: string, steps: CanaryStep[], replicas = 2) {
  await applyInNamespace(kube(), namespace, {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Rollout",
    metadata: { name: app, labels: labels(app) },
    spec: {
      replicas,
      revisionHistoryLimit: 3,
      selector: { matchLabels: { app } },
      template: podTemplate(app, "v1"),
      strategy: { canary: { steps } },
    },
  });
}

/** A blue-green rollout of `app` at v1, promoted by a person, with its active and preview Services. */
export async function applyBlueGreen(namespace: string, app: string) {
  for (const name of [app, `${app}-preview`]) {
    await applyInNamespace(kube(), namespace, {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name },
      spec: { selector: { app }, ports: [{ port: 80, targetPort: 8080 }] },
    });
  }
  await applyInNamespace(kube(), namespace, {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Rollout",
    metadata: { name: app, labels: labels(app) },
    spec: {
      replicas: 2,
      revisionHistoryLimit: 3,
      selector: { matchLabels: { app } },
      template: podTemplate(app, "v1"),
      strategy: {
        blueGreen: { activeService: app, previewService: `${app}-preview`, autoPromotionEnabled: false },
      },
    },
  });
}

/** A new revision, as a deploy pipeline makes one: the image tag changes. */
export const newRevision = (namespace: string, name: string, tag: string) =>
  setImageTag(kube(), namespace, name, tag);

export const getRollout = (namespace: string, name: string) =>
  kube().get<Rollout>(objectPath("Rollout", namespace, name));

/** Waits until the controller has the rollout where `done` says; the message names what was awaited. */
export async function waitForRollout(
  namespace: string,
  name: string,
  description: string,
  done: (rollout: Rollout) => boolean,
  timeout = 90_000,
): Promise<Rollout> {
  let last: Rollout | undefined;
  await expect
    .poll(
      async () => {
        last = await getRollout(namespace, name);
        return done(last);
      },
      { message: `rollout ${namespace}/${name} ${description}`, timeout, intervals: [500] },
    )
    .toBe(true);
  return last!;
}

export const isHealthy = (r: Rollout) =>
  r.status?.phase === "Healthy" && !!r.status.stableRS && r.status.stableRS === r.status.currentPodHash;

export const pausedFor = (reason: string) => (r: Rollout) =>
  (r.status?.pauseConditions ?? []).some((c) => c.reason === reason);

export const imageOf = (r: Rollout) => r.spec.template.spec.containers[0]!.image;

type Summary = { cluster: string; namespace: string; name: string; status: string };

/** The rollout's page, once Opsdeck's informers have it (its cluster's name comes from the list). */
export async function rolloutUrl(namespace: string, name: string): Promise<string> {
  const api = await apiAs("operator");
  let found: Summary | undefined;
  await expect
    .poll(
      async () => {
        const response = await api.get(`/api/deployments?namespace=${namespace}`);
        const { deployments } = (await response.json()) as { deployments: Summary[] };
        found = deployments.find((d) => d.name === name);
        return Boolean(found);
      },
      { message: `Opsdeck lists ${namespace}/${name}`, timeout: 30_000 },
    )
    .toBe(true);
  await api.dispose();
  const enc = encodeURIComponent;
  return `/deployments/argo-rollouts/${enc(found!.cluster)}/${enc(namespace)}/${enc(name)}`;
}

/** A canary at v1, stable, then a new revision v2 paused at its manual pause (step 2). */
export async function pausedCanary(
  prefix: string,
  app: string,
  steps: CanaryStep[] = [{ setWeight: 25 }, { pause: {} }],
) {
  const namespace = await freshNamespace(prefix);
  await applyCanary(namespace, app, steps);
  await waitForRollout(namespace, app, "to be healthy at v1", isHealthy);
  await newRevision(namespace, app, "v2");
  await waitForRollout(
    namespace,
    app,
    "to pause at step 2",
    (r) => pausedFor("CanaryPauseStep")(r) && r.status?.currentStepIndex === 1,
  );
  return namespace;
}
