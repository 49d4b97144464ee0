// The app's own access to the stack's cluster, as a real deployment grants it: the repository's RBAC
// manifests (deploy/kubernetes/) applied as they are, and their ClusterRoles bound to the user of the
// app's client certificate (`opsdeck`, from pki.ts). The app is given opsdeck.kubeconfig, never the
// admin one, so the stack proves the manifests are enough.
import { spawnSync } from "node:child_process";
import path from "node:path";
import type { KubeApi } from "./api";

export const APP_USER = "opsdeck";
const MANIFESTS = ["rbac.yaml", "impersonation.yaml"].map((file) =>
  path.resolve(import.meta.dirname, "..", "..", "deploy", "kubernetes", file),
);

/** The stack's own bindings: the manifests bind a ServiceAccount; outside a pod the app is this user. */
const bindings = [
  { name: "opsdeck-stack-app", role: "opsdeck" },
  { name: "opsdeck-stack-app-impersonator", role: "opsdeck-impersonator" },
];

export async function grantAppAccess(kubectl: string, adminKubeconfig: string, api: KubeApi): Promise<void> {
  const result = spawnSync(
    kubectl,
    [
      "--kubeconfig",
      adminKubeconfig,
      "apply",
      "--server-side",
      "-o",
      "name",
      ...MANIFESTS.flatMap((f) => ["-f", f]),
    ],
    { encoding: "utf8" },
  );
  if (result.status !== 0)
    throw new Error(`kubectl apply of deploy/kubernetes failed: ${result.stderr.trim()}`);
  for (const { name, role } of bindings) {
    await api.apply(`/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/${name}`, {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: APP_USER }],
    });
  }
}
