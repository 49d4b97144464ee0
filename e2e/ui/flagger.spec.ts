// Flagger canaries in the browser against the stack's real Flagger 1.44.0 controller, whose gate webhooks
// call instance A (FLAGGER_WEBHOOK_TOKEN): a new revision waits for promotion until an operator opens the
// gate, and a viewer cannot; the fault knob fails the analysis and the page shows each failed check;
// a rollback asked for in Opsdeck during the analysis; a wrong token. Each canary lives in a namespace of
// its own and analyses the fleet service's real error ratio in Prometheus.
import { expect, test, type Page } from "@playwright/test";
import { apiAs, setFault, stackUrls } from "../support/fixtures";
import { APP_A, FLAGGER_WEBHOOK_TOKEN, storageStateFor } from "../support/instances";
import { freshNamespace, kube } from "../support/kubernetes";
import {
  canaryDeployment,
  errorRatioMetricTemplate,
  flaggerCanary,
  opsdeckGateUrls,
  type CanaryOptions,
} from "@/stack/kubernetes/demo-flagger";
import { applyInNamespace, setImageTag } from "@/stack/kubernetes/demo-rollouts";

/** A Canary for a fleet service in a fresh namespace whose gates call Opsdeck; returns its namespace. */
async function gatedCanary(prefix: string, service: string, options: Omit<CanaryOptions, "gateUrls">) {
  const namespace = await freshNamespace(prefix);
  await applyInNamespace(kube(), namespace, errorRatioMetricTemplate(stackUrls().prometheus));
  await applyInNamespace(kube(), namespace, canaryDeployment(service));
  await applyInNamespace(
    kube(),
    namespace,
    flaggerCanary(service, { ...options, gateUrls: opsdeckGateUrls(APP_A.url, FLAGGER_WEBHOOK_TOKEN) }),
  );
  return namespace;
}

const canaryUrl = (namespace: string, name: string) => `/deployments/flagger/local/${namespace}/${name}`;

/** Opens a canary's page and waits until Flagger has initialised it (its primary runs). */
async function openCanary(page: Page, namespace: string, name: string, phase = "Initialized") {
  await page.goto(canaryUrl(namespace, name));
  await expect(page.getByTestId("canary-facts")).toBeVisible({ timeout: 60_000 });
  await expect(phaseOf(page)).toContainText(phase, { timeout: 120_000 });
}

const phaseOf = (page: Page) => page.getByTestId("canary-facts").getByTestId("delivery-status");

/** Opens a gate (or asks for a rollback) in its confirmation; returns when the outcome shows. */
async function confirm(page: Page, gate: string, action: string, title: string, submitName: string) {
  await page.getByTestId(`gate-${gate}`).locator(`button[data-action="${action}"]`).click();
  const dialog = page.getByRole("dialog", { name: title });
  await expect(dialog.getByTestId("action-target")).toContainText(gate);
  const submit = dialog.getByRole("button", { name: submitName, exact: true });
  await expect(submit).toBeDisabled(); // a reason first
  await dialog.getByLabel("Reason").fill("checked the canary by hand");
  await submit.click();
  await expect(dialog.getByTestId("action-outcome")).toBeVisible({ timeout: 15_000 });
  await dialog.getByRole("button", { name: "Close", exact: true }).click();
}

