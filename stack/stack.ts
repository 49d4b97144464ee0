// The local stack of real upstream servers the tests and the demo run against: Prometheus,
// Alertmanager and Jaeger v2, a webhook sink, the instrumented demo fleet with its load generator and,
// on request, a Kubernetes control plane with the Argo Rollouts and Flagger controllers (stack/kubernetes/)
// and the revision sync, which has the fleet serve as the demo Rollouts' revisions (fleet/revision-sync.ts).
// `Stack.start` installs what is missing, picks free loopback ports, writes the configs, starts every
// component, waits until each answers, and reports which are up, which failed, and why.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo, type Server } from "node:net";
import path from "node:path";
import { alertmanagerConfig, jaegerConfig, prometheusConfig, type StackPorts } from "./config";
import type { FaultsByRevision, FaultsUpdate } from "./fleet/faults";
import { downstreams, FLEET_SERVICES, type FleetService } from "./fleet/topology";
import { BuildError } from "./go-builds";
import { ensureDebianPackages, ensureJaeger, InstallError } from "./install";
import {
  ControlPlane,
  KUBE_COMPONENTS,
  type KubeComponent,
  type KubePorts,
} from "./kubernetes/control-plane";
import { applyDemoCanary, demoGateUrls } from "./kubernetes/demo-flagger";
import { applyDemoRollouts, DEMO_NAMESPACE } from "./kubernetes/demo-rollouts";
import { describeExit, ManagedProcess, processMatches } from "./processes";
import { startInOrder, startOrder, type Dependencies, type DependencyTable } from "./start-order";

const ROOT = path.resolve(import.meta.dirname, "..");
const TSX_LOADER = path.join(ROOT, "node_modules", "tsx", "dist", "loader.mjs");

type StackComponent =
  "prometheus" | "alertmanager" | "jaeger" | "webhook-sink" | "loadgen" | `fleet/${FleetService}`;
export type ComponentName = StackComponent | KubeComponent | "revision-sync";

const fleet = (service: FleetService) => `fleet/${service}` as const;

/** How to run one of the stack's TypeScript programs (`script` relative to this folder). */
const node = (script: string, env: Record<string, string>) => ({
  command: process.execPath,
  args: ["--import", TSX_LOADER, path.join(import.meta.dirname, script)],
  env: { ...process.env, ...env },
});

/**
 * What each of the stack's own components waits for before it starts (see start-order.ts); their start
 * and stop order follow from it. Each works without the others, so all wait with `after`; the control
 * plane's components, which do need each other, are declared in kubernetes/control-plane.ts.
 */
const STACK_COMPONENTS: Readonly<Record<StackComponent, Dependencies<StackComponent>>> = {
  "webhook-sink": {},
  jaeger: {},
  alertmanager: {},
  ...fleetComponents(),
  loadgen: { after: ["fleet/web"] },
  // After what it scrapes and where it sends alerts, so that its first scrapes and alerts find them.
  prometheus: { after: ["alertmanager", ...FLEET_SERVICES.map(fleet)] },
};

/**
 * Each demo service after those it calls, so that none is called before it listens, and after Jaeger,
 * which receives its spans.
 */
function fleetComponents() {
  const table = {} as Record<`fleet/${FleetService}`, Dependencies<StackComponent>>;
  for (const service of FLEET_SERVICES)
    table[fleet(service)] = { after: ["jaeger", ...downstreams(service).map(fleet)] };
  return table;
}

/** The components of a stack, with or without the Kubernetes control plane, and what each waits for. */
export function stackComponents({ kubernetes }: { kubernetes: boolean }): DependencyTable<ComponentName> {
  if (!kubernetes) return STACK_COMPONENTS;
  return {
    ...STACK_COMPONENTS,
    ...KUBE_COMPONENTS,
    // The control plane starts once the rest has: what every user of the stack needs (the e2e tests run
    // without Kubernetes) comes first, and the API server's heavy start does not compete with it.
    etcd: { ...KUBE_COMPONENTS.etcd, after: Object.keys(STACK_COMPONENTS) as StackComponent[] },
    // Follows the demo Rollouts through the API server and sets the revisions the fleet serves.
    "revision-sync": {
      needs: ["kube-apiserver"],
      after: ["rollouts-controller", ...FLEET_SERVICES.map(fleet)],
    },
  };
}

