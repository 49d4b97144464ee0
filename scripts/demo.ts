// npm run demo: the real upstream stack with the demo fleet, and Opsdeck on an embedded PostgreSQL with a
// user of every role. Ctrl-C stops everything it started.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import path from "node:path";
import { Stack } from "../stack/stack";
import { FLAGGER_DEMO_NAMESPACE, FLAGGER_DEMO_SERVICE } from "../stack/kubernetes/demo-flagger";
import { objectPath, setImageTag } from "../stack/kubernetes/demo-rollouts";
import { printStatus } from "../stack/cli-format";

const ROOT = path.resolve(import.meta.dirname, "..");
const PORT = Number(process.env.PORT ?? 3000);
const APP_URL = `http://localhost:${PORT}`;
// Under OPSDECK_DATA_DIR when it is set, as everything Opsdeck keeps; in folders of their own there,
// since the demo starts afresh each time and removes its own.
const DATA_ROOT = path.resolve(ROOT, process.env.OPSDECK_DATA_DIR ?? ".data");
const DATA_DIR = path.join(DATA_ROOT, "demo");
const STACK_DIR = path.join(DATA_ROOT, "stack");
const ROLES = ["viewer", "responder", "operator", "admin"] as const;
const say = (line: string) => process.stderr.write(`demo: ${line}\n`);

let stack: Stack | undefined;
let app: ChildProcess | undefined;
let stopping = false;

async function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  say("stopping everything");
  if (app && app.exitCode === null) {
    const exited = new Promise((r) => app!.once("exit", r));
    app.kill("SIGTERM");
    await exited;
  }
  await stack?.stop();
  process.exit(code);
}
process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));

function run(args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(ROOT, "node_modules", ".bin", "tsx"), args, {
      cwd: ROOT,
      env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c));
    child.stderr.on("data", (c: Buffer) => (output += c));
    child.stdin.end(input ?? "");
    child.on("exit", (code) => (code === 0 ? resolve(output) : reject(new Error(output))));
  });
}

