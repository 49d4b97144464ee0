// A real Kubernetes control plane as local processes (there is no container runtime here): etcd,
// kube-apiserver, kube-controller-manager and kube-scheduler built from their Go modules, KWOK faking the
// nodes (so pods of ReplicaSets become Running and Ready without a kubelet), and the real Argo Rollouts and
// Flagger controllers. The recipe, its sources and its measured costs: stack/README.md.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import path from "node:path";
import { ensureGoBuild, ensureModuleSource, GO_BUILDS } from "../go-builds";
import { dependencyTable } from "../start-order";
import { KubeApi, KubeApiError } from "./api";
import { grantAppAccess } from "./app-access";
import { appKubeconfig, createPki, kubeconfig, type Pki } from "./pki";

/**
 * The control plane's components and what each needs up before it starts; the stack derives their start
 * and stop order from it (../start-order.ts). A new component goes here, then into each switch below.
 */
export const KUBE_COMPONENTS = dependencyTable({
  etcd: {},
  "kube-apiserver": { needs: ["etcd"] },
  "kube-controller-manager": { needs: ["kube-apiserver"] },
  "kube-scheduler": { needs: ["kube-apiserver"] },
  kwok: { needs: ["kube-apiserver"] },
  // Its demo rollouts need pods made by ReplicaSets, scheduled, and made Ready by KWOK; its CRDs and the
  // fake node are created just before it starts (`beforeStart`).
  "rollouts-controller": { needs: ["kube-controller-manager", "kube-scheduler", "kwok"] },
  // The same for its demo canary's Deployments; its CRDs are applied just before it starts.
  flagger: { needs: ["kube-controller-manager", "kube-scheduler", "kwok"] },
});
export type KubeComponent = keyof typeof KUBE_COMPONENTS;

export type KubePorts = {
  etcdClient: number;
  etcdPeer: number;
  apiserver: number;
  controllerManager: number;
  scheduler: number;
  kwok: number;
  rolloutsHealth: number;
  rolloutsMetrics: number;
  flagger: number;
};

export const VERSIONS = {
  kubernetes: "v1.34.5",
  etcd: "v3.6.14",
  kwok: "v0.8.0",
  argoRollouts: "v1.9.1",
  // The controller and the CRDs the stack applies come from one module version.
  flagger: GO_BUILDS.flagger!.version,
} as const;

export const NODE_NAME = "kwok-node-0";

/** Health over plain HTTP: 200 within 2 s. */
export async function httpHealthy(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2_000) })).ok;
  } catch {
    return false;
  }
}

/** Health over TLS with the component's own self-signed certificate: loopback only, nothing to verify. */
export function httpsHealthy(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, { rejectUnauthorized: false, timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(false));
    req.end();
  });
}

type Command = { command: string; args: string[] };

/** Everything the control plane's processes need: binaries, sources, certificates, ports and flags. */
export class ControlPlane {
  readonly pki: Pki;
  readonly kubeconfigPath: string;
  /** What the app is given: its own non-admin user (app-access.ts). */
  readonly appKubeconfigPath: string;
  readonly api: KubeApi;
  private bin: Partial<Record<"kubernetes" | "etcd" | "kwok" | "argo-rollouts" | "flagger", string>> = {};
  private sources: Partial<Record<"kwok" | "argo" | "flagger", string>> = {};

  constructor(
    readonly dir: string,
    readonly ports: KubePorts,
    /** The stack's Prometheus, which Flagger's analysis asks by default. */
    readonly prometheusUrl: string,
  ) {
    this.pki = createPki(path.join(dir, "pki"));
    this.kubeconfigPath = path.join(dir, "admin.kubeconfig");
    writeFileSync(this.kubeconfigPath, kubeconfig(this.pki, this.server));
    this.appKubeconfigPath = path.join(dir, "opsdeck.kubeconfig");
    writeFileSync(this.appKubeconfigPath, appKubeconfig(this.pki, this.server));
    this.api = new KubeApi(this.server, this.pki);
  }

  get server() {
    return `https://127.0.0.1:${this.ports.apiserver}`;
  }

