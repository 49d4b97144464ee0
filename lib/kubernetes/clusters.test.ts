import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ConfigError, parseEnv } from "@/lib/config/env";
import { loadKubeAccess, SERVICE_ACCOUNT_DIR } from "./clusters";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "opsdeck-kubeconfig-"));
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

/** A kubeconfig with three contexts on two clusters; YAML as kubectl writes it. */
function kubeconfig(currentContext = "staging") {
  const file = path.join(dir, "config");
  writeFileSync(
    file,
    `apiVersion: v1
kind: Config
clusters:
- name: eu
  cluster: { server: "https://eu.example.com:6443", certificate-authority-data: "" }
- name: us
  cluster: { server: "https://us.example.com" }
users:
- name: ops
  user: { token: abc }
contexts:
- name: staging
  context: { cluster: eu, user: ops }
- name: prod-eu
  context: { cluster: eu, user: ops, namespace: shop }
- name: prod-us
  context: { cluster: us, user: ops }
${currentContext ? `current-context: ${currentContext}` : ""}
`,
  );
  return file;
}

const load = (vars: Record<string, string>, root?: string) =>
  loadKubeAccess(parseEnv(vars), { serviceAccountRoot: root ?? path.join(dir, "no-pod") });

const clusters = (vars: Record<string, string>) =>
  load(vars)!.clusters.map((c) => [c.name, c.kubeConfig.getCurrentCluster()!.server]);

