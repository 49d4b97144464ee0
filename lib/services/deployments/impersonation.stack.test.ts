// With KUBE_IMPERSONATE=true an action reaches Kubernetes as the signed-in person (user: email, group
// opsdeck:<role>), so the cluster's own RBAC decides on top of Opsdeck's roles (deploy/kubernetes/
// impersonation.yaml, applied by the stack). Its own file: the setting is read once per process.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { KubernetesForbiddenError } from "@/lib/kubernetes/errors";
import type { ServiceContext } from "@/lib/services/context";
import { contextFor } from "@/tests/support/actors";
import { apply, freshNamespace, getRollout, kube, waitForRollout } from "@/tests/support/kubernetes";
import { waitFor } from "@/tests/support/stack";
import { canaryRollout, setImageTag } from "@/stack/kubernetes/demo-rollouts";
import { deliveries, getRolloutDetail, runRolloutAction, type RolloutDetail } from ".";

process.env.KUBE_IMPERSONATE = "true";

let ana: ServiceContext;

beforeAll(async () => {
  ana = await contextFor("operator", { email: `ana-${randomUUID().slice(0, 6)}@example.com` });
  await deliveries()!.kube.whenSynced();
});

afterAll(() => deliveries()?.kube.stop());

describe("actions as the signed-in person", () => {
  it("are refused by the cluster's RBAC until it grants the person's role, and say so", async () => {
    const ns = await freshNamespace("deploy-as");
    await apply(ns, canaryRollout("till", [{ setWeight: 50 }, { pause: {} }], { replicas: 1 }));
    await waitForRollout(ns, "till", "to be Healthy", (r) => r.status?.phase === "Healthy");
    await setImageTag(kube(), ns, "till", "v2");
    const ref = { cluster: "local", namespace: ns, name: "till" };
    const paused = await waitFor(
      "the pause",
      async () => {
        const d = await getRolloutDetail(ana, ref);
        return d.view.waitingForHuman?.reason === "CanaryPauseStep" ? d : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    const promote = (d: RolloutDetail) =>
      runRolloutAction(ana, ref, {
        action: "promote",
        reason: "as myself",
        expected: {
          resourceVersion: d.resourceVersion,
          step: d.view.step?.index ?? null,
          revision: d.view.revision,
        },
        idempotencyKey: randomUUID(),
      });

    const refused = await promote(paused).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(KubernetesForbiddenError);
    expect((refused as Error).message).toBe(
      `Kubernetes cluster "local" does not allow ${ana.actor!.email} (opsdeck:operator, system:authenticated) to patch rollouts/status in namespace "${ns}" (the cluster's own RBAC). Nothing was changed.`,
    );
    const audited = await db().auditEntry.findFirst({
      where: { requestId: ana.requestId, targetId: `argo-rollouts/local/${ns}/till` },
      orderBy: { seq: "desc" },
    });
    expect(audited).toMatchObject({ result: "failed", reason: (refused as Error).message });
    expect((await getRollout(ns, "till")).status!.pauseConditions).toHaveLength(1);

    await kube().apply(`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings/operators`, {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: "operators", namespace: ns },
      roleRef: {
        apiGroup: "rbac.authorization.k8s.io",
        kind: "ClusterRole",
        name: "opsdeck-rollout-actions",
      },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "opsdeck:operator" }],
    });
    const outcome = await waitFor(
      "the RoleBinding to take effect",
      async () => {
        const d = await getRolloutDetail(ana, ref);
        return promote(d).catch((error: unknown) => {
          if (error instanceof KubernetesForbiddenError) return undefined;
          throw error;
        });
      },
      { timeoutMs: 15_000, intervalMs: 500 },
    );
    expect(outcome).toMatchObject({ landed: ["status"], by: ana.actor!.email });
    await waitForRollout(ns, "till", "to finish its steps", (r) => r.status?.currentStepIndex === 2);
  });
});
