// Screenshots of the main pages in both themes, for looking at (test-results/screenshots) and for the
// README. They assert the pages rendered, not pixels.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { storageStateFor } from "../support/instances";

const OUT = path.resolve(import.meta.dirname, "..", "..", "test-results", "screenshots");

test.use({ storageState: storageStateFor("admin"), viewport: { width: 1360, height: 820 } });

for (const scheme of ["light", "dark"] as const) {
  test(`main pages in ${scheme} mode`, async ({ page }) => {
    mkdirSync(OUT, { recursive: true });
    await page.emulateMedia({ colorScheme: scheme });
    for (const [name, url, heading] of [
      ["overview", "/", "Overview"],
      ["service", "/services/checkout?from=now-15m", "checkout"],
      ["alerts", "/alerts?silenced=true", "Alerts"],
      ["admin-users", "/admin/users", "Users"],
      ["audit", "/audit", "Audit log"],
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