  /** Builds (once per machine, cached) or finds what a component needs; throws BuildError when it cannot. */
  install(component: KubeComponent, log: (line: string) => void) {
    switch (component) {
      case "etcd":
        this.bin.etcd = ensureGoBuild("etcd", log);
        break;
      case "kube-apiserver":
      case "kube-controller-manager":
      case "kube-scheduler":
        this.bin.kubernetes = ensureGoBuild("kubernetes", log);
        break;
      case "kwok":
        this.bin.kwok = ensureGoBuild("kwok", log);
        this.sources.kwok = ensureModuleSource("sigs.k8s.io/kwok", VERSIONS.kwok);
        break;
      case "rollouts-controller":
        this.bin["argo-rollouts"] = ensureGoBuild("argo-rollouts", log);
        this.sources.argo = ensureModuleSource("github.com/argoproj/argo-rollouts", VERSIONS.argoRollouts);
        break;
      case "flagger":
        this.bin.flagger = ensureGoBuild("flagger", log);
        this.sources.flagger = ensureModuleSource("github.com/fluxcd/flagger", VERSIONS.flagger);
        break;
    }
  }

  command(component: KubeComponent): Command {
    const p = this.ports;
    const pki = this.pki;
    const k8s = (name: string) => path.join(this.bin.kubernetes!, name);
    switch (component) {
      case "etcd": {
        mkdirSync(path.join(this.dir, "etcd"), { recursive: true });
        return {
          command: path.join(this.bin.etcd!, "etcd"),
          args: [
            "--name=node0",
            `--data-dir=${path.join(this.dir, "etcd")}`,
            `--listen-client-urls=http://127.0.0.1:${p.etcdClient}`,
            `--advertise-client-urls=http://127.0.0.1:${p.etcdClient}`,
            `--listen-peer-urls=http://127.0.0.1:${p.etcdPeer}`,
            `--initial-advertise-peer-urls=http://127.0.0.1:${p.etcdPeer}`,
            `--initial-cluster=node0=http://127.0.0.1:${p.etcdPeer}`,
            "--listen-metrics-urls=",
            "--auto-compaction-retention=1",
            "--unsafe-no-fsync=true", // throw-away test data
            "--log-level=warn",
          ],
        };
      }
      case "kube-apiserver":
        return {
          command: k8s("kube-apiserver"),
          args: [
            `--etcd-servers=http://127.0.0.1:${p.etcdClient}`,
            "--bind-address=127.0.0.1",
            `--secure-port=${p.apiserver}`,
            `--cert-dir=${path.join(this.dir, "apiserver-certs")}`,
            `--tls-cert-file=${pki.apiserverCert}`,
            `--tls-private-key-file=${pki.apiserverKey}`,
            `--client-ca-file=${pki.ca}`,
            "--authorization-mode=RBAC",
            "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
            `--service-account-key-file=${pki.saPub}`,
            `--service-account-signing-key-file=${pki.saKey}`,
            "--service-cluster-ip-range=10.96.0.0/16",
            "--allow-privileged=true",
            "--v=0",
          ],
        };
      case "kube-controller-manager":
        return {
          command: k8s("kube-controller-manager"),
          args: [
            `--kubeconfig=${this.kubeconfigPath}`,
            `--authentication-kubeconfig=${this.kubeconfigPath}`,
            `--authorization-kubeconfig=${this.kubeconfigPath}`,
            "--bind-address=127.0.0.1",
            `--secure-port=${p.controllerManager}`,
            `--cert-dir=${path.join(this.dir, "controller-manager-certs")}`,
            "--leader-elect=false",
            "--controllers=*",
            `--root-ca-file=${pki.ca}`,
            `--service-account-private-key-file=${pki.saKey}`,
            "--use-service-account-credentials=false",
            "--v=0",
          ],
        };
      case "kube-scheduler": {
        const config = path.join(this.dir, "scheduler.yaml");
        writeFileSync(
          config,
          JSON.stringify({
            apiVersion: "kubescheduler.config.k8s.io/v1",
            kind: "KubeSchedulerConfiguration",
            clientConnection: { kubeconfig: this.kubeconfigPath },
            leaderElection: { leaderElect: false },
          }),
        );
        return {
          command: k8s("kube-scheduler"),
          args: [
            `--config=${config}`,
            `--authentication-kubeconfig=${this.kubeconfigPath}`,
            `--authorization-kubeconfig=${this.kubeconfigPath}`,
            "--bind-address=127.0.0.1",
            `--secure-port=${p.scheduler}`,
            `--cert-dir=${path.join(this.dir, "scheduler-certs")}`,
            "--v=0",
          ],
        };
      }
      case "kwok": {
        const stage = (file: string) =>
          `--config=${path.join(this.sources.kwok!, "kustomize", "stage", file)}`;
        return {
          command: path.join(this.bin.kwok!, "kwok"),
          args: [
            `--kubeconfig=${this.kubeconfigPath}`,
            "--manage-all-nodes=true",
            "--node-ip=127.0.0.1",
            "--node-name=localhost",
            "--node-lease-duration-seconds=40",
            "--cidr=10.244.0.0/16",
            `--server-address=127.0.0.1:${p.kwok}`,
            stage("node/fast/node-initialize.yaml"),
            stage("node/heartbeat-with-lease/node-heartbeat-with-lease.yaml"),
            stage("pod/fast/pod-ready.yaml"),
            stage("pod/fast/pod-complete.yaml"),
            stage("pod/fast/pod-delete.yaml"),
          ],
        };
      }
      case "rollouts-controller":
        return {
          command: path.join(this.bin["argo-rollouts"]!, "rollouts-controller"),
          args: [
            `--kubeconfig=${this.kubeconfigPath}`,
            "--leader-elect=false",
            `--healthzPort=${p.rolloutsHealth}`,
            `--metricsPort=${p.rolloutsMetrics}`,
            "--loglevel=info",
          ],
        };
      case "flagger":
        // Blue/green on plain Deployments and ClusterIP Services (no mesh), every namespace watched. Its
        // HTTP server (/healthz, /metrics) listens on all interfaces: the flag takes a port only.
        return {
          command: path.join(this.bin.flagger!, "flagger"),
          args: [
            `-kubeconfig=${this.kubeconfigPath}`,
            "-mesh-provider=kubernetes",
            `-metrics-server=${this.prometheusUrl}`,
            `-port=${p.flagger}`,
            "-enable-leader-election=false",
            "-log-level=info",
            "-zap-encoding=console",
          ],
        };
    }
  }

