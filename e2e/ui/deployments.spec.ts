// Deployments in the browser against the stack's real API server and Argo Rollouts controller: rollouts
// waiting for a person, promoting, a failed analysis and its retry, undo, blue-green, who may press what,
// and the Service page. Each test makes its rollouts in a namespace of its own, except the analysis one,
// which needs the demo fleet to serve the canary (the revision sync follows namespace `demo` only).
import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { apiAs, setFault } from "../support/fixtures";
import { storageStateFor } from "../support/instances";
import {
  applyBlueGreen,
  freshNamespace,
  getRollout,
  imageOf,
  isHealthy,
  newRevision,
  pausedCanary,
  pausedFor,
  rolloutUrl,
  waitForRollout,
} from "../support/kubernetes";
import { imageFor } from "@/stack/kubernetes/demo-rollouts";

/** Presses an action, gives a reason and confirms; returns the dialog once it shows the outcome. */
async function act(page: Page, button: string, dialogName: string, reason: string, confirm = button) {
  await page.getByTestId("actions-bar").getByRole("button", { name: button, exact: true }).click();
  const dialog = page.getByRole("dialog", { name: dialogName });
  await expect(dialog).toBeVisible();
  const submit = dialog.getByRole("button", { name: confirm, exact: true });
  await expect(submit).toBeDisabled(); // a reason first
  await dialog.getByLabel("Reason").fill(reason);
  await submit.click();
  await expect(dialog.getByTestId("action-outcome")).toContainText("Done", { timeout: 15_000 });
  return dialog;
}

/**
 * Opens a rollout's page and waits for its data: on a busy machine hydration alone can take longer than
 * an assertion's usual wait.
 */
async function openRollout(page: Page, url: string) {
  await page.goto(url);
  await expect(page.getByTestId("rollout-facts")).toBeVisible({ timeout: 60_000 });
}

const currentStep = (page: Page) => page.locator('[aria-current="step"]');
const status = (page: Page) => page.getByTestId("rollout-facts").getByTestId("delivery-status");

