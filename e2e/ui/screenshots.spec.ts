// Screenshots of the main pages in both themes, for looking at (test-results/screenshots) and for the
// README. They assert the pages rendered, not pixels.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIResponse } from "@playwright/test";
import { apiAs } from "../support/fixtures";
import { storageStateFor } from "../support/instances";
import { pausedCanary, rolloutUrl } from "../support/kubernetes";

const OUT = path.resolve(import.meta.dirname, "..", "..", "test-results", "screenshots");

test.use({ storageState: storageStateFor("admin"), viewport: { width: 1360, height: 820 } });

/** An incident with a timeline and a runbook with a checklist, so their pages have something to show. */
async function sampleIncident(): Promise<{ incident: number; runbook: string }> {
  const api = await apiAs("admin");
  const ok = async (response: APIResponse) => {
    if (!response.ok()) throw new Error(`${response.url()}: ${response.status()} ${await response.text()}`);
    return response.json() as Promise<Record<string, { id: string; number: number }>>;
  };
  const { runbook } = await ok(
    await api.post("/api/runbooks", {
      data: {
        title: "Checkout: payment provider errors",
        services: ["checkout", "payments"],
        alertNames: ["HighErrorRatio"],
        ownerTeam: "payments",
        body: "When the provider fails, checkout fails.\n\n## Checklist\n\n- [ ] Check the provider's status page\n- [ ] Switch to the fallback provider\n- [ ] Post a status update\n",
      },
    }),
  );
  const { incident } = await ok(
    await api.post("/api/incidents", {
      data: {
        title: "Card payments fail for 30% of orders",
        severity: "SEV2",
        services: ["checkout", "payments"],
        summary: "Provider returns 503 since 14:02 UTC.",
      },
    }),
  );
  await ok(await api.post(`/api/incidents/${incident!.number}/roles`, { data: { role: "commander" } }));
  await ok(
    await api.post(`/api/incidents/${incident!.number}/notes`, {
      data: { body: "Provider status page confirms a partial outage." },
    }),
  );
  await ok(
    await api.post(`/api/incidents/${incident!.number}/checklists`, { data: { runbookId: runbook!.id } }),
  );
  await api.dispose();
  return { incident: incident!.number, runbook: runbook!.id };
}

/** The slowest and the fastest recent checkout through web, for the trace pages. */
async function checkoutTraces(): Promise<[string, string]> {
  const api = await apiAs("admin");
  const search = new URLSearchParams({
    service: "web",
    operation: "POST /checkout",
    from: "now-15m",
    to: "now",
    limit: "50",
  });
  type Found = { traces: { traceId: string; durationUs: number }[] };
  let traces: Found["traces"] = [];
  // On a fresh stack the first checkouts may be seconds away.
  await expect
    .poll(
      async () => {
        traces = ((await (await api.get(`/api/traces?${search}`)).json()) as Found).traces;
        return traces.length;
      },
      { message: "two checkout traces in Jaeger", timeout: 60_000, intervals: [5_000] },
    )
    .toBeGreaterThanOrEqual(2);
  await api.dispose();
  const sorted = [...traces].sort((a, b) => b.durationUs - a.durationUs);
  return [sorted[0]!.traceId, sorted.at(-1)!.traceId];
}

for (const scheme of ["light", "dark"] as const) {
  test(`main pages in ${scheme} mode`, async ({ page }) => {
    test.setTimeout(150_000); // fifteen pages, each waited for until the network is quiet
    mkdirSync(OUT, { recursive: true });
    await page.emulateMedia({ colorScheme: scheme });
    const { incident, runbook } = await sampleIncident();
    const [slow, fast] = await checkoutTraces();
    // A canary of its own waiting for promotion (the demo's rollouts belong to the deployments spec).
    const namespace = await pausedCanary(`shots-${scheme}`, "checkout", [
      { setWeight: 25 },
      { pause: {} },
      { setWeight: 50 },
      { pause: { duration: "1m" } },
    ]);
    const checkoutRollout = await rolloutUrl(namespace, "checkout");
    for (const [name, url, heading] of [
      ["overview", "/", "Overview"],
      ["service", "/services/checkout?from=now-15m", "checkout"],
      ["alerts", "/alerts?silenced=true", "Alerts"],
      ["admin-users", "/admin/users", "Users"],
      ["audit", "/audit", "Audit log"],
      ["incidents", "/incidents?status=all", "Incidents"],
      ["incident", `/incidents/${incident}`, `#${incident}`],
      ["runbooks", "/runbooks", "Runbooks"],
      ["runbook", `/runbooks/${runbook}`, "Checkout: payment provider errors"],
      ["traces", "/traces?service=web&operation=POST+%2Fcheckout&from=now-15m", "Traces"],
      ["trace", `/traces/${slow}`, "web: POST /checkout"],
      ["trace-compare", `/traces/compare?a=${slow}&b=${fast}`, "Compare traces"],
      ["trace-dependencies", "/traces/dependencies?lookback=15", "Service dependencies"],
      ["deployments", "/deployments", "Deployments"],
      ["rollout", checkoutRollout, "checkout"],
    ] as const) {
      await page.goto(url);
      await expect(page.getByRole("heading", { name: heading, level: 1 })).toBeVisible();
      await page.waitForLoadState("networkidle");
      await page.screenshot({ path: path.join(OUT, `${name}-${scheme}.png`), fullPage: true });
    }
  });
}

test("sign-in page", async ({ browser }) => {
  const context = await browser.newContext({
    viewport: { width: 1000, height: 700 },
    storageState: { cookies: [], origins: [] },
  });
  const page = await context.newPage();
  await page.goto("/signin");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: path.join(OUT, "signin.png") });
  await context.close();
});
