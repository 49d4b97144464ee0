// Opsdeck's Flagger gates against the stack's real Flagger 1.44.0 controller. The canaries' webhooks call
// Opsdeck's own route handler (app/api/webhooks/flagger/[token]/[gate]/route.ts), served here on a port
// Flagger reaches; operators act through the service functions with the app's own non-admin Kubernetes
// credentials, and the page's data (getCanaryDetail) comes from the informers:
//   - a new revision waits for promotion; a viewer cannot open the gate; a wrong token is 401 and the gate
//     stays closed; an operator opens it with a reason and Flagger promotes (time measured);
//   - with the fault knob on, the analysis fails its checks: each check's value is shown, Flagger rolls
//     back on its own, Failed;
//   - a rollback asked for from Opsdeck during the analysis: Flagger rolls back.
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { POST as gateWebhook } from "@/app/api/webhooks/flagger/[token]/[gate]/route";
import { env } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { ForbiddenError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/services/context";
import { contextFor } from "@/tests/support/actors";
import { apply, freshNamespace, kube } from "@/tests/support/kubernetes";
import { setFaults, stack, waitFor, waitForPromSample } from "@/tests/support/stack";
import type { FleetService } from "@/stack/fleet/topology";
import {
  canaryDeployment,
  errorRatioMetricTemplate,
  flaggerCanary,
  opsdeckGateUrls,
  type CanaryOptions,
} from "@/stack/kubernetes/demo-flagger";
import { setImageTag } from "@/stack/kubernetes/demo-rollouts";
import { deliveries, getCanaryDetail, listDeployments, runGateAction, type CanaryDetail } from ".";

const CLUSTER = "local";
const TOKEN = `stack-flagger-${randomUUID().replaceAll("-", "")}`;

/** Opsdeck's webhook route on a port of its own: what Flagger calls. */
let server: Server;
let appUrl = "";
const answered: { path: string; status: number }[] = [];

let viewer: ServiceContext;
let operator: ServiceContext;

beforeAll(async () => {
  Object.assign(env(), { FLAGGER_WEBHOOK_TOKEN: TOKEN });
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      void (async () => {
        const url = new URL(req.url ?? "/", appUrl);
        const [, , , , token = "", gate = ""] = url.pathname.split("/"); // /api/webhooks/flagger/<token>/<gate>
        const request = new NextRequest(url, {
          method: "POST",
          headers: req.headers as Record<string, string>,
          body: Buffer.concat(chunks),
        });
        const response = await gateWebhook(request, { params: Promise.resolve({ token, gate }) });
        answered.push({ path: url.pathname, status: response.status });
        res.writeHead(response.status, { "content-type": "application/json" }).end(await response.text());
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  appUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  viewer = await contextFor("viewer");
  operator = await contextFor("operator", { email: `ana-${randomUUID().slice(0, 6)}@example.com` });
  const index = deliveries();
  if (!index) throw new Error("Kubernetes is not configured for the stack tests");
  await index.kube.whenSynced();
});

afterAll(() => {
  server?.close();
  deliveries()?.kube.stop();
});

const ref = (namespace: string, name: string) => ({ cluster: CLUSTER, namespace, name });

/** Waits until the canary's page data, as the service serves it from the informers, satisfies `done`. */
async function detailWhen(
  namespace: string,
  name: string,
  description: string,
  done: (detail: CanaryDetail) => boolean,
  timeoutMs = 150_000,
): Promise<CanaryDetail> {
  let last: CanaryDetail | undefined;
  try {
    return await waitFor(
      `canary ${namespace}/${name} ${description}`,
      async () => {
        last = await getCanaryDetail(viewer, ref(namespace, name)).catch(() => undefined);
        return last && done(last) ? last : undefined;
      },
      { timeoutMs, intervalMs: 250 },
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; last: ${last?.view.phase} ${last?.view.message}`);
  }
}

const inPhase = (phase: string) => (detail: CanaryDetail) => detail.view.phase === phase;

const errorRatio = (service: FleetService) =>
  `sum(service:http_server_error_ratio:rate1m{service="${service}"}) or vector(0)`;
const healthy = (service: FleetService) => waitForPromSample(errorRatio(service), (v) => v < 0.05);

/** A canary for `service` in a fresh namespace whose gates call Opsdeck, initialised by Flagger. */
async function canaryGatedByOpsdeck(
  prefix: string,
  service: FleetService,
  options: Omit<CanaryOptions, "gateUrls">,
) {
  const namespace = await freshNamespace(prefix);
  await apply(namespace, errorRatioMetricTemplate(stack().urls.prometheus));
  await apply(namespace, canaryDeployment(service));
  await apply(namespace, flaggerCanary(service, { ...options, gateUrls: opsdeckGateUrls(appUrl, TOKEN) }));
  await detailWhen(namespace, service, "to be initialised", inPhase("Initialized"));
  return namespace;
}

const request = (over: Record<string, unknown>) => ({
  reason: "canary checked by hand",
  idempotencyKey: randomUUID(),
  ...over,
});

describe.concurrent("Flagger gates served by Opsdeck", () => {
  it("holds a new revision at the promotion gate until an operator opens it; a viewer and a wrong token cannot", async () => {
    const namespace = await canaryGatedByOpsdeck("opsdeck-gates", "inventory", { iterations: 1 });
    await healthy("inventory");
    await setImageTag(kube(), namespace, "inventory", "v2", "Deployment");
    const waiting = await detailWhen(
      namespace,
      "inventory",
      "to wait for promotion",
      inPhase("WaitingPromotion"),
    );
    expect(waiting.summary).toMatchObject({ source: "flagger", status: "Paused", service: "inventory" });
    expect(waiting.summary.waiting?.reason).toBe("ConfirmPromotion");
    const listed = await listDeployments(viewer, { source: "flagger", namespace });
    expect(listed.waiting.map((d) => d.key)).toEqual([`flagger/${CLUSTER}/${namespace}/inventory`]);
    const promotion = () =>
      getCanaryDetail(viewer, ref(namespace, "inventory")).then((d) =>
        d.gates.find((g) => g.gate === "confirm-promotion")!,
      );
    expect(await promotion()).toMatchObject({ configured: true, opsdeck: true, open: false });
    await waitFor("Flagger to have asked Opsdeck's promotion gate", async () => {
      const gate = await promotion();
      return gate.lastCall?.answeredOpen === false ? gate : undefined;
    });

    // A viewer is refused (audited); a call with a wrong token is 401 and opens nothing.
    await expect(
      runGateAction(
        viewer,
        ref(namespace, "inventory"),
        request({ action: "open", gate: "confirm-promotion" }),
      ),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const wrong = await fetch(`${appUrl}/api/webhooks/flagger/not-the-token-0123456789/confirm-promotion`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "inventory", namespace, phase: "Progressing", checksum: "x" }),
    });
    expect(wrong.status).toBe(401);
    expect(await promotion()).toMatchObject({ open: false });
    // Flagger keeps asking and keeps being told no (three more intervals).
    await new Promise((r) => setTimeout(r, 25_000));
    expect((await getCanaryDetail(viewer, ref(namespace, "inventory"))).view.phase).toBe("WaitingPromotion");

    const opened = Date.now();
    const outcome = await runGateAction(
      operator,
      ref(namespace, "inventory"),
      request({ action: "open", gate: "confirm-promotion", reason: "v2 verified on the green copy" }),
    );
    expect(outcome).toMatchObject({ changed: true, by: operator.actor!.email });
    const succeeded = await detailWhen(namespace, "inventory", "to be promoted", inPhase("Succeeded"));
    const seconds = (Date.now() - opened) / 1000;
    const passed = succeeded.history.find((h) => h.action === "passed")!;
    console.log(
      `flagger: promotion gate opened → Flagger passed it in ${((Date.parse(passed.at) - opened) / 1000).toFixed(1)} s → Succeeded in ${seconds.toFixed(1)} s`,
    );
    // Flagger asks once per interval (10 s), then promotes and finalises over the next intervals.
    expect(seconds).toBeLessThan(90);
    expect(succeeded.summary.status).toBe("Healthy");
    expect(succeeded.view.revisions.primary).toBe(succeeded.view.revisions.canary);
    expect(succeeded.gates.find((g) => g.gate === "confirm-promotion")).toMatchObject({
      open: true,
      revision: expect.any(String), // bound to the revision Flagger passed with
    });
    expect(succeeded.history.map((h) => [h.action, h.actor, h.result])).toEqual(
      expect.arrayContaining([
        ["open", operator.actor!.email, "success"],
        ["passed", "flagger", "success"],
        ["open", viewer.actor!.email, "denied"],
      ]),
    );
    const audit = await db().auditEntry.findFirstOrThrow({
      where: { action: "deployment.gate-open", result: "success", actorEmail: operator.actor!.email },
    });
    expect(audit.params).toMatchObject({
      reason: "v2 verified on the green copy",
      gate: "confirm-promotion",
    });

    // The next revision finds the gate closed again: it was opened for one revision.
    await setImageTag(kube(), namespace, "inventory", "v3", "Deployment");
    const next = await detailWhen(namespace, "inventory", "to wait again", inPhase("WaitingPromotion"));
    await waitFor("the one-shot gate closed by the new revision", async () => {
      const gate = (await getCanaryDetail(viewer, ref(namespace, "inventory"))).gates.find(
        (g) => g.gate === "confirm-promotion",
      )!;
      return !gate.open && gate.changedBy === "flagger" ? gate : undefined;
    });
    expect(next.view.revisions.canary).not.toBe(succeeded.view.revisions.canary);
  });

  it("shows each failed check with its value when the fault knob fails the analysis, and Flagger's own rollback", async () => {
    const namespace = await canaryGatedByOpsdeck("opsdeck-fault", "recommendations", {
      threshold: 2,
      iterations: 3,
    });
    try {
      await setFaults("recommendations", { errorRate: 0.8 });
      await waitForPromSample(errorRatio("recommendations"), (v) => v > 0.05);
      await setImageTag(kube(), namespace, "recommendations", "v2", "Deployment");
      const failing = await detailWhen(
        namespace,
        "recommendations",
        "to fail a check",
        (d) => d.view.failedChecks.length > 0,
      );
      expect(failing.view.failedChecks[0]).toMatchObject({
        metric: "error-ratio",
        comparison: ">",
        bound: 0.05,
      });
      expect(failing.view.failedChecks[0]!.value).toBeGreaterThan(0.05);
      const failed = await detailWhen(namespace, "recommendations", "to roll back", inPhase("Failed"));
      expect(failed.summary.status).toBe("Aborted");
      expect(failed.view.failedChecks.length).toBeGreaterThanOrEqual(2);
      expect(failed.view.metrics[0]!.lastFailure?.value).toBeGreaterThan(0.05);
      expect(failed.view.rollbackReason).toMatch(/failed checks threshold reached 2/);
      // Over: a rollback can no longer be asked for, and the page says how to revert instead.
      expect(failed.rollbackUnavailable).toMatch(/rollout undo deployment\/recommendations/);
    } finally {
      await setFaults("recommendations", { errorRate: 0 });
    }
  });

  it("rolls back when an operator asks for it during the analysis", async () => {
    const namespace = await canaryGatedByOpsdeck("opsdeck-rollback", "payments", { iterations: 10 });
    await healthy("payments");
    await setImageTag(kube(), namespace, "payments", "v2", "Deployment");
    await detailWhen(namespace, "payments", "to progress", inPhase("Progressing"));
    const asked = Date.now();
    await runGateAction(
      operator,
      ref(namespace, "payments"),
      request({ action: "rollback", reason: "latency regression seen in traces" }),
    );
    const failed = await detailWhen(namespace, "payments", "to roll back", inPhase("Failed"));
    console.log(`flagger: rollback asked → Failed in ${((Date.now() - asked) / 1000).toFixed(1)} s`);
    expect(failed.view.rollbackReason).toMatch(/manual webhook invoked/);
    expect(failed.history[0]).toMatchObject({ action: "passed", gate: "rollback", actor: "flagger" });
  });
});
