// npm run stack -- <command>
//   up [--app-url URL] [--kubernetes]   start the stack in the foreground; Ctrl-C stops all of it
//   status                       what runs, what failed and why (from another terminal)
//   down                         stop a stack started by `up` elsewhere
//   fault <service> [--error-rate 0.5] [--latency-ms 300] [--clear] [--canary | --stable]
//   crash <service>
//   rollout <service> <image tag> [--flagger]   start a new revision of the service's demo Rollout, or with
//                                 --flagger of the demo Flagger canary's Deployment (with --kubernetes)
//   gate <open|close> <gate>      open or close a gate of the demo Flagger canary at the stack's webhook
//                                 sink (when the stack runs without Opsdeck)
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { NO_FAULTS, type Faults, type FaultsUpdate } from "./fleet/faults";
import { FLEET_SERVICES, type FleetService } from "./fleet/topology";
import { processMatches } from "./processes";
import { printStatus } from "./cli-format";
import { KubeApi } from "./kubernetes/api";
import { FLAGGER_DEMO_NAMESPACE, FLAGGER_DEMO_SERVICE } from "./kubernetes/demo-flagger";
import { DEMO_NAMESPACE, objectPath, setImageTag } from "./kubernetes/demo-rollouts";
import { FLAGGER_GATES, isFlaggerGate } from "./flagger-gates";
import { Stack, StackError } from "./stack";

const DIR = path.resolve(process.env.STACK_DIR ?? path.join(import.meta.dirname, "..", ".data", "stack"));
const say = (line: string): void => void process.stderr.write(`stack: ${line}\n`);

type State = {
  owner: number;
  urls: Stack["urls"];
  kubernetes: { server: string; kubeconfig: string; ca: string; cert: string; key: string } | null;
  components: Record<string, { pid?: number; running: boolean; marker: string }>;
};

function readState(): State | null {
  const file = path.join(DIR, "state.json");
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as State) : null;
}

async function up(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: { "app-url": { type: "string" }, rps: { type: "string" }, kubernetes: { type: "boolean" } },
  });
  let stack: Stack;
  try {
    stack = await Stack.start({
      dir: DIR,
      appUrl: values["app-url"],
      loadRps: values.rps ? Number(values.rps) : undefined,
      kubernetes: values.kubernetes,
      required: [
        "prometheus",
        "alertmanager",
        "webhook-sink",
        "loadgen",
        ...FLEET_SERVICES.map((s) => `fleet/${s}` as const),
      ],
      log: say,
    });
  } catch (error) {
    say(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
  printStatus(await stack.status());
  say("running; Ctrl-C stops everything");
  const stop = async () => {
    say("stopping");
    await stack.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
  setInterval(() => undefined, 1 << 30);
}

async function status() {
  const state = readState();
  if (!state) {
    say(`no stack is running from ${DIR}`);
    process.exit(3);
  }
  const ownerAlive = processMatches(state.owner, "");
  for (const [name, c] of Object.entries(state.components)) {
    const alive = c.pid !== undefined && processMatches(c.pid, "");
    console.log(`${alive ? "✓" : "✗"} ${name.padEnd(22)} ${alive ? "running" : "not running"} ${c.marker}`);
  }
  if (!ownerAlive)
    say(`the process that started it (pid ${state.owner}) is gone; \`npm run stack -- down\` cleans up`);
}

async function down() {
  const state = readState();
  if (!state) {
    say("nothing to stop");
    return;
  }
  if (processMatches(state.owner, "")) {
    process.kill(state.owner, "SIGTERM");
    for (let i = 0; i < 100 && processMatches(state.owner, ""); i++)
      await new Promise((r) => setTimeout(r, 100));
  }
  const reaped = Stack.reapPrevious(DIR);
  say(reaped.length ? `stopped leftovers: ${reaped.join(", ")}` : "stopped");
}

async function fault(argv: string[], crash = false) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      "error-rate": { type: "string" },
      "latency-ms": { type: "string" },
      clear: { type: "boolean" },
      canary: { type: "boolean" },
      stable: { type: "boolean" },
    },
  });
  const service = positionals[0] as FleetService;
  if (!FLEET_SERVICES.includes(service)) throw new StackError(`name a service: ${FLEET_SERVICES.join(", ")}`);
  const state = readState();
  if (!state)
    throw new StackError("no stack is running; start it with npm run stack -- up (or npm run demo)");
  const base = state.urls.fleet[service];
  if (crash) {
    await fetch(`${base}/admin/crash`, { method: "POST" });
    say(`${service} crashed`);
    return;
  }
  if (values.canary && values.stable)
    throw new StackError("--canary and --stable exclude each other; give neither for both revisions");
  const knobs: Partial<Faults> = values.clear
    ? NO_FAULTS
    : {
        ...(values["error-rate"] && { errorRate: Number(values["error-rate"]) }),
        ...(values["latency-ms"] && { latencyMs: Number(values["latency-ms"]) }),
      };
  const body: FaultsUpdate = {
    ...knobs,
    revision: values.canary ? "canary" : values.stable ? "stable" : "all",
  };
  const response = await fetch(`${base}/admin/faults`, {
    method: "PUT",
    body: JSON.stringify(body),
    headers: { "content-type": "application/json" },
  });
  if (!response.ok) throw new StackError(`${service} refused the faults: ${await response.text()}`);
  say(`${service}: ${await response.text()}`);
}