describe("loadKubeAccess from a kubeconfig", () => {
  it("uses the current context only when KUBE_CONTEXTS is unset", () => {
    expect(clusters({ KUBECONFIG: kubeconfig() })).toEqual([["staging", "https://eu.example.com:6443"]]);
  });

  it("uses the listed contexts, each a cluster named after its context", () => {
    expect(clusters({ KUBECONFIG: kubeconfig(), KUBE_CONTEXTS: "prod-us, prod-eu" })).toEqual([
      ["prod-us", "https://us.example.com"],
      ["prod-eu", "https://eu.example.com:6443"],
    ]);
  });

  it("uses every context with *", () => {
    expect(clusters({ KUBECONFIG: kubeconfig(), KUBE_CONTEXTS: "*" }).map(([name]) => name)).toEqual([
      "staging",
      "prod-eu",
      "prod-us",
    ]);
  });

  it("names each unknown context on a line of its own, with the ones that exist", () => {
    try {
      load({ KUBECONFIG: kubeconfig(), KUBE_CONTEXTS: "prod-eu,prod-ap,dev" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([
        `KUBE_CONTEXTS names "prod-ap", which ${dir}/config does not have (it has: staging, prod-eu, prod-us)`,
        `KUBE_CONTEXTS names "dev", which ${dir}/config does not have (it has: staging, prod-eu, prod-us)`,
      ]);
    }
  });

  it("asks for KUBE_CONTEXTS when the kubeconfig has no current context", () => {
    expect(() => load({ KUBECONFIG: kubeconfig("") })).toThrow(/has no current context; set KUBE_CONTEXTS/);
  });

  it("says when the file cannot be read", () => {
    expect(() => load({ KUBECONFIG: path.join(dir, "missing") })).toThrow(
      /^Invalid configuration:\n {2}- KUBECONFIG .*missing cannot be read: ENOENT/,
    );
  });

  it("carries the namespaces to watch, impersonation and the timeout", () => {
    const access = load({
      KUBECONFIG: kubeconfig(),
      KUBE_NAMESPACES: "shop, payments",
      KUBE_IMPERSONATE: "true",
      KUBE_TIMEOUT_MS: "5000",
    })!;
    expect([access.namespaces, access.impersonate, access.timeoutMs]).toEqual([
      ["shop", "payments"],
      true,
      5000,
    ]);
    expect(load({ KUBECONFIG: kubeconfig() })!.namespaces).toBeNull();
  });
});

describe("loadKubeAccess inside a cluster", () => {
  function serviceAccount() {
    const mount = path.join(dir, "pod");
    mkdirSync(path.join(mount, SERVICE_ACCOUNT_DIR), { recursive: true });
    writeFileSync(path.join(mount, SERVICE_ACCOUNT_DIR, "token"), "sa-token");
    writeFileSync(path.join(mount, SERVICE_ACCOUNT_DIR, "ca.crt"), "");
    return mount;
  }

  it("is not configured without KUBECONFIG and outside a pod", () => {
    expect(load({})).toBeNull();
  });

  it("uses the service account when its token is mounted, as cluster KUBE_CLUSTER_NAME", () => {
    vi.stubEnv("KUBERNETES_SERVICE_HOST", "10.96.0.1");
    vi.stubEnv("KUBERNETES_SERVICE_PORT", "443");
    const access = load({ KUBE_CLUSTER_NAME: "prod-eu" }, serviceAccount())!;
    expect(access.clusters.map((c) => [c.name, c.kubeConfig.getCurrentCluster()!.server])).toEqual([
      ["prod-eu", "https://10.96.0.1:443"],
    ]);
    expect(load({}, serviceAccount())!.clusters[0]!.name).toBe("in-cluster");
  });

  it("can be turned off in a pod, and forced on where the token is not found", () => {
    vi.stubEnv("KUBERNETES_SERVICE_HOST", "10.96.0.1");
    vi.stubEnv("KUBERNETES_SERVICE_PORT", "443");
    expect(load({ KUBE_IN_CLUSTER: "false" }, serviceAccount())).toBeNull();
    expect(() => load({ KUBE_IN_CLUSTER: "true" })).toThrow(/service-account token .* cannot be read/);
  });

  it("needs the service host that Kubernetes sets in a pod", () => {
    vi.stubEnv("KUBERNETES_SERVICE_HOST", "");
    expect(() => load({ KUBE_IN_CLUSTER: "true" }, serviceAccount())).toThrow(
      /KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set/,
    );
  });
});

describe("the KUBE_* variables", () => {
  it("report one line per bad value", () => {
    try {
      parseEnv({
        KUBECONFIG: "/a:/b",
        KUBE_NAMESPACES: "shop,Payments_EU",
        KUBE_IN_CLUSTER: "yes",
        KUBE_CLUSTER_NAME: "prod eu",
        KUBE_TIMEOUT_MS: "0",
      });
      expect.unreachable();
    } catch (error) {
      const problems = (error as ConfigError).problems;
      expect(problems).toEqual([
        "KUBECONFIG must be one kubeconfig file; merge several with `kubectl config view --flatten > merged`",
        expect.stringMatching(/^KUBE_IN_CLUSTER /),
        expect.stringMatching(/^KUBE_CLUSTER_NAME must be a short name/),
        `KUBE_NAMESPACES "Payments_EU" is not a namespace name (lowercase letters, digits, '-')`,
        expect.stringMatching(/^KUBE_TIMEOUT_MS /),
      ]);
    }
  });

  it("refuse contradictions and empty lists", () => {
    expect(() => parseEnv({ KUBECONFIG: "/k", KUBE_IN_CLUSTER: "true" })).toThrow(
      /KUBE_IN_CLUSTER is true while KUBECONFIG is set/,
    );
    expect(() => parseEnv({ KUBE_CONTEXTS: "a" })).toThrow(/KUBE_CONTEXTS needs KUBECONFIG/);
    expect(() => parseEnv({ KUBE_NAMESPACES: " , " })).toThrow(/KUBE_NAMESPACES lists nothing/);
  });

  it("default to no impersonation, a 10 s timeout and cluster name in-cluster", () => {
    const env = parseEnv({});
    expect([env.KUBE_IMPERSONATE, env.KUBE_TIMEOUT_MS, env.KUBE_CLUSTER_NAME]).toEqual([
      false,
      10_000,
      "in-cluster",
    ]);
  });
});
