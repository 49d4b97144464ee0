// Helpers for tests against the stack's real Kubernetes API and Argo Rollouts controller: a client with
// the admin certificate, a fresh namespace per test, and waiting for a Rollout to reach a state.
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { inject } from "vitest";
import { KubeApi, KubeApiError } from "@/stack/kubernetes/api";
import { applyInNamespace, untilControllerReacts } from "@/stack/kubernetes/demo-rollouts";
import { waitFor } from "./stack";

let client: KubeApi | null = null;

export function kube(): KubeApi {
  const k = inject("stack").kubernetes;
  if (!k) throw new Error("the test stack was started without Kubernetes");
  client ??= new KubeApi(k.server, { ca: k.ca, adminCert: k.cert, adminKey: k.key });
  return client;
}

export const rolloutPath = (namespace: string, name: string) =>
  `/apis/argoproj.io/v1alpha1/namespaces/${namespace}/rollouts/${name}`;

export type Rollout = {
  metadata: { name: string; generation: number; resourceVersion: string };
  spec: { paused?: boolean; replicas: number; strategy: { canary?: { steps: unknown[] } } };
  status?: {
    phase?: string;
    message?: string;
    currentStepIndex?: number;
    pauseConditions?: { reason: string; startTime: string }[] | null;
    abort?: boolean;
    stableRS?: string;
    currentPodHash?: string;
    availableReplicas?: number;
    updatedReplicas?: number;
    observedGeneration?: string;
    conditions?: { type: string; status: string; reason: string; message: string }[];
    blueGreen?: { activeSelector?: string; previewSelector?: string };
    canary?: { currentStepAnalysisRunStatus?: { name: string; status: string } };
  };
};

export type ReplicaSet = {
  metadata: { name: string; labels: Record<string, string>; annotations: Record<string, string> };
  spec: { replicas: number };
  status: { replicas: number; readyReplicas?: number; availableReplicas?: number };
};

export type AnalysisRun = {
  metadata: { name: string };
  status?: {
    phase?: string;
    message?: string;
    metricResults?: { name: string; phase: string; measurements?: { value?: string; phase: string }[] }[];
  };
};

/** A namespace of its own for one test, with its default ServiceAccount (pods need it). */
export async function freshNamespace(prefix: string): Promise<string> {
  const name = `${prefix}-${randomBytes(3).toString("hex")}`;
  await kube().apply(`/api/v1/namespaces/${name}`, {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name },
  });
  await waitFor(`the default ServiceAccount of ${name}`, async () => {
    try {
      return await kube().get(`/api/v1/namespaces/${name}/serviceaccounts/default`);
    } catch (error) {
      if (error instanceof KubeApiError && error.status === 404) return undefined;
      throw error;
    }
  });
  return name;
}

export const apply = (namespace: string, object: Record<string, unknown>) =>
  applyInNamespace(kube(), namespace, object);

export const getRollout = (namespace: string, name: string) =>
  kube().get<Rollout>(rolloutPath(namespace, name));

/** Waits until the Rollout satisfies `done`; the description says what was awaited when it times out. */
export async function waitForRollout(
  namespace: string,
  name: string,
  description: string,
  done: (rollout: Rollout) => boolean,
  timeoutMs = 90_000,
): Promise<Rollout> {
  let last: Rollout | undefined;
  try {
    return await waitFor(
      `rollout ${namespace}/${name} ${description}`,
      async () => {
        last = await getRollout(namespace, name);
        return done(last) ? last : undefined;
      },
      { timeoutMs, intervalMs: 500 },
    );
  } catch (error) {
    throw new Error(
      `${(error as Error).message}; last status: ${JSON.stringify(last?.status)}\n${await controllerSaid(namespace, name)}`,
    );
  }
}

/** Lines the controller logs on every reconcile of the stack's rollouts, whatever happens. */
const CONTROLLER_CHATTER = [
  'msg="No TrafficRouting Reconcilers found"',
  'msg="No StableRS exists to reconcile',
  'msg="Timed out (false)',
];

/**
 * The Argo Rollouts controller's last log lines about one rollout, for a test that waited for it in vain:
 * whether the controller saw the change at all, and what it did, is what such a failure needs first (the
 * stack's logs go with its temporary folder when the run ends).
 */
export async function controllerSaid(namespace: string, name: string, lines = 30): Promise<string> {
  const file = path.join(inject("stack").dir, "logs", "rollouts-controller.log");
  const log = await readFile(file, "utf8").catch((error: Error) => `(no controller log: ${error.message})`);
  const about = log
    .split("\n")
    .filter((line) => line.includes(`namespace=${namespace}`) && line.includes(`rollout=${name}`))
    .filter((line) => !CONTROLLER_CHATTER.some((chatter) => line.includes(chatter)))
    .slice(-lines)
    .map((line) => (line.length > 400 ? `${line.slice(0, 400)}…` : line));
  return `the controller's last ${about.length} lines about ${namespace}/${name}:\n${about.join("\n")}`;
}

export async function replicaSets(namespace: string, app: string): Promise<ReplicaSet[]> {
  const list = await kube().get<{ items: ReplicaSet[] }>(
    `/apis/apps/v1/namespaces/${namespace}/replicasets?labelSelector=${encodeURIComponent(`app=${app}`)}`,
  );
  return list.items;
}

export async function analysisRuns(namespace: string): Promise<AnalysisRun[]> {
  return (
    await kube().get<{ items: AnalysisRun[] }>(
      `/apis/argoproj.io/v1alpha1/namespaces/${namespace}/analysisruns`,
    )
  ).items;
}

/** Merge-patches a Rollout's status subresource, as the kubectl plugin and the dashboard do. */
/** Patches a rollout's status (as the kubectl plugin's promote does) and waits for the controller to react. */
export async function patchStatus(namespace: string, name: string, body: unknown) {
  const path = rolloutPath(namespace, name);
  const patched = await kube().request<Rollout>("PATCH", `${path}/status`, { patch: "merge", body });
  await untilControllerReacts(kube(), path, patched);
  return patched;
}

export const patchSpec = (namespace: string, name: string, body: unknown) =>
  kube().request<Rollout>("PATCH", rolloutPath(namespace, name), { patch: "merge", body });
