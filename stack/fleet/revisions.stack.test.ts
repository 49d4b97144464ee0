// The demo fleet serves as the demo Rollouts' revisions, as pods in a cluster do: a new revision of the
// `checkout` Rollout paused at 25 % gets about a quarter of checkout's requests, Prometheus tells its
// series from the stable's by `rollouts_pod_template_hash`, and a fault on the canary alone fails the
// canary's own analysis while the stable stays healthy.
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import {
  analysisRuns,
  getRollout,
  kube,
  patchStatus,
  waitForRollout,
  type AnalysisRun,
} from "@/tests/support/kubernetes";
import { clearFaults, promQuery, setFaults, stack, waitFor, waitForPromSample } from "@/tests/support/stack";
import { canaryErrorRatioTemplate, DEMO_NAMESPACE, setImageTag } from "../kubernetes/demo-rollouts";
import type { Revisions } from "./revisions";

const NS = DEMO_NAMESPACE;
let restoreTag: string | undefined;

afterAll(async () => {
  await clearFaults();
  if (!restoreTag) return;
  // Back to the stable's image: the controller goes straight back to it, healthy, for the tests after.
  await setImageTag(kube(), NS, "checkout", restoreTag);
  await waitForRollout(
    NS,
    "checkout",
    "to be Healthy on its stable again",
    (r) => r.status?.phase === "Healthy" && r.status.currentPodHash === r.status.stableRS,
  );
});

const revisions = async () =>
  (await (await fetch(`${stack().urls.fleet.checkout}/admin/revisions`)).json()) as Revisions | null;

/** checkout's request counters by revision hash. */
async function requestsByHash(): Promise<Record<string, number>> {
  const samples = await promQuery(
    'sum by (rollouts_pod_template_hash) (http_server_request_duration_seconds_count{service="checkout"})',
  );
  return Object.fromEntries(samples.map((s) => [s.metric.rollouts_pod_template_hash, Number(s.value[1])]));
}

/** The demo's canary analysis query, for one revision of checkout. */
const errorRatioOf = (hash: string) =>
  canaryErrorRatioTemplate(stack().urls.prometheus)
    .spec.metrics[0]!.provider.prometheus.query.replaceAll("{{args.service}}", "checkout")
    .replaceAll("{{args.canary-hash}}", hash);

