// Which clusters Opsdeck reads, from its configuration: every selected context of a kubeconfig file is a
// cluster named after the context, or the pod's own service account when Opsdeck runs inside a cluster.
import { existsSync, readFileSync } from "node:fs";
import { KubeConfig } from "@kubernetes/client-node";
import { ConfigError, type Env } from "@/lib/config/env";

export type ClusterConfig = { name: string; kubeConfig: KubeConfig };

export type KubeAccess = {
  clusters: ClusterConfig[];
  /** Namespaces to watch; null: all of them, with cluster-wide watches. */
  namespaces: string[] | null;
  impersonate: boolean;
  timeoutMs: number;
};

/** Where Kubernetes mounts a pod's service-account token, CA and namespace. */
export const SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

type KubeEnv = Pick<
  Env,
  | "KUBECONFIG"
  | "KUBE_CONTEXTS"
  | "KUBE_IN_CLUSTER"
  | "KUBE_CLUSTER_NAME"
  | "KUBE_NAMESPACES"
  | "KUBE_IMPERSONATE"
  | "KUBE_TIMEOUT_MS"
>;

/**
 * The clusters to connect to, or null when Kubernetes is not configured. Throws ConfigError (one line per
 * problem) for a kubeconfig that cannot be read or contexts it does not have.
 */
export function loadKubeAccess(
  config: KubeEnv,
  /** Tests put a fake service-account mount under another root. */
  options: { serviceAccountRoot?: string } = {},
): KubeAccess | null {
  const clusters = config.KUBECONFIG
    ? fromKubeconfig(config.KUBECONFIG, config.KUBE_CONTEXTS)
    : inCluster(config, options.serviceAccountRoot ?? "");
  if (!clusters) return null;
  return {
    clusters,
    namespaces: config.KUBE_NAMESPACES ?? null,
    impersonate: config.KUBE_IMPERSONATE,
    timeoutMs: config.KUBE_TIMEOUT_MS,
  };
}

function fromKubeconfig(file: string, wanted: Env["KUBE_CONTEXTS"]): ClusterConfig[] {
  const load = () => {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(file);
    return kubeConfig;
  };
  let all: KubeConfig;
  try {
    all = load();
  } catch (error) {
    throw new ConfigError([`KUBECONFIG ${file} cannot be read: ${(error as Error).message}`]);
  }
  const available = all.getContexts().map((c) => c.name);
  const listed = available.length ? available.join(", ") : "none";
  let names: string[];
  if (wanted === "*") {
    names = available;
    if (!names.length) throw new ConfigError([`KUBECONFIG ${file} has no contexts`]);
  } else if (wanted) {
    const unknown = wanted.filter((name) => !available.includes(name));
    if (unknown.length) {
      throw new ConfigError(
        unknown.map(
          (name) => `KUBE_CONTEXTS names "${name}", which ${file} does not have (it has: ${listed})`,
        ),
      );
    }
    names = wanted;
  } else {
    const current = all.getCurrentContext();
    if (!current || !available.includes(current)) {
      throw new ConfigError([
        `KUBECONFIG ${file} has no current context; set KUBE_CONTEXTS to the contexts to use (it has: ${listed})`,
      ]);
    }
    names = [current];
  }
  const problems: string[] = [];
  const clusters = names.map((name) => {
    const kubeConfig = load();
    kubeConfig.setCurrentContext(name);
    if (!kubeConfig.getCurrentCluster()) problems.push(`context "${name}" of ${file} names no known cluster`);
    return { name, kubeConfig };
  });
  if (problems.length) throw new ConfigError(problems);
  return clusters;
}

function inCluster(config: KubeEnv, root: string): ClusterConfig[] | null {
  const token = `${root}${SERVICE_ACCOUNT_DIR}/token`;
  if (config.KUBE_IN_CLUSTER === false) return null;
  if (config.KUBE_IN_CLUSTER === undefined && !existsSync(token)) return null;
  const problems: string[] = [];
  if (!process.env.KUBERNETES_SERVICE_HOST || !process.env.KUBERNETES_SERVICE_PORT) {
    problems.push(
      "KUBE_IN_CLUSTER: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set (is Opsdeck running in a pod?)",
    );
  }
  try {
    readFileSync(token);
  } catch (error) {
    problems.push(
      `KUBE_IN_CLUSTER: the service-account token ${token} cannot be read (${(error as Error).message})`,
    );
  }
  if (problems.length) throw new ConfigError(problems);
  const kubeConfig = new KubeConfig();
  // The token is re-read as the kubelet rotates it (client-node's tokenFile provider).
  kubeConfig.loadFromCluster(root);
  return [{ name: config.KUBE_CLUSTER_NAME, kubeConfig }];
}