async function rollout(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { flagger: { type: "boolean" } },
  });
  const [service, tag] = positionals;
  if (!service || !tag)
    throw new StackError("usage: npm run stack -- rollout <service> <image tag> [--flagger]");
  if (values.flagger && service !== FLAGGER_DEMO_SERVICE)
    throw new StackError(`--flagger: the demo Flagger canary is ${FLAGGER_DEMO_SERVICE}, not ${service}`);
  const kube = readState()?.kubernetes;
  if (!kube)
    throw new StackError(
      "no stack with Kubernetes is running; start one with npm run stack -- up --kubernetes",
    );
  const api = new KubeApi(kube.server, { ca: kube.ca, adminCert: kube.cert, adminKey: kube.key });
  try {
    if (values.flagger) {
      // A change before Flagger has made the primary becomes the primary's first version, not a revision.
      const canary = await api.get<{ status?: { phase?: string } }>(
        objectPath("Canary", FLAGGER_DEMO_NAMESPACE, service),
      );
      const phase = canary.status?.phase || "Initializing";
      if (phase === "Initializing")
        throw new StackError(
          `Flagger is still initialising the ${service} canary; try again in a few seconds (a new image now would become its first version, not a new revision)`,
        );
      await setImageTag(api, FLAGGER_DEMO_NAMESPACE, service, tag, "Deployment");
    } else await setImageTag(api, DEMO_NAMESPACE, service, tag);
    say(
      `${service}: new revision with image tag ${tag}; ${values.flagger ? "Flagger" : "the controller"} takes it from here`,
    );
  } finally {
    api.close();
  }
}

async function gate(argv: string[]) {
  const [action, name] = argv;
  if ((action !== "open" && action !== "close") || !name || !isFlaggerGate(name))
    throw new StackError(`usage: npm run stack -- gate <open|close> <${FLAGGER_GATES.join("|")}>`);
  const state = readState();
  if (!state) throw new StackError("no stack is running; start it with npm run stack -- up --kubernetes");
  const response = await fetch(
    `${state.urls.sink}/flagger/gates/${FLAGGER_DEMO_NAMESPACE}/${FLAGGER_DEMO_SERVICE}/${name}`,
    { method: action === "open" ? "PUT" : "DELETE" },
  );
  if (!response.ok) throw new StackError(`the webhook sink refused: ${await response.text()}`);
  say(
    `${FLAGGER_DEMO_SERVICE}'s ${name} gate ${action === "open" ? "open for the revision that calls it next" : "closed"} (a stack given Opsdeck's URL and a Flagger webhook token asks Opsdeck instead)`,
  );
}

const [command, ...rest] = process.argv.slice(2);
const commands: Record<string, () => Promise<void>> = {
  up: () => up(rest),
  status,
  down,
  fault: () => fault(rest),
  crash: () => fault(rest, true),
  rollout: () => rollout(rest),
  gate: () => gate(rest),
};
if (!command || !commands[command]) {
  say(`use one of: ${Object.keys(commands).join(", ")}`);
  process.exit(2);
}
commands[command]!().catch((error: unknown) => {
  say(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