test.describe("as an operator", () => {
  test.use({ storageState: storageStateFor("operator") });

  test("a new revision waits for promotion; opening the gate in the browser gets it promoted within seconds", async ({
    page,
  }) => {
    test.setTimeout(300_000);
    // recommendations calls nothing and only this file faults it (after this test): the analysis of a
    // service other specs fault, or one that calls them (checkout calls payments), fails meanwhile.
    const namespace = await gatedCanary("e2e-flagger-promote", "recommendations", { iterations: 1 });
    await openCanary(page, namespace, "recommendations");
    await setImageTag(kube(), namespace, "recommendations", "v2", "Deployment");
    await expect(phaseOf(page)).toContainText("WaitingPromotion", { timeout: 150_000 });
    await expect(page.getByTestId("waiting-banner")).toContainText("confirm-promotion");
    const gate = page.getByTestId("gate-confirm-promotion");
    await expect(gate).toHaveAttribute("data-open", "false");
    await expect(gate).toContainText(/closed/);

    // On top of the list, beside the Argo rollouts.
    await page.goto(`/deployments?namespace=${namespace}`);
    await expect(page.getByTestId(`waiting-${namespace}-recommendations`)).toBeVisible({ timeout: 60_000 });
    await page.goto(canaryUrl(namespace, "recommendations"));
    await expect(phaseOf(page)).toContainText("WaitingPromotion", { timeout: 60_000 });

    await confirm(
      page,
      "confirm-promotion",
      "open",
      "Open the confirm-promotion gate of recommendations?",
      "Open confirm-promotion",
    );
    const opened = Date.now();
    await expect(gate).toHaveAttribute("data-open", "true");
    await expect(phaseOf(page)).toContainText("Healthy", { timeout: 60_000 });
    await expect(phaseOf(page)).toContainText("Succeeded");
    console.log(
      `e2e flagger: gate opened → page shows Succeeded in ${((Date.now() - opened) / 1000).toFixed(1)} s`,
    );
    await expect(page.getByTestId("gate-history")).toContainText("operator");
    await expect(page.getByTestId("gate-history")).toContainText("checked the canary by hand");
  });

  test("with the fault knob on, the page shows each failed check with its value, and Flagger's rollback", async ({
    page,
  }) => {
    test.setTimeout(300_000);
    const namespace = await gatedCanary("e2e-flagger-fault", "recommendations", {
      threshold: 2,
      iterations: 3,
    });
    await openCanary(page, namespace, "recommendations");
    try {
      await setFault("recommendations", { errorRate: 0.8 });
      await expect
        .poll(
          async () => {
            const response = await fetch(
              `${stackUrls().prometheus}/api/v1/query?query=${encodeURIComponent('sum(service:http_server_error_ratio:rate1m{service="recommendations"}) or vector(0)')}`,
            );
            const body = (await response.json()) as { data: { result: { value: [number, string] }[] } };
            return Number(body.data.result[0]?.value[1] ?? 0);
          },
          { timeout: 90_000, message: "the fault to show in Prometheus" },
        )
        .toBeGreaterThan(0.05);
      await setImageTag(kube(), namespace, "recommendations", "v2", "Deployment");
      const checks = page.getByTestId("failed-checks");
      await expect(checks.locator("li").first()).toContainText(/error-ratio 0\.\d+ > 0\.05/, {
        timeout: 150_000,
      });
      await expect(phaseOf(page)).toContainText("Failed", { timeout: 120_000 });
      await expect(checks.locator("li")).toHaveCount(2);
      await expect(page.getByTestId("canary-metrics")).toContainText(/0\.\d+ > 0\.05/);
      await expect(page.getByText(/rolled back: failed checks threshold reached 2/)).toBeVisible();
      // Over: no rollback to ask for; the page says how to revert instead.
      await expect(page.getByTestId("revert-route")).toContainText("rollout undo deployment/recommendations");
      await expect(page.locator('button[data-action="rollback"]')).toBeDisabled();
    } finally {
      await setFault("recommendations", { errorRate: 0 });
    }
  });

  test("Roll back during the analysis: Flagger rolls back", async ({ page }) => {
    test.setTimeout(300_000);
    const namespace = await gatedCanary("e2e-flagger-rollback", "inventory", {
      iterations: 10,
      threshold: 10,
    });
    await openCanary(page, namespace, "inventory");
    await setImageTag(kube(), namespace, "inventory", "v2", "Deployment");
    await expect(phaseOf(page)).toContainText("Progressing", { timeout: 150_000 });
    await confirm(page, "rollback", "rollback", "Roll inventory back?", "Roll back");
    await expect(phaseOf(page)).toContainText("Failed", { timeout: 60_000 });
    await expect(page.getByText(/rolled back: manual webhook invoked/)).toBeVisible();
  });
});

test("a viewer sees a canary waiting with no button to press, and the API refuses them", async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const namespace = await gatedCanary("e2e-flagger-viewer", "web", {
    iterations: 1,
    gates: ["confirm-rollout"],
  });
  const context = await browser.newContext({ storageState: storageStateFor("viewer") });
  const page = await context.newPage();
  try {
    await openCanary(page, namespace, "web");
    await setImageTag(kube(), namespace, "web", "v2", "Deployment");
    await expect(phaseOf(page)).toContainText("Waiting", { timeout: 150_000 });
    await expect(page.getByTestId("no-actions")).toBeVisible();
    await expect(page.getByTestId("gates").getByRole("button")).toHaveCount(0);
    const api = await apiAs("viewer");
    const refused = await api.post(`/api${canaryUrl(namespace, "web")}/gates`, {
      data: {
        action: "open",
        gate: "confirm-rollout",
        reason: "I should not be able to",
        idempotencyKey: crypto.randomUUID(),
      },
    });
    expect(refused.status()).toBe(403);
    await api.dispose();
  } finally {
    await context.close();
  }
});

test("a gate webhook with a wrong token is refused 401 and the gate stays closed", async () => {
  test.setTimeout(300_000);
  const namespace = await gatedCanary("e2e-flagger-token", "payments", { iterations: 1 });
  const body = { name: "payments", namespace, phase: "Progressing", checksum: "abc" };
  const call = (token: string) =>
    fetch(`${APP_A.url}/api/webhooks/flagger/${token}/confirm-promotion`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const wrong = await call("not-the-token-0123456789");
  expect(wrong.status).toBe(401);
  // With the right token the answer is the gate's state: still closed (403), for a canary Opsdeck knows.
  await expect
    .poll(
      async () =>
        ((await (await call(FLAGGER_WEBHOOK_TOKEN)).json()) as { gate: { reason: string } }).gate.reason,
      {
        timeout: 60_000,
      },
    )
    .toMatch(/is closed/);
  expect((await call(FLAGGER_WEBHOOK_TOKEN)).status).toBe(403);
});
