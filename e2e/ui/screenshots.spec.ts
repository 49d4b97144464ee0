// Screenshots of the main pages in both themes, for looking at (test-results/screenshots) and for the
// README. They assert the pages rendered, not pixels.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { storageStateFor } from "../support/instances";
import { pausedCanary, rolloutUrl } from "../support/kubernetes";
import { checkoutTraces, sampleIncident } from "../support/samples";

const OUT = path.resolve(import.meta.dirname, "..", "..", "test-results", "screenshots");

test.use({ storageState: storageStateFor("admin"), viewport: { width: 1440, height: 900 } });

for (const scheme of ["light", "dark"] as const) {
  test(`main pages in ${scheme} mode`, async ({ page }) => {
    test.setTimeout(600_000); // twenty-four pages, each waited for until its data is drawn
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
      ["silences", "/alerts/silences", "Alerts"],
      ["rules", "/alerts/rules", "Alerts"],
      ["services", "/services", "Services"],
      ["explore", "/explore?query=sum+by+%28service%29+%28up%29", "Explore"],
      ["search", "/search?q=checkout", "Search"],
      ["admin-users", "/admin/users", "Users"],
      ["admin-connections", "/admin/connections", "Settings"],
      ["admin-deliveries", "/admin/deliveries", "Webhook deliveries"],
      ["audit", "/audit", "Audit log"],
      ["incidents", "/incidents?status=all", "Incidents"],
      ["incident", `/incidents/${incident}`, `#${incident}`],
      ["incident-metrics", "/incidents/metrics", "Incident metrics"],
      ["runbooks", "/runbooks", "Runbooks"],
      ["runbook", `/runbooks/${runbook}`, "Checkout: payment provider errors"],
      ["traces", "/traces?service=web&operation=POST+%2Fcheckout&from=now-15m", "Traces"],
      ["trace", `/traces/${slow}`, "web: POST /checkout"],
      ["trace-compare", `/traces/compare?a=${slow}&b=${fast}`, "Compare traces"],
      ["trace-dependencies", "/traces/dependencies?lookback=15", "Service dependencies"],
      ["deployments", "/deployments", "Deployments"],
      ["rollout", checkoutRollout, "checkout"],
      ["account", "/account", "Account"],
    ] as const) {
      await page.goto(url);
      await expect(page.getByRole("heading", { name: heading, level: 1 })).toBeVisible();
      await page.waitForLoadState("networkidle");
      // A picture of a skeleton shows nothing to look at: wait (up to a while) for the data to be drawn.
      await page
        .waitForFunction(() => !document.querySelector(".animate-pulse"), null, { timeout: 20_000 })
        .catch(() => undefined); // a page still loading after that is pictured as it is
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