  /** How long its start may take; the API server takes the longest. */
  startTimeoutMs(component: KubeComponent): number {
    return component === "kube-apiserver" ? 120_000 : 90_000;
  }

  /** What must exist before a controller's first start: its CRDs and the node its pods run on. */
  async beforeStart(component: KubeComponent): Promise<void> {
    if (component === "rollouts-controller") {
      await this.bootstrap(
        ["rollout", "experiment", "analysis-run", "analysis-template", "cluster-analysis-template"].map(
          (name) => path.join(this.sources.argo!, "manifests", "crds", `${name}-crd.yaml`),
        ),
      );
      await this.ensureNamespace("argo-rollouts");
    }
    if (component === "flagger")
      await this.bootstrap([path.join(this.sources.flagger!, "artifacts", "flagger", "crd.yaml")]);
  }

  /** The environment a component runs with. */
  env(component: KubeComponent): Record<string, string> {
    return component === "rollouts-controller" ? { POD_NAMESPACE: "argo-rollouts" } : {};
  }

  healthCheck(component: KubeComponent): () => Promise<boolean> {
    const p = this.ports;
    switch (component) {
      case "etcd":
        return async () => {
          try {
            const r = await fetch(`http://127.0.0.1:${p.etcdClient}/health`, {
              signal: AbortSignal.timeout(2_000),
            });
            return r.ok && ((await r.json()) as { health?: string }).health === "true";
          } catch {
            return false;
          }
        };
      case "kube-apiserver":
        return () => this.api.healthy();
      case "kube-controller-manager":
        return () => httpsHealthy(`https://127.0.0.1:${p.controllerManager}/healthz`);
      case "kube-scheduler":
        return () => httpsHealthy(`https://127.0.0.1:${p.scheduler}/healthz`);
      case "kwok":
        return () => httpHealthy(`http://127.0.0.1:${p.kwok}/healthz`);
      case "rollouts-controller":
        return () => httpHealthy(`http://127.0.0.1:${p.rolloutsHealth}/healthz`);
      case "flagger":
        return () => httpHealthy(`http://127.0.0.1:${p.flagger}/healthz`);
    }
  }

