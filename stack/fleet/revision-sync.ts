// Keeps the demo fleet in step with the demo Rollouts: every second it reads the Rollouts and ReplicaSets
// of the demo namespace through the stack's admin client, works out what each service serves
// (rollout-revisions.ts), and PUTs it to the service's /admin/revisions where the service answers
// something else (a service that restarted has forgotten its revisions, so it is compared, not
// remembered). GET /healthz tells when it last synced and the last error.
import { createServer } from "node:http";
import { isDeepStrictEqual } from "node:util";
import { KubeApi } from "../kubernetes/api";
import { fleetRevisions, replicaSetListSchema, rolloutListSchema } from "./rollout-revisions";
import type { Revisions } from "./revisions";
import type { FleetService } from "./topology";

const port = Number(process.env.REVISION_SYNC_PORT);
const namespace = process.env.REVISION_SYNC_NAMESPACE ?? "demo";
const intervalMs = Number(process.env.REVISION_SYNC_INTERVAL_MS ?? 1_000);
const fleet = JSON.parse(process.env.FLEET_URLS ?? "{}") as Record<FleetService, string>;
const api = new KubeApi(process.env.KUBE_SERVER!, {
  ca: process.env.KUBE_CA!,
  adminCert: process.env.KUBE_CERT!,
  adminKey: process.env.KUBE_KEY!,
});

const log = (fields: Record<string, unknown>) => console.log(JSON.stringify(fields));
const state = {
  syncedAt: null as string | null,
  error: null as string | null,
  revisions: {} as Partial<Record<FleetService, Revisions>>,
};

async function fleetRequest(service: FleetService, method: "GET" | "PUT", body?: Revisions) {
  const response = await fetch(`${fleet[service]}/admin/revisions`, {
    method,
    body: body && JSON.stringify(body),
    headers: { "content-type": "application/json" },
    signal: AbortSignal.timeout(2_000),
  });
  if (!response.ok) throw new Error(`${service} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as Revisions | null;
}

async function syncOnce() {
  const [rollouts, replicaSets] = await Promise.all([
    api.get(`/apis/argoproj.io/v1alpha1/namespaces/${namespace}/rollouts`),
    api.get(`/apis/apps/v1/namespaces/${namespace}/replicasets`),
  ]);
  state.revisions = fleetRevisions(
    rolloutListSchema.parse(rollouts),
    replicaSetListSchema.parse(replicaSets),
  );
  await Promise.all(
    Object.entries(state.revisions).map(async ([name, wanted]) => {
      const service = name as FleetService;
      if (isDeepStrictEqual(await fleetRequest(service, "GET"), wanted)) return;
      await fleetRequest(service, "PUT", wanted);
      log({ msg: "revisions", service, revisions: wanted });
    }),
  );
  state.syncedAt = new Date().toISOString();
}

async function loop() {
  try {
    await syncOnce();
    if (state.error) log({ msg: "syncing again", after: state.error });
    state.error = null;
  } catch (error) {
    // The API server or a service may be stopped on purpose (tests do): say so once, keep trying.
    const message = (error as Error).message;
    if (message !== state.error) log({ msg: "cannot sync", error: message });
    state.error = message;
  }
  timer = setTimeout(() => void loop(), intervalMs);
}

let timer = setTimeout(() => void loop(), 0);

const server = createServer((req, res) => {
  const found = req.url === "/healthz";
  res.writeHead(found ? 200 : 404, { "content-type": "application/json" });
  res.end(JSON.stringify(found ? { status: "ok", service: "revision-sync", namespace, ...state } : {}));
});
server.listen(port, "127.0.0.1", () => log({ msg: "listening", service: "revision-sync", port }));

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    clearTimeout(timer);
    server.close();
    api.close();
    process.exit(0);
  });
}