async function waitReady(url: string, child: ChildProcess) {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error("Opsdeck exited while starting; see the output above.");
    try {
      if ((await fetch(`${url}/api/readyz`)).ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("Opsdeck did not become ready within 5 minutes.");
}

async function main() {
  const webhookToken = randomBytes(24).toString("base64url");
  // In the path of the demo canary's gate webhooks, so Flagger waits for an operator in Opsdeck.
  const flaggerWebhookToken = randomBytes(24).toString("base64url");
  say("starting the stack: Prometheus, Alertmanager, Jaeger and the demo fleet");
  stack = await Stack.start({
    dir: STACK_DIR,
    appUrl: APP_URL,
    webhookToken,
    flaggerWebhookToken,
    // Kubernetes and Argo Rollouts are built from Go modules on first use (about ten minutes, once).
    kubernetes: true,
    // The demo runs with whatever could be started; the status table says what is missing and why.
    required: [
      "prometheus",
      "webhook-sink",
      "loadgen",
      "fleet/web",
      "fleet/checkout",
      "fleet/payments",
      "fleet/inventory",
      "fleet/recommendations",
    ],
    log: (line) => say(line),
  });
  printStatus(await stack.status());

  rmSync(DATA_DIR, { recursive: true, force: true });
  // The app gets the stack's cluster with its own non-admin credentials (deploy/kubernetes/rbac.yaml),
  // never a kubeconfig of the shell.
  const { KUBECONFIG: _shellKubeconfig, ...shell } = process.env;
  const env = {
    ...shell,
    PORT: String(PORT),
    OPSDECK_DATA_DIR: DATA_DIR,
    EMBEDDED_PG_PORT: process.env.EMBEDDED_PG_PORT ?? "54339",
    NEXTAUTH_URL: APP_URL,
    PROMETHEUS_URL: stack.urls.prometheus,
    ALERTMANAGER_URL: stack.urls.alertmanager,
    JAEGER_URL: stack.urls.jaeger,
    JAEGER_GRPC_ADDRESS: stack.urls.jaegerGrpc,
    ALERTMANAGER_WEBHOOK_TOKEN: webhookToken,
    FLAGGER_WEBHOOK_TOKEN: flaggerWebhookToken,
    ...(stack.kube && !stack.failures.has("rollouts-controller")
      ? { KUBECONFIG: stack.kube.appKubeconfigPath }
      : {}),
  };
  // The users and runbooks first (each command starts the embedded PostgreSQL for itself), so that
  // Opsdeck starts with them and does not say there are no users yet.
  const users: string[] = [];
  for (const role of ROLES) {
    const email = `${role}@demo.opsdeck`;
    const password = `${role}-${randomBytes(6).toString("base64url")}`;
    await run(
      [
        "scripts/opsdeck.ts",
        "user:create",
        "--email",
        email,
        "--role",
        role,
        "--name",
        `Demo ${role}`,
        "--password-stdin",
      ],
      env,
      password,
    );
    users.push(`  ${role.padEnd(10)} ${email.padEnd(24)} ${password}`);
  }

  // Runbooks for the fleet's alerts, kept as Markdown in the repository.
  await run(["scripts/opsdeck.ts", "runbook:import", path.join(ROOT, "stack", "runbooks")], env);

  say("starting Opsdeck with an embedded PostgreSQL");
  app = spawn(path.join(ROOT, "node_modules", ".bin", "tsx"), ["scripts/opsdeck.ts", "start"], {
    cwd: ROOT,
    env,
    stdio: "inherit",
  });
  app.on("exit", (code) => !stopping && void stopAll(code ?? 1));
  await waitReady(APP_URL, app);

  const flaggerWaiting = stack.kube && !stack.failures.has("flagger") ? await startFlaggerRevision() : false;
  const checkoutWaiting =
    stack.kube && !stack.failures.has("rollouts-controller") ? await startCheckoutRevision() : false;

  console.log(`
Opsdeck demo is running at ${APP_URL}

Sign in as:
${users.join("\n")}

Upstreams:
  Prometheus    ${stack.urls.prometheus}
  Alertmanager  ${stack.urls.alertmanager}
  Jaeger API    ${stack.urls.jaeger}/api/v3/services
${
  stack.kube && !stack.failures.has("rollouts-controller")
    ? `  Kubernetes    ${stack.kube.server}   (kubeconfig: ${stack.kube.kubeconfigPath})
                demo rollouts in namespace "demo": checkout (canary with analysis), web (blue-green), …`
    : "  Kubernetes    not running (see the status table above)"
}

${
  checkoutWaiting
    ? `Argo Rollouts: checkout v2 (namespace demo) waits for promotion at its 25% pause on top of Deployments;
  sign in as operator, open it, look at its analysis and canary-vs-stable metrics, and promote it.
`
    : ""
}${
    flaggerWaiting
      ? `Flagger: a new revision of ${FLAGGER_DEMO_SERVICE} (namespace ${FLAGGER_DEMO_NAMESPACE}) waits for promotion under
  Deployments within a minute; sign in as operator, open it and open its confirm-promotion gate.
`
      : ""
  }
Break something:
  npm run stack -- fault payments --error-rate 0.5     (HighErrorRatio fires in about a minute)
  npm run stack -- fault recommendations --latency-ms 800
  npm run stack -- crash inventory                      (TargetDown)
  npm run stack -- fault payments --clear
  npm run stack -- rollout checkout v2                  (a new canary revision; pauses at 25%)

Ctrl-C stops everything.`);
}

/** A new revision of the demo checkout canary, which pauses for a person at 25% (the issue's demo flow). */
async function startCheckoutRevision(): Promise<boolean> {
  try {
    await setImageTag(stack!.kube!.api, "demo", "checkout", "v2");
    return true;
  } catch (error) {
    say(`could not start a new checkout revision: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}

/**
 * A new revision of the demo Flagger canary, once Flagger has initialised it, so that it waits at its
 * confirm-promotion gate (which calls Opsdeck) for an operator. False when Flagger did not get there.
 */
async function startFlaggerRevision(): Promise<boolean> {
  const api = stack!.kube!.api;
  for (let i = 0; i < 120; i++) {
    const canary = await api
      .get<{ status?: { phase?: string } }>(
        objectPath("Canary", FLAGGER_DEMO_NAMESPACE, FLAGGER_DEMO_SERVICE),
      )
      .catch(() => null);
    if (canary?.status?.phase === "Initialized" || canary?.status?.phase === "Succeeded") {
      await setImageTag(api, FLAGGER_DEMO_NAMESPACE, FLAGGER_DEMO_SERVICE, "v2", "Deployment");
      return true;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  say(
    `Flagger did not initialise the ${FLAGGER_DEMO_SERVICE} canary within 2 minutes; no new revision started`,
  );
  return false;
}

main().catch((error: unknown) => {
  say(error instanceof Error ? error.message : String(error));
  void stopAll(1);
});
