// Starts two real app instances (see instances.ts) from the production build, with users of every role
// created through the CLI, and stops everything at the end.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { launchApp, ROOT, stopApp, TSX, waitForStatus } from "./app-process";
import { APP_ROLE } from "@/lib/db/roles";
import {
  APP_A,
  APP_B,
  AUDIT_CHAIN_KEY,
  EMBEDDED_PG_PORT,
  PASSWORD,
  ROLE_USERS,
  STATE_DIR,
  WEBHOOK_TOKEN,
  FLAGGER_WEBHOOK_TOKEN,
} from "./instances";
import { IDP_CLIENT, IDP_ISSUER, startIdentityProvider } from "./oidc-idp";
import { Stack } from "@/stack/stack";

/** Both instances offer SSO through the test identity provider. */
const SSO = {
  OIDC_ISSUER: IDP_ISSUER,
  OIDC_CLIENT_ID: IDP_CLIENT.id,
  OIDC_CLIENT_SECRET: IDP_CLIENT.secret,
  OIDC_DISPLAY_NAME: "Test IdP",
  OIDC_ROLE_CLAIM: "groups",
  OIDC_ROLE_MAP: "sre=operator,oncall=responder",
  OIDC_DEFAULT_ROLE: "none",
};

export default async function globalSetup() {
  rmSync(STATE_DIR, { recursive: true, force: true });
  mkdirSync(STATE_DIR, { recursive: true });
  const dataA = mkdtempSync(path.join(tmpdir(), "opsdeck-e2e-a-"));
  const dataB = mkdtempSync(path.join(tmpdir(), "opsdeck-e2e-b-"));

  const stopIdp = await startIdentityProvider();
  // The real upstream stack; Prometheus scrapes instance A and Alertmanager notifies it.
  const stackDir = mkdtempSync(path.join(tmpdir(), "opsdeck-e2e-stack-"));
  const stack = await Stack.start({
    dir: stackDir,
    appUrl: APP_A.url,
    webhookToken: WEBHOOK_TOKEN,
    // The demo canary's gates call instance A's Flagger webhooks (either instance answers the same).
    flaggerWebhookToken: FLAGGER_WEBHOOK_TOKEN,
    // The Kubernetes control plane with Argo Rollouts and its demo rollouts, for Deployments.
    kubernetes: true,
    log: (line) => process.env.E2E_VERBOSE && console.log(`[stack] ${line}`),
    // A component dying mid-run explains a cascade of failing tests: always say so.
    warn: (line) => console.error(`[stack] ${line}`),
  });
  const UPSTREAMS = {
    PROMETHEUS_URL: stack.urls.prometheus,
    ALERTMANAGER_URL: stack.urls.alertmanager,
    JAEGER_URL: stack.urls.jaeger,
    // Alertmanager opens incidents on A; both instances notify the stack's sink of incident changes.
    ALERTMANAGER_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
    FLAGGER_WEBHOOK_TOKEN,
    INCIDENT_WEBHOOKS: JSON.stringify([{ url: `${stack.urls.sink}/incidents`, format: "json" }]),
    // The specs fault services of one connected fleet at the same time, each as its own story (alerts:
    // payments, incidents: inventory). Grouped, they are one cause: an incident another spec commands
    // would take (and acknowledge) this spec's alerts. Grouping is proven by its stack test instead.
    INCIDENT_GROUPING_WINDOW_MINUTES: "0",
    // Both instances watch the stack's cluster with the app's own least-privilege account
    // (deploy/kubernetes/rbac.yaml), never the admin certificate.
    KUBECONFIG: stack.kube!.appKubeconfigPath,
    // Namespaces the deployments specs make to act as production (abort and undo need the name typed).
    DEPLOYMENTS_PRODUCTION_NAMESPACES: "e2e-prod-*",
  };
  process.env.E2E_STACK_URLS = JSON.stringify(stack.urls);
  // The cluster with its admin certificate, for the specs' own changes (e2e/support/kubernetes.ts).
  process.env.E2E_KUBERNETES = JSON.stringify(stack.kube!.describe());
  const a = launchApp("A", {
    ...SSO,
    ...UPSTREAMS,
    // A opens traces over Jaeger's gRPC query API, B over /api/v3: the traces specs compare the two.
    JAEGER_GRPC_ADDRESS: stack.urls.jaegerGrpc,
    OPSDECK_DATA_DIR: dataA,
    EMBEDDED_PG_PORT: String(EMBEDDED_PG_PORT),
    PORT: String(APP_A.port),
    NEXTAUTH_URL: APP_A.url,
  });
  const children = [a];
  const teardown = async () => {
    await Promise.all(children.map(stopApp));
    await stopIdp();
    await stack.stop();
    rmSync(stackDir, { recursive: true, force: true });
    rmSync(dataA, { recursive: true, force: true });
    rmSync(dataB, { recursive: true, force: true });
  };
  try {
    await waitForStatus(`${APP_A.url}/api/readyz`, 200, a);
    const { password, appPassword, port } = JSON.parse(
      readFileSync(path.join(dataA, "postgres.json"), "utf8"),
    ) as { password: string; appPassword: string; port: number };
    // B and the CLI connect as the app's role and migrate as the superuser, as a production setup would.
    const databaseUrl = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/opsdeck`;
    const databases = {
      DATABASE_URL: `postgresql://${APP_ROLE}:${encodeURIComponent(appPassword)}@127.0.0.1:${port}/opsdeck`,
      DATABASE_MIGRATION_URL: databaseUrl,
    };

    for (const [role, email] of Object.entries(ROLE_USERS)) {
      const result = spawnSync(
        TSX,
        [
          "scripts/opsdeck.ts",
          "user:create",
          "--email",
          email,
          "--role",
          role,
          "--name",
          `E2E ${role}`,
          "--password-stdin",
        ],
        {
          cwd: ROOT,
          env: { ...process.env, ...databases, AUDIT_CHAIN_KEY },
          input: PASSWORD,
          encoding: "utf8",
        },
      );
      if (result.status !== 0) throw new Error(`user:create ${email} failed: ${result.stderr}`);
    }

    const b = launchApp("B", {
      ...SSO,
      ...UPSTREAMS,
      ...databases,
      OPSDECK_DATA_DIR: dataB,
      PORT: String(APP_B.port),
      NEXTAUTH_URL: APP_B.url,
    });
    children.push(b);
    await waitForStatus(`${APP_B.url}/api/readyz`, 200, b);
    process.env.E2E_DATABASE_URL = databaseUrl;
    process.env.E2E_DATA_DIR_B = dataB;
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
