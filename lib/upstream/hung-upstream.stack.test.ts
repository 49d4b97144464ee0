// A hung upstream (SIGSTOP: it keeps its port and answers nothing) against the real stack: every viewer is
// answered within the time budget with the last good data and its age, the circuit breaker opens, and
// fresh data comes back once the upstream does.
import { afterAll, describe, expect, it } from "vitest";
import { env } from "@/lib/config/env";
import { metrics } from "@/lib/observability/metrics";
import { getOverview, getOverviewSparklines } from "@/lib/services/health/overview";
import { getServiceDetail } from "@/lib/services/health/service-detail";
import { searchTraces } from "@/lib/services/traces";
import { FLEET_SERVICES } from "@/stack/fleet/topology";
import { contextFor } from "@/tests/support/actors";
import { pauseComponent, resumeComponent, waitFor } from "@/tests/support/stack";
import type { SourceState } from "./sources";

afterAll(async () => {
  await resumeComponent("prometheus");
  await resumeComponent("jaeger");
});

const refused = async (upstream: string) =>
  (await metrics().upstreamRefused.get()).values.find((v) => v.labels.upstream === upstream)?.value ?? 0;

/**
 * Asks `read` in waves of `viewers` concurrent viewers, one wave a second for `seconds`, and returns each
 * answer's time and source.
 */
async function waves(seconds: number, viewers: number, read: (i: number) => Promise<SourceState>) {
  const answers: { ms: number; source: SourceState }[] = [];
  for (let wave = 0; wave < seconds; wave++) {
    const started = Date.now();
    await Promise.all(
      Array.from({ length: viewers }, async (_, i) => {
        const t = performance.now();
        const source = await read(i);
        answers.push({ ms: performance.now() - t, source });
      }),
    );
    await new Promise((r) => setTimeout(r, Math.max(0, 1_000 - (Date.now() - started))));
  }
  return answers;
}

/** Every answer within the budget (and a little slack for a busy machine), stale since the last good data. */
function expectStaleWithinBudget(answers: { ms: number; source: SourceState }[], lastGood: Date) {
  const budget = env().UPSTREAM_BUDGET_MS;
  expect(answers.length).toBeGreaterThan(0);
  expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(budget + 750);
  for (const { source } of answers) {
    expect(source.state).toBe("stale");
    // The age shown is that of the data shown: from before the upstream hung.
    expect(Date.parse((source as { asOf: string }).asOf)).toBeLessThanOrEqual(lastGood.getTime());
  }
}

describe("a hung upstream", () => {
  it(
    "Prometheus: every viewer gets the last good Overview, sparklines and service page within the budget, and the breaker opens",
    { timeout: 120_000 },
    async () => {
      const viewer = await contextFor("viewer");
      const range = { refresh: "5" };
      const overview = await waitFor("a fresh Overview", async () => {
        const o = await getOverview(viewer, range);
        return o.sources.prometheus.state === "ok" && o.services.length ? o : undefined;
      });
      await getOverviewSparklines(viewer, range);
      await getServiceDetail(viewer, "checkout", range);
      const lastGood = new Date();
      const refusedBefore = await refused("prometheus");

      await pauseComponent("prometheus");
      await new Promise((r) => setTimeout(r, 5_500)); // every value is due for a refresh
      const answers = await waves(12, 20, async (i) => {
        if (i % 3 === 0) {
          const o = await getOverview(viewer, range);
          expect(o.services.map((s) => s.name).sort()).toEqual(overview.services.map((s) => s.name).sort());
          return o.sources.prometheus;
        }
        if (i % 3 === 1) return (await getOverviewSparklines(viewer, range)).source;
        const detail = await getServiceDetail(viewer, "checkout", range);
        expect(detail.charts).not.toBeNull();
        return detail.sources.prometheus;
      });
      expectStaleWithinBudget(answers, lastGood);
      expect(
        answers.some((a) =>
          /Prometheus (has not answered|keeps failing|did not answer)/.test(
            (a.source as { message: string }).message,
          ),
        ),
      ).toBe(true);
      // Timeouts count against the breaker: it opened, and calls were refused rather than sent.
      expect(await refused("prometheus")).toBeGreaterThan(refusedBefore);

      await resumeComponent("prometheus");
      await waitFor(
        "a fresh Overview again",
        async () => ((await getOverview(viewer, range)).sources.prometheus.state === "ok" ? true : undefined),
        { timeoutMs: 60_000, intervalMs: 1_000 },
      );
    },
  );

  it(
    "Jaeger: every viewer gets the last good search results within the budget, and the breaker opens",
    { timeout: 120_000 },
    async () => {
      const viewer = await contextFor("viewer");
      const search = (service: string) => {
        const now = Date.now();
        return searchTraces(viewer, { service, start: new Date(now - 15 * 60_000), end: new Date(now) });
      };
      for (const service of FLEET_SERVICES)
        await waitFor(`traces of ${service}`, async () =>
          (await search(service)).traces.length ? true : undefined,
        );
      const lastGood = new Date();
      const refusedBefore = await refused("jaeger");

      await pauseComponent("jaeger");
      await new Promise((r) => setTimeout(r, 5_500));
      const answers = await waves(12, 20, async (i) => {
        const found = await search(FLEET_SERVICES[i % FLEET_SERVICES.length]!);
        expect(found.traces.length).toBeGreaterThan(0);
        return found.source;
      });
      expectStaleWithinBudget(answers, lastGood);
      expect(await refused("jaeger")).toBeGreaterThan(refusedBefore);

      await resumeComponent("jaeger");
      await waitFor(
        "fresh search results again",
        async () => ((await search("web")).source.state === "ok" ? true : undefined),
        { timeoutMs: 60_000, intervalMs: 1_000 },
      );
    },
  );
});
