// Alerts, silences and acknowledgements against the real Alertmanager of the stack.
import { expect, test } from "@playwright/test";
import { apiAs, sameOrigin, setFault } from "../support/fixtures";
import { ROLE_USERS, storageStateFor } from "../support/instances";

test.describe("alerts", () => {
  test.use({ storageState: storageStateFor("responder") });

  test("a firing alert can be acknowledged and silenced, and both are audited", async ({ page }) => {
    test.setTimeout(240_000);
    await setFault("payments", { errorRate: 0.8 });
    try {
      await page.goto(`/alerts?filter=${encodeURIComponent('service="payments"')}&refresh=10s`);
      const alert = page.getByTestId("alert-HighErrorRatio-payments");
      await expect(alert).toBeVisible({ timeout: 180_000 });
      await expect(alert.getByRole("link", { name: "Runbook" })).toHaveAttribute(
        "href",
        /\/runbooks\?alert=HighErrorRatio&service=payments/,
      );

      await alert.getByRole("button", { name: "Acknowledge" }).click();
      await page.getByLabel("Show silenced").check();
      await expect(alert).toContainText(`acknowledged by ${ROLE_USERS.responder}`);

      await alert.getByRole("button", { name: "Silence" }).click();
      const dialog = page.getByRole("dialog", { name: "Silence HighErrorRatio for payments" });
      await expect(dialog.getByLabel("Value 1")).toHaveValue("HighErrorRatio");
      await dialog.getByRole("button", { name: "Create silence" }).click();
      await expect(dialog.getByText("Say why: everyone who sees the alert reads it.")).toBeVisible();
      await dialog.getByLabel("Why").fill("Payment provider incident, tracked upstream");
      await dialog.getByRole("button", { name: "Create silence" }).click();
      await expect(dialog).toBeHidden();

      await page.getByRole("link", { name: "Silences" }).click();
      const row = page.getByRole("row", { name: /Payment provider incident/ });
      await expect(row).toContainText(ROLE_USERS.responder);
      await row.getByRole("button", { name: "Expire" }).click();
      await page
        .getByRole("alertdialog", { name: /Expire the silence on alertname="HighErrorRatio"/ })
        .getByRole("button", { name: "Expire silence" })
        .click();
      await expect(row).toContainText("expired");

      const admin = await apiAs("admin");
      const audit = (await (
        await admin.get(`/api/audit?actor=${encodeURIComponent(ROLE_USERS.responder)}`)
      ).json()) as { entries: { action: string; result: string }[] };
      expect(audit.entries.map((e) => `${e.action}:${e.result}`)).toEqual(
        expect.arrayContaining([
          "alert.acknowledge:success",
          "silence.create:success",
          "silence.expire:success",
        ]),
      );
      await admin.dispose();
    } finally {
      await setFault("payments", { errorRate: 0 });
    }
  });

  test("a catch-all silence must be confirmed", async ({ page }) => {
    await page.goto("/alerts/silences");
    await page.getByRole("button", { name: "New silence" }).click();
    const dialog = page.getByRole("dialog", { name: "New silence" });
    await dialog.getByLabel("Label 1").fill("alertname");
    await dialog.getByLabel("Operator 1").selectOption("=~");
    await dialog.getByLabel("Value 1").fill(".*");
    await dialog.getByLabel("Why").fill("testing a broad silence");
    await dialog.getByRole("button", { name: "Create silence" }).click();
    await expect(dialog.getByText("These matchers would silence every alert.")).toBeVisible();
    await expect(dialog.getByLabel("Yes, silence every alert that matches these matchers.")).toBeVisible();
  });

  test("the rules view lists Prometheus's rules with their health", async ({ page }) => {
    await page.goto("/alerts/rules");
    await expect(page.getByRole("heading", { name: "opsdeck-service-alerts" })).toBeVisible();
    await expect(page.getByText("HighErrorRatio", { exact: true })).toBeVisible();
  });
});

test("a viewer sees alerts but no silence or acknowledge buttons, and the API refuses them", async ({
  browser,
}) => {
  const context = await browser.newContext({ storageState: storageStateFor("viewer") });
  const page = await context.newPage();
  await page.goto("/alerts");
  await expect(page.getByRole("heading", { name: "Alerts", level: 1 })).toBeVisible();
  await expect(page.getByRole("button", { name: "Silence" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Acknowledge" })).toHaveCount(0);
  const response = await context.request.post("/api/silences", {
    data: { matchers: [{ name: "service", value: "web" }], durationMinutes: 30, comment: "nope" },
    headers: sameOrigin(),
  });
  expect(response.status()).toBe(403);
  await context.close();
});
