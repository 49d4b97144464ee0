// The Overview and service pages against the real Prometheus and Alertmanager of the test stack.
import { afterAll, describe, expect, it } from "vitest";
import { ForbiddenError } from "@/lib/errors";
import { metrics } from "@/lib/observability/metrics";
import { FLEET_SERVICES } from "@/stack/fleet/topology";
import { contextFor } from "@/tests/support/actors";
import { clearFaults, setFaults, startComponent, stopComponent, waitFor } from "@/tests/support/stack";
import { listCatalog, updateServiceMeta } from "./catalog";
import { getOverview, getOverviewSparklines, overviewQueryCount } from "./overview";
import { getServiceDetail } from "./service-detail";

afterAll(async () => {
  await clearFaults();
  await startComponent("prometheus");
});

async function upstreamCalls(): Promise<Record<string, number>> {
  const data = await metrics().upstreamDuration.get();
  const counts: Record<string, number> = {};
  for (const v of data.values)
    if (v.metricName?.endsWith("_count"))
      counts[String(v.labels.upstream)] = (counts[String(v.labels.upstream)] ?? 0) + v.value;
  return counts;
}

describe("the Overview", () => {
  it("shows every demo service with live numbers", async () => {
    const viewer = await contextFor("viewer");
    const overview = await waitFor("every service with a rate", async () => {
      const o = await getOverview(viewer, { refresh: "5" });
      return FLEET_SERVICES.every((s) => (o.services.find((x) => x.name === s)?.requestRate ?? 0) > 0)
        ? o
        : undefined;
    });
    expect(overview.sources.prometheus.state).toBe("ok");
    expect(overview.sources.alertmanager.state).toBe("ok");
    const web = overview.services.find((s) => s.name === "web")!;
    expect(web.latency.p95).toBeGreaterThan(0);
    expect(web.targets).toEqual({ up: 1, total: 1 });
    expect(web.slo).toMatchObject({ objective: 0.999, windowDays: 28 });
    const sparklines = await getOverviewSparklines(viewer, { refresh: "5" });
    expect(sparklines.services.web!.requestRate.filter((v) => v !== null).length).toBeGreaterThanOrEqual(1);
  });

  it("costs a fixed number of upstream calls, shared by concurrent viewers", async () => {
    const viewer = await contextFor("viewer");
    const before = await upstreamCalls();
    // A range nobody asked for yet, so the cache is cold.
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        i % 2
          ? getOverview(viewer, { from: "now-2h", to: "now", refresh: "300" })
          : getOverviewSparklines(viewer, { from: "now-2h", to: "now", refresh: "300" }),
      ),
    );
    const after = await upstreamCalls();
    const expected = overviewQueryCount(1);
    expect((after.prometheus ?? 0) - (before.prometheus ?? 0)).toBe(expected.prometheus);
    expect((after.alertmanager ?? 0) - (before.alertmanager ?? 0)).toBeLessThanOrEqual(expected.alertmanager);
  });

  it("turns a service red when its error knob is turned", { timeout: 180_000 }, async () => {
    const viewer = await contextFor("viewer");
    await setFaults("recommendations", { errorRate: 0.5 });
    const overview = await waitFor(
      "recommendations failing and critical",
      async () => {
        const o = await getOverview(viewer, { refresh: "5" });
        const s = o.services.find((x) => x.name === "recommendations");
        // The knob's own effect, not an earlier test's alert or budget: the live error ratio.
        return s?.status === "critical" && (s.errorRatio ?? 0) >= 0.05 ? o : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 2_000 },
    );
    const failing = overview.services.find((s) => s.name === "recommendations")!;
    expect(failing.errorRatio).toBeGreaterThanOrEqual(0.05);
    expect(failing.reasons.join(" ")).toMatch(/errors/);
    // Worst first: the first service on the page is a critical one.
    expect(overview.services[0]!.status).toBe("critical");
    await setFaults("recommendations", { errorRate: 0 });
  });

  it(
    "keeps showing the last good data, with its age and the failing upstream named, then recovers",
    { timeout: 120_000 },
    async () => {
      const viewer = await contextFor("viewer");
      const fresh = await getOverview(viewer, { refresh: "5" });
      expect(fresh.sources.prometheus.state).toBe("ok");
      await stopComponent("prometheus");
      const stale = await waitFor("a stale overview", async () => {
        const o = await getOverview(viewer, { refresh: "5" });
        return o.sources.prometheus.state === "stale" ? o : undefined;
      });
      expect(stale.sources.prometheus).toMatchObject({
        state: "stale",
        message: expect.stringMatching(/Prometheus/),
      });
      expect(stale.services.find((s) => s.name === "web")?.requestRate).toBeGreaterThan(0);
      await startComponent("prometheus");
      await waitFor(
        "a fresh overview again",
        async () =>
          (await getOverview(viewer, { refresh: "5" })).sources.prometheus.state === "ok" ? true : undefined,
        { timeoutMs: 60_000, intervalMs: 2_000 },
      );
    },
  );
});

describe("service pages and the catalog", () => {
  it("charts a service with exemplars that point at traces", async () => {
    const viewer = await contextFor("viewer");
    const detail = await getServiceDetail(viewer, "web", { from: "now-15m", refresh: "5" });
    expect(detail.sources.prometheus.state).toBe("ok");
    expect(detail.charts!.rateByRoute.map((s) => s.labels.http_route).sort()).toEqual([
      "/",
      "/checkout",
      "/product/:id",
    ]);
    expect(detail.charts!.latency.map((s) => s.labels.quantile).sort()).toEqual(["0.5", "0.95", "0.99"]);
    expect(detail.targets).toEqual([expect.objectContaining({ up: true })]);
    expect(detail.exemplars.length).toBeGreaterThan(0);
    expect(detail.exemplars[0]!.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it("answers a service name with quotes safely (no data, no injection)", async () => {
    const viewer = await contextFor("viewer");
    const detail = await getServiceDetail(viewer, 'web"} or vector(1) or up{x="', { refresh: "5" });
    expect(detail.charts!.rateByRoute).toEqual([]);
    expect(detail.targets).toEqual([]);
  });

  it("lets operators describe a service, refuses viewers, and catches concurrent edits", async () => {
    const operator = await contextFor("operator");
    const viewer = await contextFor("viewer");
    const saved = await updateServiceMeta(operator, "checkout", {
      ownerTeam: "payments-team",
      tier: "tier1",
      sloObjective: 0.995,
      expectedVersion: 0,
    });
    expect(saved).toMatchObject({ ownerTeam: "payments-team", version: 1 });
    await expect(
      updateServiceMeta(operator, "checkout", { ownerTeam: "someone-else", expectedVersion: 0 }),
    ).rejects.toThrow(/Someone else changed checkout/);
    await expect(
      updateServiceMeta(viewer, "checkout", { ownerTeam: "x", expectedVersion: 1 }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const catalog = await listCatalog(viewer);
    expect(catalog.services.find((s) => s.name === "checkout")).toMatchObject({
      ownerTeam: "payments-team",
      discovered: true,
      sloObjective: 0.995,
    });
    const overview = await getOverview(viewer, { refresh: "5" });
    expect(overview.services.find((s) => s.name === "checkout")?.slo.objective).toBe(0.995);
  });
});
