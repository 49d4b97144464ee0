// Benchmark: Deployments at 2,000 rollouts across 50 namespaces on the stack's real API server and Argo
// Rollouts controller.
//   npm run bench:deployments -- [--rollouts 2000] [--namespaces 50] [--runs 200] [--viewers 100] [--changes 20] [--http]
// Starts the stack with Kubernetes, creates the rollouts with the admin client (canaries of 0 replicas:
// the controller reconciles them, no pods to fake), then in this process, with the app's own kubeconfig:
//   - the heap held by the informer caches, and by the index of summaries on top;
//   - the list (listDeployments, what GET /api/deployments runs) p50/p95: one viewer, then 100 concurrent;
//   - the Kubernetes API calls during that load: the app's own (its upstream metrics; informer restarts)
//     and the API server's LIST/GET count of the watched resources (from anyone);
//   - from a change in the cluster (spec.paused toggled; the controller writes the status after) to
//     `changed` on an open event stream (lib/http/sse.ts's stream over the list's change source), median.
// With --http, also GET /api/deployments and the event stream over HTTP against `npm start` (needs `npm run
// build` first).
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { KubeApi } from "../../stack/kubernetes/api";
import { canaryRollout } from "../../stack/kubernetes/demo-rollouts";
import { Stack } from "../../stack/stack";
import { say, startApp, stop } from "./support";

const { values } = parseArgs({
  options: {
    rollouts: { type: "string", default: "2000" },
    namespaces: { type: "string", default: "50" },
    runs: { type: "string", default: "200" },
    viewers: { type: "string", default: "100" },
    changes: { type: "string", default: "20" },
    http: { type: "boolean", default: false },
  },
});
const ROLLOUTS = Number(values.rollouts);
const NAMESPACES = Number(values.namespaces);
const RUNS = Number(values.runs);
const VIEWERS = Number(values.viewers);
const CHANGES = Number(values.changes);

const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;
const stats = (xs: number[]) =>
  `p50 ${ms(percentile(xs, 50))}, p95 ${ms(percentile(xs, 95))}, max ${ms(Math.max(...xs))}`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

const gc = (globalThis as { gc?: () => void }).gc;
function heapUsed(): number {
  if (!gc) throw new Error("run with node --expose-gc (npm run bench:deployments does)");
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

/** Runs `tasks` with at most `limit` at a time. */
async function pool<T>(items: T[], limit: number, task: (item: T) => Promise<unknown>) {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: limit }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await task(item);
    }),
  );
}