describe("the fleet as the Rollouts' revisions", () => {
  it(
    "gives a paused canary its weight of the requests under its own hash, and fails its analysis on a canary-only fault",
    { timeout: 480_000 },
    async () => {
      const before = await waitForRollout(
        NS,
        "checkout",
        "to be Healthy",
        (r) => r.status?.phase === "Healthy",
      );
      const stableHash = before.status!.stableRS!;
      const stable = await waitFor("checkout to serve its stable revision", async () => {
        const served = await revisions();
        return served?.stable.hash === stableHash && served.canary === null ? served.stable : undefined;
      });
      restoreTag = stable.tag;

      // A new revision: the controller scales its canary to 1 of 4 pods and pauses.
      const tag = `v2-${randomBytes(2).toString("hex")}`;
      const startedAt = Date.now();
      await setImageTag(kube(), NS, "checkout", tag);
      const paused = await waitForRollout(
        NS,
        "checkout",
        "to pause at 25 %",
        (r) => r.status?.phase === "Paused" && r.status.currentStepIndex === 1,
      );
      const canaryHash = paused.status!.currentPodHash!;
      // Its weight follows the pods' availability, as the kubectl plugin's actual weight: 0 until KWOK
      // makes the canary's pod Ready, then 1 of the available pods while the stable scales down to 3
      // (33 % when the stable has 2 available for a moment, 20 % with 4), and 1 of 4 once settled.
      const served = await waitFor(
        "checkout to serve the canary at 25 %",
        async () => {
          const now = await revisions();
          return now?.canary?.hash === canaryHash && now.canary.weight === 25 ? now : undefined;
        },
        { intervalMs: 250 },
      );
      expect(served).toEqual({ stable, canary: { hash: canaryHash, tag, weight: 25 } });
      const servedAfterMs = Date.now() - startedAt;

      // Prometheus has both revisions' series, each with its hash and version, and nothing else.
      const series = await waitFor(
        "the canary's series in Prometheus",
        async () => {
          const samples = await promQuery(
            'count by (rollouts_pod_template_hash, service_version) (http_server_request_duration_seconds_count{service="checkout"})',
          );
          return samples.some((s) => s.metric.rollouts_pod_template_hash === canaryHash)
            ? samples
            : undefined;
        },
        { intervalMs: 500 },
      );
      const inPrometheusAfterMs = Date.now() - startedAt;
      expect(
        series.map((s) => [s.metric.rollouts_pod_template_hash, s.metric.service_version]).sort(),
      ).toEqual(
        [
          [stableHash, stable.tag],
          [canaryHash, tag],
        ].sort(),
      );
      // The recording rules sum the revisions into one series per service, as before.
      // (It needs a minute's samples: the stack may have just started.)
      const recorded = await waitFor("checkout's recorded request rate", async () => {
        const samples = await promQuery('service:http_server_requests:rate1m{service="checkout"}');
        return samples.length ? samples : undefined;
      });
      expect(recorded.map((s) => s.metric)).toEqual([
        { __name__: "service:http_server_requests:rate1m", service: "checkout" },
      ]);

      // The canary's share of the requests that follow: about its weight.
      const first = await requestsByHash();
      const counted = await waitFor(
        "60 more requests on checkout",
        async () => {
          const now = await requestsByHash();
          const canary = now[canaryHash]! - first[canaryHash]!;
          const total = canary + now[stableHash]! - first[stableHash]!;
          return total >= 60 ? { canary, total } : undefined;
        },
        { timeoutMs: 120_000, intervalMs: 2_000 },
      );
      const canaryShare = counted.canary / counted.total;
      expect(canaryShare).toBeGreaterThan(0.05);
      expect(canaryShare).toBeLessThan(0.6);

      // A fault on the canary alone: its error ratio climbs, the stable's stays at nothing.
      await setFaults("checkout", { errorRate: 0.8, revision: "canary" });
      const canaryRatio = Number(
        (await waitForPromSample(errorRatioOf(canaryHash), (v) => v > 0.3)).value[1],
      );
      const [stableSample] = await promQuery(errorRatioOf(stableHash));
      const stableRatio = Number(stableSample!.value[1]);
      expect(stableRatio).toBeLessThan(0.01);

      // Promoted past the pause, the canary's own analysis (the canary hash passed by the controller)
      // measures it and the controller aborts the rollout.
      await patchStatus(NS, "checkout", { status: { pauseConditions: null } });
      const aborted = await waitForRollout(
        NS,
        "checkout",
        "to be aborted by its canary analysis",
        (r) => r.status?.abort === true && r.status.phase === "Degraded",
        120_000,
      );
      expect(aborted.status!.stableRS).toBe(stableHash);
      const run = (await analysisRuns(NS)).find((r) =>
        r.metadata.name.startsWith(`checkout-${canaryHash}-`),
      ) as AnalysisRun & { spec: { args: { name: string; value?: string }[] } };
      expect(run.spec.args).toContainEqual({ name: "canary-hash", value: canaryHash });
      expect(run.status!.phase).toBe("Failed");
      const measurement = run.status!.metricResults![0]!.measurements!.at(-1)!;
      expect(measurement.phase).toBe("Failed");
      const analysed = Number(JSON.parse(measurement.value!)[0]);
      expect(analysed).toBeGreaterThan(0.05);

      // The fleet follows the abort: the stable alone again, and the canary's series leave Prometheus.
      await waitFor("checkout to serve the stable alone", async () => {
        const now = await revisions();
        return now?.canary === null && now.stable.hash === stableHash ? now : undefined;
      });
      await waitFor(
        "the canary's series to go stale",
        async () => {
          const samples = await promQuery(
            `http_server_request_duration_seconds_count{service="checkout",rollouts_pod_template_hash="${canaryHash}"}`,
          );
          return samples.length === 0 ? samples : undefined;
        },
        { timeoutMs: 30_000 },
      );
      expect((await getRollout(NS, "checkout")).status!.stableRS).toBe(stableHash);

      console.info(
        `[revisions] canary served ${servedAfterMs} ms and in Prometheus ${inPrometheusAfterMs} ms after the new revision; ` +
          `canary share ${(canaryShare * 100).toFixed(1)} % of ${counted.total} requests at weight 25; ` +
          `error ratio canary ${canaryRatio.toFixed(3)}, stable ${stableRatio.toFixed(3)}; analysis measured ${analysed.toFixed(3)}`,
      );
    },
  );
});