export type ComponentStatus = {
  name: ComponentName;
  state: "up" | "unhealthy" | "down" | "stopped" | "paused" | "failed";
  url: string;
  pid?: number;
  detail?: string;
  log: string;
};

export type StackOptions = {
  /** Where configs, data and logs go; wiped at start. */
  dir: string;
  /** The Opsdeck instance Prometheus scrapes, Alertmanager notifies and the demo canary's gates call, if any. */
  appUrl?: string;
  /** Alertmanager's bearer token for Opsdeck's webhook. */
  webhookToken?: string;
  /** The token in the path of Opsdeck's Flagger gate webhooks; without it the gates are the sink's. */
  flaggerWebhookToken?: string;
  /** Fixed ports (the demo); anything unset gets a free port. */
  ports?: Partial<Omit<StackPorts, "fleet">>;
  scrapeInterval?: string;
  loadRps?: number;
  /** Also run the Kubernetes control plane, the Argo Rollouts and Flagger controllers, and their demos. */
  kubernetes?: boolean;
  /** Components whose failure fails `start` (default: all). */
  required?: ComponentName[] | "all";
  log?: (line: string) => void;
  /** Told when a component that was up exits without being asked to (default: `log`). */
  warn?: (line: string) => void;
};

export class StackError extends Error {}