test.describe("as an operator", () => {
  test.use({ storageState: storageStateFor("operator") });

  test("a new revision waits for promotion on top of the list; Promote moves the page to the next step, live", async ({
    page,
  }) => {
    test.setTimeout(180_000);
    const namespace = await pausedCanary("e2e-promote", "checkout", [
      { setWeight: 25 },
      { pause: {} },
      { setWeight: 50 },
      { pause: {} },
    ]);
    const url = await rolloutUrl(namespace, "checkout");

    await page.goto(`/deployments?namespace=${namespace}`);
    await expect(page.getByTestId("waiting-for-you")).toBeVisible({ timeout: 60_000 });
    const waiting = page.getByTestId(`waiting-${namespace}-checkout`);
    await expect(waiting).toContainText("paused at step 2 of 4 until promoted");
    await expect(waiting).toContainText(/waiting \d+ (s|min)/);
    const row = page.getByTestId(`deployment-row-${namespace}-checkout`);
    await expect(row).toHaveAttribute("data-status", "Paused");
    await expect(row).toContainText("2 of 4");
    await expect(row).toContainText("25%");
    // The rollout's own link (the service's link has the same name and comes later).
    await row.getByRole("link", { name: "checkout", exact: true }).first().click();
    await expect(page).toHaveURL(url);
    await expect(page.getByTestId("rollout-facts")).toBeVisible({ timeout: 60_000 });
    await expect(page.getByRole("heading", { name: "checkout", level: 1 })).toBeVisible();
    await expect(page.getByTestId("live-indicator")).toHaveText("Live");
    await expect(currentStep(page)).toHaveAttribute("data-testid", "step-2");
    await expect(currentStep(page)).toContainText("Waits for a person to promote");

    const dialog = await act(page, "Promote", "Promote checkout?", "canary metrics look good");
    await expect(dialog.getByTestId("action-target")).toContainText(namespace);
    await expect(dialog.getByTestId("action-effect")).toHaveText(
      "This moves checkout from step 2 of 4 to step 3: weight 25% → 50%.",
    );
    await expect(dialog.getByTestId("action-outcome")).toContainText("Before: step 2 of 4");
    await dialog.getByRole("button", { name: "Close" }).click();

    // The controller moves on through step 3 to the next pause; the open page follows without a reload.
    await expect(currentStep(page)).toHaveAttribute("data-testid", "step-4", { timeout: 10_000 });
    await expect(currentStep(page)).toContainText("Waits for a person to promote");
    await expect(page.getByTestId("rollout-facts")).toContainText("50% set");

    await page.getByRole("tab", { name: "History" }).click();
    await expect(page).toHaveURL(/tab=history/);
    const entry = page.getByTestId("rollout-history").locator('tr[data-kind="action"]').first();
    await expect(entry).toContainText("Promote");
    await expect(entry).toContainText("canary metrics look good");
    await expect(entry).toContainText("success");
    await expect(entry).toContainText("e2e-operator@example.com");
  });

  test("a failed analysis shows its measured values and the abort; Promote says why it is off; Retry starts over", async ({
    page,
  }) => {
    test.setTimeout(300_000);
    // The demo checkout canary analyses its own error ratio, which the fleet's canary-only knob drives.
    const [namespace, app] = ["demo", "checkout"];
    const tag = `e2e-${randomBytes(3).toString("hex")}`;
    await newRevision(namespace, app, tag);
    await waitForRollout(
      namespace,
      app,
      "to pause at step 2 with the new revision",
      (r) =>
        imageOf(r) === imageFor(app, tag) &&
        pausedFor("CanaryPauseStep")(r) &&
        r.status?.currentStepIndex === 1,
    );
    await setFault(app, { errorRate: 0.9, revision: "canary" });
    try {
      await openRollout(page, await rolloutUrl(namespace, app));
      await act(page, "Promote", "Promote checkout?", "let the analysis judge the canary");
      await page.getByRole("dialog").getByRole("button", { name: "Close" }).click();

      await expect(status(page)).toHaveAttribute("data-status", "Aborted", { timeout: 150_000 });
    } finally {
      await setFault(app, { errorRate: 0, revision: "canary" });
    }
    const metric = page.getByTestId("metric-error-ratio").first();
    await expect(metric.getByTestId("success-condition")).toHaveText("result[0] < 0.05");
    const values = await metric.getByTestId("measurement-value").allTextContents();
    const measured = values.map((v) => Number(v.replace(/[[\]\s]/g, ""))).filter((v) => Number.isFinite(v));
    expect(
      measured.some((v) => v >= 0.05),
      `values measured: ${values.join(", ")}`,
    ).toBe(true);
    await expect(metric.locator('tr[data-phase="Failed"]').first()).toBeVisible();

    const promote = page.getByTestId("actions-bar").getByRole("button", { name: "Promote", exact: true });
    await expect(promote).toHaveAttribute("aria-disabled", "true");
    await expect(promote).toHaveAccessibleDescription(
      "Promote does nothing on an aborted rollout: retry it first.",
    );
    await promote.focus();
    await expect(page.getByTestId("action-explanation")).toContainText("retry it first");
    await promote.click({ force: true });
    await expect(page.getByRole("dialog")).toHaveCount(0);

    await act(page, "Retry", "Retry checkout?", "the canary fault is fixed");
    await page.getByRole("dialog").getByRole("button", { name: "Close" }).click();
    await expect(status(page)).not.toHaveAttribute("data-status", "Aborted", { timeout: 15_000 });
    await expect(currentStep(page)).toHaveAttribute("data-testid", "step-2", { timeout: 30_000 });
    await expect(currentStep(page)).toContainText("Waits for a person to promote");
  });

  test("Undo rolls the rollout back to the previous revision's template from the page", async ({ page }) => {
    test.setTimeout(180_000);
    const namespace = await pausedCanary("e2e-undo", "payments", [{ setWeight: 50 }, { pause: {} }]);
    await openRollout(page, await rolloutUrl(namespace, "payments"));
    await expect(page.getByLabel("Undo to")).toHaveValue("1");
    await act(page, "Undo", "Roll payments back to revision 1?", "v2 breaks card payments", "Roll back to 1");
    await page.getByRole("dialog").getByRole("button", { name: "Close" }).click();

    const rolledBack = await waitForRollout(namespace, "payments", "to run v1 again", isHealthy);
    expect(imageOf(rolledBack)).toBe(imageFor("payments", "v1"));
    await expect(status(page)).toHaveAttribute("data-status", "Healthy", { timeout: 15_000 });
  });

  test("blue-green: active and preview side by side; Promote switches the active service", async ({
    page,
  }) => {
    test.setTimeout(180_000);
    const namespace = await freshNamespace("e2e-bluegreen");
    await applyBlueGreen(namespace, "web");
    await waitForRollout(namespace, "web", "to be healthy at v1", isHealthy);
    await newRevision(namespace, "web", "v2");
    await waitForRollout(namespace, "web", "to preview v2", pausedFor("BlueGreenPause"));

    await openRollout(page, await rolloutUrl(namespace, "web"));
    await expect(page.getByTestId("blue-green-active-revision")).toHaveText("1");
    await expect(page.getByTestId("blue-green-preview-revision")).toHaveText("2");
    await expect(page.getByTestId("blue-green-active")).toContainText("service web");
    await expect(page.getByTestId("blue-green-preview")).toContainText("service web-preview");

    const dialog = await act(page, "Promote", "Promote web?", "preview checked by hand");
    await expect(dialog.getByTestId("action-effect")).toContainText("switches the active service of web");
    await dialog.getByRole("button", { name: "Close" }).click();
    await expect(page.getByTestId("blue-green-active-revision")).toHaveText("2", { timeout: 15_000 });
    const promoted = await getRollout(namespace, "web");
    expect(promoted.status?.blueGreen?.activeSelector).toBe(promoted.status?.currentPodHash);
  });

  test("in a production namespace, Abort needs the rollout's name typed", async ({ page }) => {
    test.setTimeout(120_000);
    const namespace = await pausedCanary("e2e-prod", "orders"); // DEPLOYMENTS_PRODUCTION_NAMESPACES=e2e-prod-*
    await openRollout(page, await rolloutUrl(namespace, "orders"));
    await expect(page.getByTestId("rollout-facts")).toContainText("production");
    await page.getByTestId("actions-bar").getByRole("button", { name: "Abort", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Abort orders?" });
    await expect(dialog.getByTestId("action-target")).toContainText("production");
    const submit = dialog.getByRole("button", { name: "Abort", exact: true });
    await dialog.getByLabel("Reason").fill("v2 leaks connections");
    await expect(submit).toBeDisabled();
    const name = dialog.getByLabel("Type orders to confirm");
    await name.fill("order");
    await expect(submit).toBeDisabled();
    await name.fill("orders");
    await submit.click();
    await expect(dialog.getByTestId("action-outcome")).toContainText("Done", { timeout: 15_000 });
    await dialog.getByRole("button", { name: "Close" }).click();
    await expect(status(page)).toHaveAttribute("data-status", "Aborted", { timeout: 15_000 });
  });

  test("the Service page shows the service's rollout in progress, linking to it", async ({ page }) => {
    test.setTimeout(120_000);
    const app = `shop-${randomBytes(3).toString("hex")}`;
    const namespace = await pausedCanary("e2e-service", app);
    const url = await rolloutUrl(namespace, app);
    await page.goto(`/services/${app}`);
    const card = page.getByTestId("service-rollouts");
    await expect(card).toBeVisible({ timeout: 60_000 });
    await expect(card).toContainText("Paused");
    await expect(card).toContainText("step 2 of 2");
    await card.getByRole("link", { name: app, exact: true }).click();
    await expect(page).toHaveURL(url);
  });
});

for (const role of ["viewer", "responder"] as const) {
  test(`a ${role} watches a paused rollout with no button to press, and the API refuses them`, async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const namespace = await pausedCanary(`e2e-${role}`, "inventory");
    const url = await rolloutUrl(namespace, "inventory");
    const context = await browser.newContext({ storageState: storageStateFor(role) });
    const page = await context.newPage();
    try {
      await openRollout(page, url);
      await expect(status(page)).toHaveAttribute("data-status", "Paused");
      await expect(page.getByTestId("no-actions")).toBeVisible();
      await expect(page.getByTestId("actions-bar")).toHaveCount(0);
      for (const name of ["Promote", "Promote full", "Abort", "Retry", "Undo"])
        await expect(page.getByRole("button", { name, exact: true })).toHaveCount(0);

      const api = await apiAs(role);
      const rollout = await getRollout(namespace, "inventory");
      const refused = await api.post(`/api${url}/actions`, {
        data: {
          action: "promote",
          reason: "I should not be able to",
          expected: { resourceVersion: rollout.metadata.resourceVersion, step: 1, revision: 2 },
          idempotencyKey: crypto.randomUUID(),
        },
      });
      expect(refused.status()).toBe(403);
      await api.dispose();
    } finally {
      await context.close();
    }
  });
}