  url(component: KubeComponent): string {
    const p = this.ports;
    return {
      etcd: `http://127.0.0.1:${p.etcdClient}`,
      "kube-apiserver": this.server,
      "kube-controller-manager": `https://127.0.0.1:${p.controllerManager}`,
      "kube-scheduler": `https://127.0.0.1:${p.scheduler}`,
      kwok: `http://127.0.0.1:${p.kwok}`,
      "rollouts-controller": `http://127.0.0.1:${p.rolloutsHealth}`,
      flagger: `http://127.0.0.1:${p.flagger}`,
    }[component];
  }

  /**
   * The fake node (after kwok) and a controller's CRDs (before it starts), then waits for both; then the app's RBAC. Both
   * controllers may do it at once: server-side apply makes the node's second apply a no-op.
   */
  private async bootstrap(crds: string[]): Promise<void> {
    await this.api.apply(`/api/v1/nodes/${NODE_NAME}`, {
      apiVersion: "v1",
      kind: "Node",
      metadata: {
        name: NODE_NAME,
        annotations: { "kwok.x-k8s.io/node": "fake", "node.alpha.kubernetes.io/ttl": "0" },
        labels: {
          "kubernetes.io/hostname": NODE_NAME,
          "kubernetes.io/os": "linux",
          "kubernetes.io/arch": "amd64",
          type: "kwok",
        },
      },
    });
    // kubectl parses them: Flagger's CRD has multi-line quoted strings that only Go's YAML parser reads as
    // intended. Server-side, so that no 256 KiB last-applied annotation is written for these big objects.
    const result = spawnSync(
      path.join(this.bin.kubernetes!, "kubectl"),
      [
        "--kubeconfig",
        this.kubeconfigPath,
        "apply",
        "--server-side",
        "--force-conflicts",
        "-o",
        "name",
        ...crds.flatMap((f) => ["-f", f]),
      ],
      { encoding: "utf8" },
    );
    if (result.status !== 0) throw new Error(`kubectl apply of the CRDs failed: ${result.stderr.trim()}`);
    const names = result.stdout
      .trim()
      .split("\n")
      .map((line) => line.replace(/^customresourcedefinition\.apiextensions\.k8s\.io\//, ""));
    await waitUntil("the fake node to be Ready", async () => {
      const node = await this.api.get<{ status?: { conditions?: { type: string; status: string }[] } }>(
        `/api/v1/nodes/${NODE_NAME}`,
      );
      return node.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True");
    });
    for (const name of names) {
      await waitUntil(`CRD ${name} to be established`, async () => {
        const crd = await this.api.get<{ status?: { conditions?: { type: string; status: string }[] } }>(
          `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`,
        );
        return crd.status?.conditions?.some((c) => c.type === "Established" && c.status === "True");
      });
    }
    await grantAppAccess(path.join(this.bin.kubernetes!, "kubectl"), this.kubeconfigPath, this.api);
  }

  /** Creates the namespace if needed and waits for its default ServiceAccount (pods need it). */
  async ensureNamespace(name: string): Promise<void> {
    await this.api.apply(`/api/v1/namespaces/${name}`, {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name },
    });
    await waitUntil(`the default ServiceAccount of ${name}`, async () => {
      try {
        await this.api.get(`/api/v1/namespaces/${name}/serviceaccounts/default`);
        return true;
      } catch (error) {
        if (error instanceof KubeApiError && error.status === 404) return false;
        throw error;
      }
    });
  }

  /** A summary for the state file: how `stack` commands and tests reach the cluster. */
  describe() {
    return {
      server: this.server,
      kubeconfig: this.kubeconfigPath,
      appKubeconfig: this.appKubeconfigPath,
      ca: this.pki.ca,
      cert: this.pki.adminCert,
      key: this.pki.adminKey,
    };
  }

  static exists(dir: string) {
    return existsSync(path.join(dir, "admin.kubeconfig"));
  }
}

async function waitUntil(what: string, probe: () => Promise<boolean | undefined>, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      if (await probe()) return;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`timed out waiting for ${what}${last ? ` (${(last as Error).message})` : ""}`);
}