type Spec = {
  name: ComponentName;
  url: string;
  healthUrl: string;
  /** Replaces the plain GET of healthUrl (TLS with the cluster's CA, say). */
  healthCheck?: () => Promise<boolean>;
  /** How long a start may take until it answers (default: 60 s). */
  startTimeoutMs?: number;
  install?: () => void;
  /** What must exist before its first start; when it fails, the component is not started. */
  beforeStart?: () => Promise<void>;
  command: () => { command: string; args: string[]; env?: NodeJS.ProcessEnv };
};

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/**
 * Free loopback ports, all different. Each is held open until all are chosen: the kernel readily hands
 * out a port it has just released again (one or two stacks in a hundred got a duplicate when ports were
 * picked one at a time), which put two components on one port.
 */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<Server>((resolve, reject) => {
          const server = createServer();
          server.once("error", reject);
          server.listen(0, "127.0.0.1", () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => (server.address() as AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

const KUBE_PORTS = [
  "etcdClient",
  "etcdPeer",
  "apiserver",
  "controllerManager",
  "scheduler",
  "kwok",
  "rolloutsHealth",
  "rolloutsMetrics",
  "flagger",
] as const;

function portHolder(port: number): string {
  const result = spawnSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" });
  const match = /users:\(\("([^"]+)",pid=(\d+)/.exec(result.stdout ?? "");
  return match ? `${match[1]} (pid ${match[2]})` : "another process";
}

/** `url` answers 200 (and, if `answer` is given, a JSON body it accepts) within 2 s. */
async function healthy(url: string, answer?: (body: unknown) => boolean): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return response.ok && (!answer || answer(await response.json()));
  } catch {
    return false;
  }
}

export class Stack {
  readonly processes = new Map<ComponentName, ManagedProcess>();
  readonly failures = new Map<ComponentName, string>();
  private stopping = false;
  private readonly components: DependencyTable<ComponentName>;
  /** Every component after everything it waits for; the stack stops in the reverse order. */
  private readonly order: ComponentName[];
  private readonly specs = new Map<ComponentName, Spec>();
  private readonly stoppedOnPurpose = new Set<ComponentName>();
  private readonly paused = new Set<ComponentName>();
  private readonly log: (line: string) => void;
  /** The Kubernetes control plane, when `kubernetes` was asked for. */
  kube: ControlPlane | null = null;
  /** The revision sync's port, with the control plane. */
  private revisionSyncPort: number | null = null;

  private constructor(
    readonly options: StackOptions,
    readonly ports: StackPorts,
  ) {
    this.log = options.log ?? (() => undefined);
    this.components = stackComponents({ kubernetes: options.kubernetes ?? false });
    this.order = startOrder(this.components);
  }

  get dir() {
    return this.options.dir;
  }

  get urls() {
    const p = this.ports;
    return {
      prometheus: `http://127.0.0.1:${p.prometheus}`,
      alertmanager: `http://127.0.0.1:${p.alertmanager}`,
      jaeger: `http://127.0.0.1:${p.jaegerQuery}`,
      /** Jaeger's gRPC query API, host:port (JAEGER_GRPC_ADDRESS). */
      jaegerGrpc: `127.0.0.1:${p.jaegerQueryGrpc}`,
      otlp: `http://127.0.0.1:${p.jaegerOtlp}`,
      sink: `http://127.0.0.1:${p.sink}`,
      loadgen: `http://127.0.0.1:${p.loadgen}`,
      fleet: Object.fromEntries(FLEET_SERVICES.map((s) => [s, `http://127.0.0.1:${p.fleet[s]}`])) as Record<
        FleetService,
        string
      >,
    };
  }

  static async start(options: StackOptions): Promise<Stack> {
    Stack.reapPrevious(options.dir);
    rmSync(options.dir, { recursive: true, force: true });
    mkdirSync(path.join(options.dir, "logs"), { recursive: true });

    const wanted = options.ports ?? {};
    const fixed = new Set(Object.values(wanted));
    // Prometheus, Alertmanager, Jaeger's four, the sink and the loadgen; the fleet; Kubernetes and the
    // revision sync.
    const needed = 8 + FLEET_SERVICES.length + (options.kubernetes ? KUBE_PORTS.length + 1 : 0);
    const spare = (await freePorts(needed + fixed.size)).filter((port) => !fixed.has(port));
    const freePort = () => spare.pop()!;
    const pick = async (name: string, preferred: number | undefined) => {
      if (preferred === undefined) return freePort();
      if (!(await portFree(preferred))) {
        throw new StackError(
          `${name}: port ${preferred} is in use by ${portHolder(preferred)}. Free it, or choose another port.`,
        );
      }
      return preferred;
    };
    const ports: StackPorts = {
      prometheus: await pick("prometheus", wanted.prometheus),
      alertmanager: await pick("alertmanager", wanted.alertmanager),
      jaegerQuery: await pick("jaeger", wanted.jaegerQuery),
      jaegerQueryGrpc: await pick("jaeger (gRPC)", wanted.jaegerQueryGrpc),
      jaegerOtlp: await pick("jaeger (OTLP)", wanted.jaegerOtlp),
      jaegerHealth: await pick("jaeger (health)", wanted.jaegerHealth),
      sink: await pick("webhook-sink", wanted.sink),
      loadgen: await pick("loadgen", wanted.loadgen),
      fleet: Object.fromEntries(FLEET_SERVICES.map((s) => [s, freePort()])) as Record<FleetService, number>,
    };

    const stack = new Stack(options, ports);
    if (options.kubernetes) {
      const kubePorts = Object.fromEntries(KUBE_PORTS.map((k) => [k, freePort()])) as KubePorts;
      stack.kube = new ControlPlane(path.join(options.dir, "kubernetes"), kubePorts, stack.urls.prometheus);
      stack.revisionSyncPort = freePort();
    }
    stack.defineComponents();
    try {
      await stack.startAll();
    } catch (error) {
      await stack.stop();
      throw error;
    }
    return stack;
  }

  private defineComponents() {
    const dir = this.dir;
    const urls = this.urls;
    const add = (spec: Spec) => this.specs.set(spec.name, spec);

    add({
      name: "webhook-sink",
      url: urls.sink,
      healthUrl: `${urls.sink}/healthz`,
      command: () => node("webhook-sink.ts", { SINK_PORT: String(this.ports.sink) }),
    });
    add({
      name: "jaeger",
      url: urls.jaeger,
      healthUrl: `${urls.jaeger}/api/v3/services`,
      install: () => {
        this.jaegerBinary = ensureJaeger(this.log);
      },
      command: () => {
        writeFileSync(path.join(dir, "jaeger.yaml"), jaegerConfig(this.ports));
        return { command: this.jaegerBinary!, args: ["--config", path.join(dir, "jaeger.yaml")] };
      },
    });
    for (const service of FLEET_SERVICES) {
      add({
        name: `fleet/${service}`,
        url: urls.fleet[service],
        healthUrl: `${urls.fleet[service]}/healthz`,
        // Its answer names it: another server on its port must not pass for it.
        healthCheck: () =>
          healthy(
            `${urls.fleet[service]}/healthz`,
            (body) => (body as { service?: string }).service === service,
          ),
        command: () =>
          node("fleet/service.ts", {
            FLEET_SERVICE: service,
            FLEET_PORT: String(this.ports.fleet[service]),
            FLEET_DOWNSTREAMS: JSON.stringify(
              Object.fromEntries(downstreams(service).map((called) => [called, urls.fleet[called]])),
            ),
            OTEL_EXPORTER_OTLP_ENDPOINT: urls.otlp,
          }),
      });
    }
    add({
      name: "loadgen",
      url: urls.loadgen,
      healthUrl: `${urls.loadgen}/healthz`,
      command: () =>
        node("fleet/loadgen.ts", {
          LOADGEN_TARGET: urls.fleet.web,
          LOADGEN_PORT: String(this.ports.loadgen),
          LOADGEN_RPS: String(this.options.loadRps ?? 5),
        }),
    });
    add({
      name: "alertmanager",
      url: urls.alertmanager,
      healthUrl: `${urls.alertmanager}/-/ready`,
      install: () =>
        ensureDebianPackages(
          [{ command: "prometheus-alertmanager", pkg: "prometheus-alertmanager" }],
          this.log,
        ),
      command: () => {
        writeFileSync(path.join(dir, "alertmanager.yml"), alertmanagerConfig(this.ports, this.options));
        mkdirSync(path.join(dir, "alertmanager-data"), { recursive: true });
        return {
          command: "prometheus-alertmanager",
          args: [
            `--config.file=${path.join(dir, "alertmanager.yml")}`,
            `--storage.path=${path.join(dir, "alertmanager-data")}`,
            `--web.listen-address=127.0.0.1:${this.ports.alertmanager}`,
            `--web.external-url=${urls.alertmanager}`,
            "--cluster.listen-address=", // a single instance: no gossip port
            "--log.level=warn",
          ],
        };
      },
    });
    add({
      name: "prometheus",
      url: urls.prometheus,
      healthUrl: `${urls.prometheus}/-/ready`,
      install: () =>
        ensureDebianPackages(
          [
            { command: "prometheus", pkg: "prometheus" },
            { command: "promtool", pkg: "prometheus" },
          ],
          this.log,
        ),
      command: () => {
        writeFileSync(
          path.join(dir, "prometheus.yml"),
          prometheusConfig(this.ports, {
            appUrl: this.options.appUrl,
            scrapeInterval: this.options.scrapeInterval ?? "5s",
          }),
        );
        return {
          command: "prometheus",
          args: [
            `--config.file=${path.join(dir, "prometheus.yml")}`,
            `--storage.tsdb.path=${path.join(dir, "prometheus-data")}`,
            `--web.listen-address=127.0.0.1:${this.ports.prometheus}`,
            `--web.external-url=${urls.prometheus}`,
            "--enable-feature=exemplar-storage",
            "--web.enable-lifecycle",
            "--storage.tsdb.retention.time=2d",
            "--log.level=warn",
          ],
        };
      },
    });
    if (this.kube) {
      this.defineKubeComponents(this.kube);
      this.defineRevisionSync(this.kube);
    }
  }

  private defineRevisionSync(kube: ControlPlane) {
    const url = `http://127.0.0.1:${this.revisionSyncPort}`;
    const { server, ca, cert, key } = kube.describe();
    this.specs.set("revision-sync", {
      name: "revision-sync",
      url,
      healthUrl: `${url}/healthz`,
      healthCheck: () =>
        healthy(`${url}/healthz`, (body) => (body as { service?: string }).service === "revision-sync"),
      command: () =>
        node("fleet/revision-sync.ts", {
          REVISION_SYNC_PORT: String(this.revisionSyncPort),
          REVISION_SYNC_NAMESPACE: DEMO_NAMESPACE,
          FLEET_URLS: JSON.stringify(this.urls.fleet),
          KUBE_SERVER: server,
          KUBE_CA: ca,
          KUBE_CERT: cert,
          KUBE_KEY: key,
        }),
    });
  }

  private jaegerBinary: string | undefined;

  private defineKubeComponents(kube: ControlPlane) {
    for (const name of Object.keys(KUBE_COMPONENTS) as KubeComponent[]) {
      this.specs.set(name, {
        name,
        url: kube.url(name),
        healthUrl: kube.url(name),
        healthCheck: kube.healthCheck(name),
        startTimeoutMs: kube.startTimeoutMs(name),
        install: () => {
          try {
            kube.install(name, this.log);
          } catch (error) {
            if (error instanceof BuildError) throw new InstallError(error.message);
            throw error;
          }
        },
        beforeStart: () => kube.beforeStart(name),
        command: () => ({ ...kube.command(name), env: { ...process.env, ...kube.env(name) } }),
      });
    }
  }

  private async startAll() {
    // Installing first (builds are slow), then starting whatever could be installed.
    for (const name of this.order) {
      const spec = this.specs.get(name)!;
      try {
        spec.install?.();
      } catch (error) {
        if (!(error instanceof InstallError)) throw error;
        this.failures.set(name, error.message);
        this.log(`${name}: ${error.message}`);
      }
    }
    await startInOrder(this.components, (name) => this.startFirstTime(name), this.failures);
    if (this.kube) await this.applyDemos(this.kube);
    this.writeState();

    const required =
      this.options.required === undefined || this.options.required === "all"
        ? this.order
        : this.options.required;
    const failed = required.filter((n) => this.failures.has(n));
    if (failed.length) {
      throw new StackError(
        `The stack did not start:\n${failed.map((n) => `  - ${n}: ${this.failures.get(n)}`).join("\n")}\nLogs: ${path.join(this.dir, "logs")}`,
      );
    }
  }

  private async startFirstTime(name: ComponentName) {
    try {
      await this.specs.get(name)!.beforeStart?.();
    } catch (error) {
      throw new StackError(`not started: ${(error as Error).message}`);
    }
    await this.startComponent(name);
  }

  /**
   * Each controller's demo once that controller is up (the demo rollouts, the demo canary); a demo that
   * cannot be applied is its controller's failure.
   */
  private async applyDemos(kube: ControlPlane) {
    const demos = [
      {
        controller: "rollouts-controller",
        what: "the demo rollouts",
        apply: () => applyDemoRollouts(kube, { prometheusUrl: this.urls.prometheus }),
      },
      {
        controller: "flagger",
        what: "the demo canary",
        apply: () =>
          applyDemoCanary(kube, {
            prometheusUrl: this.urls.prometheus,
            gateUrls: demoGateUrls({
              appUrl: this.options.appUrl,
              token: this.options.flaggerWebhookToken,
              sinkUrl: this.urls.sink,
            }),
          }),
      },
    ] as const;
    const applied: string[] = [];
    await Promise.all(
      demos
        .filter(({ controller }) => !this.failures.has(controller))
        .map(async ({ controller, what, apply }) => {
          try {
            await apply();
            applied.push(what);
          } catch (error) {
            this.failures.set(controller, `${what} could not be applied: ${(error as Error).message}`);
          }
        }),
    );
    if (!applied.length) return;
    const since = this.processes.get("etcd")!.startedAt.getTime();
    this.log(
      `kubernetes: control plane, controllers and ${applied.join(" and ")} up in ${Math.round((Date.now() - since) / 1000)} s`,
    );
  }

  /** Starts (or restarts) one component on its ports, and waits until it answers. */
  async startComponent(name: ComponentName): Promise<void> {
    const spec = this.specs.get(name);
    if (!spec) throw new StackError(`unknown component ${name}`);
    const timeoutMs = spec.startTimeoutMs ?? 60_000;
    const previous = this.processes.get(name);
    if (previous?.running) return;
    this.stoppedOnPurpose.delete(name);
    this.failures.delete(name);
    const { command, args, env } = spec.command();
    // The marker in the environment lets tests and `stack down` find every process of this stack.
    const process_ = new ManagedProcess(
      name,
      command,
      args,
      path.join(this.dir, "logs", `${name.replace("/", "-")}.log`),
      {
        env: { ...(env ?? process.env), OPSDECK_STACK_DIR: this.dir },
        cwd: ROOT,
      },
    );
    this.processes.set(name, process_);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!process_.running) {
        throw new StackError(`${describeExit(process_.exit!)} while starting:\n${process_.tail(8)}`);
      }
      if (await (spec.healthCheck ?? (() => healthy(spec.healthUrl)))()) {
        this.log(`${name} is up at ${spec.url}`);
        this.writeState();
        void process_.waitForExit().then((exit) => {
          if (this.stoppedOnPurpose.has(name) || this.stopping) return;
          (this.options.warn ?? this.log)(
            `${name} ${describeExit(exit)} without being asked to stop; the end of its log:\n${process_.tail(10)}`,
          );
        });
        return;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    await process_.stop();
    throw new StackError(
      `did not answer at ${spec.healthUrl} within ${timeoutMs / 1000}s:\n${process_.tail(8)}`,
    );
  }

  /** Stops one component (to test degraded behaviour); `startComponent` brings it back on the same port. */
  async stopComponent(name: ComponentName): Promise<void> {
    this.resumeComponent(name);
    this.stoppedOnPurpose.add(name);
    await this.processes.get(name)?.stop();
    this.writeState();
  }

  /**
   * Freezes one component (SIGSTOP): it keeps its port and accepts connections, but answers nothing, as a
   * hung server does; `resumeComponent` (SIGCONT) lets it carry on where it was.
   */
  pauseComponent(name: ComponentName): void {
    const process_ = this.processes.get(name);
    if (!process_?.running) throw new StackError(`${name} is not running`);
    process_.signal("SIGSTOP");
    this.paused.add(name);
  }

  resumeComponent(name: ComponentName): void {
    if (!this.paused.delete(name)) return;
    this.processes.get(name)?.signal("SIGCONT");
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const name of [...this.paused]) this.resumeComponent(name);
    for (const name of this.order.toReversed()) await this.processes.get(name)?.stop(5_000);
    this.kube?.api.close();
    rmSync(path.join(this.dir, "state.json"), { force: true });
  }

  async status(): Promise<ComponentStatus[]> {
    return Promise.all(
      this.order.map(async (name): Promise<ComponentStatus> => {
        const spec = this.specs.get(name)!;
        const process_ = this.processes.get(spec.name);
        const log = path.join(this.dir, "logs", `${spec.name.replace("/", "-")}.log`);
        const base = { name: spec.name, url: spec.url, pid: process_?.pid, log };
        if (this.failures.has(spec.name))
          return { ...base, state: "failed", detail: this.failures.get(spec.name) };
        if (!process_) return { ...base, state: "stopped", detail: "not started" };
        if (this.paused.has(spec.name))
          return { ...base, state: "paused", detail: "paused on request (SIGSTOP)" };
        if (!process_.running) {
          return this.stoppedOnPurpose.has(spec.name)
            ? { ...base, state: "stopped", detail: "stopped on request" }
            : {
                ...base,
                state: "down",
                detail: `${describeExit(process_.exit!)} at ${process_.exit!.at.toISOString()}`,
              };
        }
        return (await (spec.healthCheck ?? (() => healthy(spec.healthUrl)))())
          ? { ...base, state: "up" }
          : { ...base, state: "unhealthy", detail: `no answer at ${spec.healthUrl}` };
      }),
    );
  }

  /** Turns a demo service's fault knobs, for its stable, its canary or both (the default). */
  async setFaults(service: FleetService, faults: FaultsUpdate): Promise<FaultsByRevision> {
    const response = await fetch(`${this.urls.fleet[service]}/admin/faults`, {
      method: "PUT",
      body: JSON.stringify(faults),
      headers: { "content-type": "application/json" },
    });
    if (!response.ok) throw new StackError(`${service} refused the faults: ${await response.text()}`);
    return (await response.json()) as FaultsByRevision;
  }

  async crash(service: FleetService): Promise<void> {
    await fetch(`${this.urls.fleet[service]}/admin/crash`, { method: "POST" });
    await this.processes.get(`fleet/${service}`)?.waitForExit();
  }

  private writeState() {
    const components = Object.fromEntries(
      [...this.processes.entries()].map(([name, p]) => [
        name,
        { pid: p.pid, running: p.running, marker: this.specs.get(name)!.url },
      ]),
    );
    writeFileSync(
      path.join(this.dir, "state.json"),
      JSON.stringify(
        { owner: process.pid, urls: this.urls, kubernetes: this.kube?.describe() ?? null, components },
        null,
        2,
      ),
    );
  }

  /** Stops processes left behind by a stack in `dir` whose owner died without cleaning up. */
  static reapPrevious(dir: string): string[] {
    const file = path.join(dir, "state.json");
    if (!existsSync(file)) return [];
    const state = JSON.parse(readFileSync(file, "utf8")) as {
      components: Record<string, { pid?: number; running: boolean }>;
    };
    const reaped: string[] = [];
    for (const [name, c] of Object.entries(state.components)) {
      if (!c.pid || !processMatches(c.pid, "")) continue;
      try {
        process.kill(-c.pid, "SIGKILL");
        reaped.push(name);
      } catch {
        // gone
      }
    }
    return reaped;
  }
}