/** The API server's LIST and GET requests on the kinds the app watches, from its own metrics. */
async function apiServerReads(api: KubeApi): Promise<number> {
  const text = await api.get<string>("/metrics");
  return String(text)
    .split("\n")
    .filter(
      (line) =>
        line.startsWith("apiserver_request_total{") &&
        /verb="(LIST|GET)"/.test(line) &&
        /resource="(rollouts|replicasets|analysisruns|experiments|events)"/.test(line),
    )
    .reduce((sum, line) => sum + Number(line.split(" ").pop()), 0);
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), "opsdeck-bench-deployments-"));
  say("starting the stack with Kubernetes");
  const stack = await Stack.start({ dir, kubernetes: true, log: () => undefined });
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  try {
    const kube = stack.kube!;
    const described = kube.describe();
    const api = new KubeApi(described.server, {
      ca: described.ca,
      adminCert: described.cert,
      adminKey: described.key,
    });

    say(`creating ${ROLLOUTS} rollouts in ${NAMESPACES} namespaces`);
    const namespaces = Array.from({ length: NAMESPACES }, (_, i) => `bench-${String(i).padStart(2, "0")}`);
    for (const ns of namespaces) await kube.ensureNamespace(ns);
    const created = performance.now();
    const items = Array.from({ length: ROLLOUTS }, (_, i) => ({
      ns: namespaces[i % NAMESPACES]!,
      name: `svc-${i}`,
    }));
    await pool(items, 16, ({ ns, name }) => {
      const rollout = canaryRollout(name, [{ setWeight: 50 }, { pause: {} }], { replicas: 0 });
      return api.apply(`/apis/argoproj.io/v1alpha1/namespaces/${ns}/rollouts/${name}`, {
        ...rollout,
        metadata: { ...(rollout.metadata as object), namespace: ns },
      });
    });
    say(`created in ${((performance.now() - created) / 1000).toFixed(1)} s`);

    // The app's side, in this process, with its own least-privilege kubeconfig.
    process.env.KUBECONFIG = described.appKubeconfig;
    process.env.LOG_LEVEL = "warn";
    const { kubernetes } = await import("../../lib/kubernetes/kubernetes");
    const { deliveries } = await import("../../lib/services/deployments/deliveries");
    const { listDeployments, deploymentChanges } = await import("../../lib/services/deployments");
    const { changeStream } = await import("../../lib/http/sse");
    const { metrics } = await import("../../lib/observability/metrics");
    const { ROLLOUTS: ROLLOUT_KIND, WATCHED_KINDS } = await import("../../lib/kubernetes/kinds");

    const heapBefore = heapUsed();
    const k = kubernetes()!;
    const syncStarted = performance.now();
    await k.whenSynced();
    const syncedMs = performance.now() - syncStarted;
    const cluster = k.cluster(k.names()[0]!);
    // The caches complete: every rollout reconciled (Healthy), with its ReplicaSet and events.
    say(`waiting for the controller to reconcile all ${ROLLOUTS} rollouts`);
    const reconciled = () =>
      cluster
        .list(ROLLOUT_KIND)
        .filter(
          (r) =>
            r.metadata.namespace?.startsWith("bench-") &&
            (r.status as { phase?: string } | undefined)?.phase === "Healthy",
        ).length;
    const deadline = Date.now() + 20 * 60_000;
    while (reconciled() < ROLLOUTS) {
      if (Date.now() > deadline) throw new Error(`only ${reconciled()} rollouts reconciled after 20 minutes`);
      await new Promise((r) => setTimeout(r, 2_000));
    }
    const reconciledMs = performance.now() - syncStarted;
    await new Promise((r) => setTimeout(r, 5_000)); // the controller's last writes and events
    const heapCaches = heapUsed();
    const indexStarted = performance.now();
    const index = deliveries()!;
    index.flush();
    const indexedMs = performance.now() - indexStarted;
    const heapIndex = heapUsed();
    const cachedRollouts = cluster.list(ROLLOUT_KIND).length;
    const cachedObjects = k
      .states()[0]!
      .kinds.map((kind) => `${kind.objects} ${kind.plural}`)
      .join(", ");

    const ctx = {
      actor: {
        userId: null,
        email: "bench@example.com",
        name: null,
        role: "viewer" as const,
        authMethod: "cli" as const,
        sessionId: null,
      },
      requestId: randomUUID(),
      ip: null,
      userAgent: "bench",
    };
    const queries: Record<string, Record<string, unknown>> = {
      "all (2,000, newest change first)": {},
      "one namespace": { namespace: "bench-07" },
      "one service": { service: "svc-42" },
      "search 'svc-19'": { q: "svc-19" },
      "status Paused, by name": { status: "Paused", sort: "name" },
    };
    const single: Record<string, number[]> = {};
    for (const [label, query] of Object.entries(queries)) {
      const samples: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        const list = await listDeployments(ctx, query);
        samples.push(performance.now() - t);
        if (i === 0 && label.startsWith("all") && list.deployments.length < ROLLOUTS)
          throw new Error(`the list has ${list.deployments.length} rollouts, not ${ROLLOUTS}`);
      }
      single[label] = samples;
    }

    const upstreamCalls = async () => {
      const histogram = metrics().registry.getSingleMetric("opsdeck_upstream_request_duration_seconds");
      const { values: series } = (await histogram!.get()) as {
        values: { value: number; labels: Record<string, string | number>; metricName?: string }[];
      };
      return series
        .filter((v) => v.metricName?.endsWith("_count") && v.labels.upstream === "kubernetes")
        .reduce((sum, v) => sum + v.value, 0);
    };
    const restarts = () => WATCHED_KINDS.reduce((sum, kind) => sum + cluster.informer(kind).restarts, 0);
    const appCallsBefore = await upstreamCalls();
    const restartsBefore = restarts();
    const serverReadsBefore = await apiServerReads(api);
    const concurrent: number[] = [];
    const loadStarted = performance.now();
    await Promise.all(
      Array.from({ length: VIEWERS }, async () => {
        for (let i = 0; i < 5; i++) {
          const t = performance.now();
          await listDeployments(ctx, {});
          concurrent.push(performance.now() - t);
        }
      }),
    );
    const loadMs = performance.now() - loadStarted;
    const appCalls = (await upstreamCalls()) - appCallsBefore;
    const informerRestarts = restarts() - restartsBefore;
    const serverReads = (await apiServerReads(api)) - serverReadsBefore;

    // From a change in the cluster to `changed` on an open list stream.
    say(`measuring change-to-stream over ${CHANGES} changes`);
    const abort = new AbortController();
    const stream = await changeStream(deploymentChanges(ctx, {}), abort.signal);
    // Every `changed` with when it was sent (its `at`) and when it was read here.
    const received: { sentAt: number; readAt: number }[] = [];
    void (async () => {
      const reader = stream.getReader();
      const decoder = new TextDecoder();
      let buffered = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffered += decoder.decode(value, { stream: true });
        let end = buffered.indexOf("\n\n");
        for (; end >= 0; end = buffered.indexOf("\n\n")) {
          const event = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          const data = /^data: (.*)$/m.exec(event)?.[1];
          if (event.includes("event: changed") && data) {
            received.push({
              sentAt: Date.parse((JSON.parse(data) as { at: string }).at),
              readAt: Date.now(),
            });
          }
        }
      }
    })();
    const latencies: number[] = [];
    for (let i = 0; i < CHANGES; i++) {
      const { ns, name } = items[(i * 97) % items.length]!;
      await new Promise((r) => setTimeout(r, 1_000)); // the previous change's tail (the controller's write) passes
      const changedAt = Date.now();
      await api.request("PATCH", `/apis/argoproj.io/v1alpha1/namespaces/${ns}/rollouts/${name}`, {
        patch: "merge",
        body: { spec: { paused: i % 2 === 0 } },
      });
      const first = await (async () => {
        for (let waited = 0; waited < 10_000; waited += 5) {
          const hit = received.find((r) => r.sentAt >= changedAt);
          if (hit) return hit;
          await new Promise((r) => setTimeout(r, 5));
        }
        throw new Error(`no changed event within 10 s of change ${i}`);
      })();
      latencies.push(first.readAt - changedAt);
    }
    abort.abort();

    let httpLines: string[] = [];
    if (values.http) {
      say("starting the app (npm start) for the HTTP measurements");
      const appData = mkdtempSync(path.join(tmpdir(), "opsdeck-bench-app-"));
      app = await startApp(3460, appData, { KUBECONFIG: described.appKubeconfig });
      const { cookie } = app;
      const get = async () => {
        const t = performance.now();
        const response = await fetch(`${app!.app}/api/deployments`, { headers: { cookie } });
        await response.arrayBuffer();
        return performance.now() - t;
      };
      await new Promise((r) => setTimeout(r, 5_000));
      const sequential: number[] = [];
      for (let i = 0; i < RUNS; i++) sequential.push(await get());
      const parallel: number[] = [];
      await Promise.all(
        Array.from({ length: VIEWERS }, async () => {
          for (let i = 0; i < 3; i++) parallel.push(await get());
        }),
      );
      httpLines = [
        `GET /api/deployments (all ${ROLLOUTS}), one viewer:  ${stats(sequential)}`,
        `GET /api/deployments, ${VIEWERS} concurrent viewers: ${stats(parallel)}`,
      ];
      rmSync(appData, { recursive: true, force: true });
    }

    const lines = [
      `Deployments benchmark: ${ROLLOUTS} rollouts in ${NAMESPACES} namespaces (canaries, 0 replicas), Argo Rollouts 1.9.1, Node ${process.version}`,
      `informers listed and watching: ${ms(syncedMs)}; every rollout reconciled by the controller after ${(reconciledMs / 1000).toFixed(1)} s; the index of ${index.size} summaries built in ${ms(indexedMs)}`,
      `heap: informer caches ${mib(heapCaches - heapBefore)} (${cachedObjects}; ${((heapCaches - heapBefore) / cachedRollouts / 1024).toFixed(1)} KiB per rollout); index of summaries ${mib(heapIndex - heapCaches)} (${((heapIndex - heapCaches) / cachedRollouts / 1024).toFixed(2)} KiB per rollout)`,
      ...Object.entries(single).map(([label, samples]) => `list, one viewer, ${label}: ${stats(samples)}`),
      `list, ${VIEWERS} concurrent viewers × 5 (all ${ROLLOUTS}): ${stats(concurrent)}; ${((VIEWERS * 5) / (loadMs / 1000)).toFixed(0)} lists/s`,
      `Kubernetes calls during that load: app ${appCalls} requests, informer restarts ${informerRestarts}; API server LIST/GET of the watched kinds (from anyone) ${serverReads}`,
      `change in the cluster (a PATCH sent) → changed read from the list's event stream (${CHANGES} changes, the 200 ms coalescing included): median ${ms(percentile(latencies, 50))}, ${stats(latencies)}`,
      ...httpLines,
    ];
    console.log(`\n${lines.join("\n")}\n`);
    k.stop();
  } finally {
    if (app) await stop(app.child);
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    say(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
