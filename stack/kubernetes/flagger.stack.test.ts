// The real Flagger controller of the stack, observed only through the Kubernetes API and the webhooks it
// calls: it initialises a blue/green canary on a plain Deployment, holds a new revision at its
// confirm-rollout and confirm-promotion gates until a gate answers 200 (across a restart of the
// controller), rolls back on its own when the analysis (the stack's real Prometheus) fails its checks,
// and rolls back when the rollback hook answers 200. The canaries live in namespaces of their own and
// analyse different services, so the tests run side by side: the fault test's recommendations is
// called by none of the services the others analyse (only by web), so its errors stay out of their ratios.
//
// RECORD_FLAGGER_FIXTURES=1 also writes the Canaries, events and webhook calls seen here to
// lib/flagger/fixtures/ (see SOURCES.md there).
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apply, freshNamespace, kube } from "@/tests/support/kubernetes";
import {
  setFaults,
  stack,
  startComponent,
  stopComponent,
  waitFor,
  waitForPromSample,
} from "@/tests/support/stack";
import type { FleetService } from "../fleet/topology";
import type { FlaggerGate, FlaggerHookPayload } from "../flagger-gates";
import {
  canaryDeployment,
  errorRatioMetricTemplate,
  FLAGGER_DEMO_NAMESPACE,
  FLAGGER_DEMO_SERVICE,
  flaggerCanary,
  type CanaryOptions,
} from "./demo-flagger";
import { objectPath, setImageTag } from "./demo-rollouts";

type Canary = {
  metadata: { name: string; namespace: string; labels?: Record<string, string> };
  spec: { analysis: { webhooks: { type: string; url: string }[] } };
  status?: {
    phase?: string;
    failedChecks?: number;
    iterations?: number;
    canaryWeight?: number;
    lastAppliedSpec?: string;
    lastPromotedSpec?: string;
    conditions?: { type: string; status: string; reason: string; message: string }[];
  };
};

type Deployment = {
  spec: { replicas: number; template: { spec: { containers: { image: string }[] } } };
  status?: { readyReplicas?: number };
};

type KubeEvent = {
  reason: string;
  type: string;
  message: string;
  involvedObject: { kind: string; name: string };
};

const FIXTURES = path.join(import.meta.dirname, "..", "..", "lib", "flagger", "fixtures");

/** Writes a fixture when recording; what kubectl get -o json shows (it leaves out managedFields). */
function record(name: string, object: unknown) {
  if (!process.env.RECORD_FLAGGER_FIXTURES) return;
  const strip = (o: unknown): unknown => {
    if (Array.isArray(o)) return o.map(strip);
    if (o && typeof o === "object") {
      const { managedFields: _, ...rest } = o as Record<string, unknown>;
      return Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, strip(v)]));
    }
    return o;
  };
  mkdirSync(FIXTURES, { recursive: true });
  writeFileSync(path.join(FIXTURES, `${name}.json`), `${JSON.stringify(strip(object), null, 2)}\n`);
}

const getCanary = (ns: string, name: string) => kube().get<Canary>(objectPath("Canary", ns, name));
const getDeployment = (ns: string, name: string) =>
  kube().get<Deployment>(objectPath("Deployment", ns, name));

