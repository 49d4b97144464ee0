// Certificates of the local Kubernetes control plane, made with OpenSSL at every start (a throw-away
// cluster needs no stable identity): a CA, the API server's serving certificate for loopback, an admin
// client certificate in `system:masters` (the stack's tools and tests), the app's own client certificate
// (user `opsdeck`, group `opsdeck`, no rights but those RBAC grants it), and the service-account signing
// key pair.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

export type Pki = {
  dir: string;
  ca: string;
  apiserverCert: string;
  apiserverKey: string;
  adminCert: string;
  adminKey: string;
  appCert: string;
  appKey: string;
  saKey: string;
  saPub: string;
};

function openssl(dir: string, args: string[]) {
  const result = spawnSync("openssl", args, { cwd: dir, encoding: "utf8" });
  if (result.status !== 0)
    throw new Error(`openssl ${args[0]} failed: ${result.stderr || result.error?.message}`);
}

function sign(dir: string, name: string, subject: string, extensions: string[]) {
  openssl(dir, [
    "req",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-subj",
    subject,
    "-keyout",
    `${name}.key`,
    "-out",
    `${name}.csr`,
  ]);
  writeFileSync(path.join(dir, `${name}.ext`), `${extensions.join("\n")}\n`);
  openssl(dir, [
    "x509",
    "-req",
    "-in",
    `${name}.csr`,
    "-CA",
    "ca.crt",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-days",
    "3650",
    "-extfile",
    `${name}.ext`,
    "-out",
    `${name}.crt`,
  ]);
}

export function createPki(dir: string): Pki {
  mkdirSync(dir, { recursive: true });
  openssl(dir, [
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-days",
    "3650",
    "-subj",
    "/CN=opsdeck-stack-ca",
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
    "-keyout",
    "ca.key",
    "-out",
    "ca.crt",
  ]);
  sign(dir, "apiserver", "/CN=kube-apiserver", [
    "subjectAltName=IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local",
    "extendedKeyUsage=serverAuth",
    "keyUsage=critical,digitalSignature,keyEncipherment",
  ]);
  sign(dir, "admin", "/O=system:masters/CN=opsdeck-stack-admin", [
    "extendedKeyUsage=clientAuth",
    "keyUsage=critical,digitalSignature,keyEncipherment",
  ]);
  sign(dir, "opsdeck", "/O=opsdeck/CN=opsdeck", [
    "extendedKeyUsage=clientAuth",
    "keyUsage=critical,digitalSignature,keyEncipherment",
  ]);
  openssl(dir, ["genrsa", "-out", "sa.key", "2048"]);
  openssl(dir, ["rsa", "-in", "sa.key", "-pubout", "-out", "sa.pub"]);
  const file = (name: string) => path.join(dir, name);
  return {
    dir,
    ca: file("ca.crt"),
    apiserverCert: file("apiserver.crt"),
    apiserverKey: file("apiserver.key"),
    adminCert: file("admin.crt"),
    adminKey: file("admin.key"),
    appCert: file("opsdeck.crt"),
    appKey: file("opsdeck.key"),
    saKey: file("sa.key"),
    saPub: file("sa.pub"),
  };
}

function kubeconfigFor(
  pki: Pki,
  server: string,
  user: { name: string; cert: string; key: string },
  context: string,
): string {
  return JSON.stringify(
    {
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name: "opsdeck-stack", cluster: { server, "certificate-authority": pki.ca } }],
      users: [{ name: user.name, user: { "client-certificate": user.cert, "client-key": user.key } }],
      contexts: [
        { name: context, context: { cluster: "opsdeck-stack", user: user.name, namespace: "default" } },
      ],
      "current-context": context,
    },
    null,
    2,
  );
}

/** An admin kubeconfig for the cluster (client certificate; absolute paths). */
export function kubeconfig(pki: Pki, server: string): string {
  return kubeconfigFor(
    pki,
    server,
    { name: "admin", cert: pki.adminCert, key: pki.adminKey },
    "opsdeck-stack",
  );
}

/** The app's kubeconfig: user `opsdeck`, context `local` (the cluster's name in Opsdeck). */
export function appKubeconfig(pki: Pki, server: string): string {
  return kubeconfigFor(pki, server, { name: "opsdeck", cert: pki.appCert, key: pki.appKey }, "local");
}