/** Waits until the Canary satisfies `done`; a timeout names what was awaited and the last status. */
async function waitForCanary(
  ns: string,
  name: string,
  description: string,
  done: (canary: Canary) => boolean,
  timeoutMs = 150_000,
): Promise<Canary> {
  let last: Canary | undefined;
  try {
    return await waitFor(
      `canary ${ns}/${name} ${description}`,
      async () => {
        last = await getCanary(ns, name);
        return done(last) ? last : undefined;
      },
      { timeoutMs, intervalMs: 500 },
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; last status: ${JSON.stringify(last?.status)}`);
  }
}

const inPhase = (phase: string) => (canary: Canary) => canary.status?.phase === phase;

/** The controller's events about a Canary, as the API lists them (an EventList). */
function canaryEvents(ns: string, name: string) {
  const selector = encodeURIComponent(`involvedObject.kind=Canary,involvedObject.name=${name}`);
  return kube().get<{ items: KubeEvent[] }>(`/api/v1/namespaces/${ns}/events?fieldSelector=${selector}`);
}

const errorRatio = (service: FleetService) =>
  `sum(service:http_server_error_ratio:rate1m{service="${service}"}) or vector(0)`;

/** The webhook target of the tests' canaries: every gate answers 403 until a test sets another answer. */
class GateServer {
  readonly calls: { namespace: string; gate: string; body: FlaggerHookPayload; status: number }[] = [];
  private readonly answers = new Map<string, number>();
  private server: Server | undefined;
  private base = "";

  async start() {
    this.server = createServer((req, res) => {
      let text = "";
      req.on("data", (chunk: Buffer) => (text += chunk));
      req.on("end", () => {
        const [, namespace = "", gate = ""] = (req.url ?? "").split("/");
        const status = this.answers.get(`${namespace}/${gate}`) ?? 403;
        this.calls.push({ namespace, gate, body: JSON.parse(text) as FlaggerHookPayload, status });
        res.writeHead(status).end(status === 200 ? "open" : "closed");
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  urls(namespace: string): CanaryOptions["gateUrls"] {
    return (gate) => `${this.base}/${namespace}/${gate}`;
  }

  answer(namespace: string, gate: FlaggerGate, status: number) {
    this.answers.set(`${namespace}/${gate}`, status);
  }

  callsTo(namespace: string, gate: FlaggerGate) {
    return this.calls.filter((c) => c.namespace === namespace && c.gate === gate);
  }

  close() {
    this.server?.close();
  }
}

const gates = new GateServer();
beforeAll(() => gates.start());
afterAll(() => gates.close());

/** A canary for `service` in a fresh namespace, initialised by Flagger: its primary runs `v1`. */
async function initialisedCanary(
  prefix: string,
  service: FleetService,
  options: Omit<CanaryOptions, "gateUrls">,
) {
  const ns = await freshNamespace(prefix);
  await apply(ns, errorRatioMetricTemplate(stack().urls.prometheus));
  await apply(ns, canaryDeployment(service));
  await apply(ns, flaggerCanary(service, { ...options, gateUrls: gates.urls(ns) }));
  const initialised = await waitForCanary(ns, service, "to be initialised", inPhase("Initialized"));
  return { ns, initialised };
}

/** The analysis must not fail on errors an earlier test left in the service's last minute. */
const healthy = (service: FleetService) => waitForPromSample(errorRatio(service), (v) => v < 0.05);

describe.concurrent("the stack's Flagger", () => {
  it("initialises the demo canary with its primary and Services, gated at the stack's webhook sink", async () => {
    const canary = await waitForCanary(
      FLAGGER_DEMO_NAMESPACE,
      FLAGGER_DEMO_SERVICE,
      "to be initialised",
      inPhase("Initialized"),
    );
    record("canary-initialized", canary);
    expect(canary.metadata.labels).toMatchObject({ app: "recommendations" });
    const primary = await getDeployment(FLAGGER_DEMO_NAMESPACE, "recommendations-primary");
    expect(primary.status?.readyReplicas).toBe(2); // KWOK made the primary's pods Ready
    expect((await getDeployment(FLAGGER_DEMO_NAMESPACE, "recommendations")).spec.replicas).toBe(0);
    for (const name of ["recommendations", "recommendations-primary", "recommendations-canary"])
      await kube().get(objectPath("Service", FLAGGER_DEMO_NAMESPACE, name));

    // Its hooks call the sink's gates, which stay closed until `npm run stack -- gate open` opens them.
    const sink = stack().urls.sink;
    expect(canary.spec.analysis.webhooks.map((w) => [w.type, w.url])).toEqual([
      ["confirm-promotion", `${sink}/flagger/confirm-promotion`],
      ["rollback", `${sink}/flagger/rollback`],
    ]);
    const call = (checksum: string) =>
      fetch(`${sink}/flagger/confirm-promotion`, {
        method: "POST",
        body: JSON.stringify({
          name: FLAGGER_DEMO_SERVICE,
          namespace: FLAGGER_DEMO_NAMESPACE,
          phase: "Progressing",
          checksum,
        }),
      }).then((r) => r.status);
    const gate = `${sink}/flagger/gates/${FLAGGER_DEMO_NAMESPACE}/${FLAGGER_DEMO_SERVICE}/confirm-promotion`;
    expect(await call("a")).toBe(403);
    expect((await fetch(gate, { method: "PUT" })).status).toBe(200);
    expect(await call("a")).toBe(200);
    expect(await call("b")).toBe(403); // one revision only
    expect((await fetch(gate, { method: "PUT" })).status).toBe(200);
    expect((await fetch(gate, { method: "DELETE" })).status).toBe(200);
    expect(await call("b")).toBe(403);
  });

  it("holds a new revision at closed confirm-rollout and confirm-promotion gates, and promotes it once they open", async () => {
    const { ns } = await initialisedCanary("flagger-gates", "inventory", {
      gates: ["confirm-rollout", "confirm-promotion", "rollback"],
      iterations: 1,
    });
    await healthy("inventory");

    await setImageTag(kube(), ns, "inventory", "v2", "Deployment");
    const waiting = await waitForCanary(ns, "inventory", "to wait for rollout approval", inPhase("Waiting"));
    record("canary-waiting", waiting);
    expect((await getDeployment(ns, "inventory")).spec.replicas).toBe(0); // not scaled up while held
    gates.answer(ns, "confirm-rollout", 200);

    const progressing = await waitForCanary(ns, "inventory", "to progress", inPhase("Progressing"));
    record("canary-progressing", progressing);
    const held = await waitForCanary(ns, "inventory", "to wait for promotion", inPhase("WaitingPromotion"));
    record("canary-waiting-promotion", held);
    const primary = () => getDeployment(ns, "inventory-primary");
    expect((await primary()).spec.template.spec.containers[0]!.image).toMatch(/:v1$/);
    expect((await getDeployment(ns, "inventory")).status?.readyReplicas).toBe(2); // the green copy runs

    // A restarted controller takes the canary up where its status left it: at the closed gate.
    const asked = gates.callsTo(ns, "confirm-promotion").length;
    await stopComponent("flagger");
    expect((await startComponent("flagger")).state).toBe("up");
    await waitFor("the restarted controller to ask the promotion gate", async () =>
      gates.callsTo(ns, "confirm-promotion").length > asked ? true : undefined,
    );
    expect((await getCanary(ns, "inventory")).status!.phase).toBe("WaitingPromotion");

    gates.answer(ns, "confirm-promotion", 200);
    const succeeded = await waitForCanary(ns, "inventory", "to be promoted", inPhase("Succeeded"));
    record("canary-succeeded", succeeded);
    expect(succeeded.status!.lastPromotedSpec).toBe(succeeded.status!.lastAppliedSpec);
    expect(succeeded.status!.conditions).toContainEqual(
      expect.objectContaining({ type: "Promoted", status: "True", reason: "Succeeded" }),
    );
    expect((await primary()).spec.template.spec.containers[0]!.image).toMatch(/:v2$/);
    await waitFor("the canary Deployment scaled to zero", async () =>
      (await getDeployment(ns, "inventory")).spec.replicas === 0 ? true : undefined,
    );

    // What the gates were sent: the canary, its phase and the revision's checksum.
    const rollout = gates.callsTo(ns, "confirm-rollout");
    const promotion = gates.callsTo(ns, "confirm-promotion");
    expect(rollout.map((c) => c.status)).toContain(403);
    expect(rollout.at(-1)).toMatchObject({ status: 200, body: { name: "inventory", namespace: ns } });
    expect(promotion.map((c) => c.status)).toContain(403);
    expect(promotion.at(-1)).toMatchObject({
      status: 200,
      body: { name: "inventory", namespace: ns, phase: "Progressing", checksum: expect.any(String) },
    });
    // The rollback hook was asked during the analysis and answered "no".
    expect(gates.callsTo(ns, "rollback").every((c) => c.status === 403)).toBe(true);
    expect(gates.callsTo(ns, "rollback").length).toBeGreaterThan(0);

    const events = await canaryEvents(ns, "inventory");
    expect(events.items.map((e) => e.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/waiting for approval confirm-rollout/),
        expect.stringMatching(/waiting for promotion approval confirm-promotion/),
        expect.stringMatching(/Promotion completed/),
      ]),
    );
    record("events-succeeded", events);
    record(
      "webhook-calls",
      gates.calls.filter((c) => c.namespace === ns).map(({ gate, body, status }) => ({ gate, status, body })),
    );
  });

  it("rolls back on its own when the analysis fails its checks (the fault knob)", async () => {
    const { ns } = await initialisedCanary("flagger-fault", "recommendations", {
      threshold: 2,
      iterations: 3,
    });
    try {
      await setFaults("recommendations", { errorRate: 0.8 });
      await waitForPromSample(errorRatio("recommendations"), (v) => v > 0.05);

      await setImageTag(kube(), ns, "recommendations", "v2", "Deployment");
      const failing = await waitForCanary(
        ns,
        "recommendations",
        "to fail a check",
        (c) => c.status?.phase === "Progressing" && c.status.failedChecks === 1,
      );
      record("canary-progressing-failed-check", failing);
      const failed = await waitForCanary(ns, "recommendations", "to roll back", inPhase("Failed"));
      record("canary-failed-analysis", failed);
      expect(failed.status!.canaryWeight).toBe(0);
      expect(
        (await getDeployment(ns, "recommendations-primary")).spec.template.spec.containers[0]!.image,
      ).toMatch(/:v1$/);
      expect((await getDeployment(ns, "recommendations")).spec.replicas).toBe(0);
      const events = await canaryEvents(ns, "recommendations");
      record("events-failed-analysis", events);
      expect(events.items.map((e) => e.message)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/advancement error-ratio 0\.\d+ > 0\.05/),
          expect.stringMatching(/failed checks threshold reached 2/),
        ]),
      );
      // It never reached the promotion gate: the analysis failed before its iterations were done.
      expect(gates.callsTo(ns, "confirm-promotion")).toEqual([]);
    } finally {
      await setFaults("recommendations", { errorRate: 0 });
    }
  });

  it("rolls back when the rollback hook answers 200 during the analysis", async () => {
    const { ns } = await initialisedCanary("flagger-rollback", "payments", { iterations: 2 });
    await healthy("payments");

    await setImageTag(kube(), ns, "payments", "v2", "Deployment");
    await waitForCanary(ns, "payments", "to progress", inPhase("Progressing"));
    gates.answer(ns, "rollback", 200);
    const failed = await waitForCanary(ns, "payments", "to roll back", inPhase("Failed"));
    record("canary-failed-rollback", failed);
    expect((await getDeployment(ns, "payments-primary")).spec.template.spec.containers[0]!.image).toMatch(
      /:v1$/,
    );
    const events = await canaryEvents(ns, "payments");
    expect(events.items.map((e) => e.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/manual webhook invoked/)]),
    );
    expect(gates.callsTo(ns, "rollback").at(-1)).toMatchObject({
      status: 200,
      body: { name: "payments", namespace: ns },
    });
  });
});
