// Incidents end to end against the real stack: an error knob makes Prometheus fire an alert,
// Alertmanager's webhook opens an incident, and two people on two app instances run it together.
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { apiAs, sameOrigin, setFault, stackUrls } from "../support/fixtures";
import { APP_B, ROLE_USERS, storageStateFor, WEBHOOK_TOKEN } from "../support/instances";

type IncidentSummary = { number: number; title: string; services: string[]; source: string };

const RUNBOOK = {
  title: `Inventory answers 5xx (${randomBytes(3).toString("hex")})`,
  body: [
    "Inventory keeps stock and reservations.",
    "",
    "## Checklist",
    "",
    "- [ ] Check the inventory database connections",
    "- [ ] Roll back the last inventory deployment",
    "",
  ].join("\n"),
  services: ["inventory"],
  alertNames: ["HighErrorRatio"],
  tags: ["e2e"],
  ownerTeam: "stock",
};

async function expireSilences(service: string) {
  const alertmanager = stackUrls().alertmanager;
  const silences = (await (await fetch(`${alertmanager}/api/v2/silences`)).json()) as {
    id: string;
    status: { state: string };
    matchers: { name: string; value: string }[];
  }[];
  for (const s of silences) {
    if (s.status.state === "active" && s.matchers.some((m) => m.name === "service" && m.value === service))
      await fetch(`${alertmanager}/api/v2/silence/${s.id}`, { method: "DELETE" });
  }
}

test.describe("incidents", () => {
  test.use({ storageState: storageStateFor("responder") });

  test("an alert opens an incident that two responders on two instances run to its postmortem", async ({
    page,
    browser,
  }) => {
    test.setTimeout(300_000);
    const responder = await apiAs("responder");
    const created = await responder.post("/api/runbooks", { data: RUNBOOK });
    expect(created.status()).toBe(201);

    await setFault("inventory", { errorRate: 0.8 });
    const other = await browser.newContext({ storageState: storageStateFor("operator"), baseURL: APP_B.url });
    try {
      // Prometheus fires HighErrorRatio, Alertmanager calls the webhook: the incident opens by itself.
      let incident: IncidentSummary | undefined;
      await expect
        .poll(
          async () => {
            const { incidents } = (await (await responder.get("/api/incidents?status=open")).json()) as {
              incidents: IncidentSummary[];
            };
            incident = incidents.find((i) => i.source === "alertmanager" && i.services.includes("inventory"));
            // Its caller's alert may have opened it first, with inventory's joined (grouping): by service.
            return incident?.services ?? [];
          },
          { timeout: 200_000, intervals: [5_000] },
        )
        .toContain("inventory");
      const number = incident!.number;

      // The service's page lists it, with the service's runbook.
      await page.goto("/services/inventory");
      await expect(page.getByRole("list", { name: "Open incidents" })).toContainText(`#${number}`);
      await expect(page.getByRole("list", { name: "Runbooks" })).toContainText(RUNBOOK.title);

      await page.goto("/incidents");
      await page.getByTestId(`incident-row-${number}`).getByRole("link").click();
      await expect(page.getByRole("heading", { level: 1 })).toContainText(`#${number}`);
      await expect(page.getByTestId("live-indicator")).toHaveText(/Live/);
      await expect(page.getByTestId("timeline")).toContainText("HighErrorRatio fired on inventory");

      // The operator follows the same incident on instance B.
      const watcher = await other.newPage();
      await watcher.goto(`/incidents/${number}`);
      await expect(watcher.getByTestId("live-indicator")).toHaveText(/Live/);
      await expect(watcher.getByTestId("role-commander")).toContainText("nobody");

      await page.getByRole("button", { name: "Take command" }).click();
      await expect(page.getByTestId("role-commander")).toContainText(ROLE_USERS.responder);
      await expect(watcher.getByTestId("role-commander")).toContainText(ROLE_USERS.responder, {
        timeout: 15_000,
      });

      // And writes on B what they see; A gets it without reloading.
      await watcher.getByLabel("Add to the timeline").fill("Inventory pods restart in a loop");
      await watcher.getByRole("button", { name: "Add note" }).click();
      await expect(page.getByTestId("timeline")).toContainText("Inventory pods restart in a loop", {
        timeout: 15_000,
      });

      // The runbook named by the alert is offered; its checklist runs inside the incident.
      await page.getByRole("link", { name: RUNBOOK.title }).click();
      await expect(page.getByRole("heading", { name: RUNBOOK.title, level: 1 })).toBeVisible();
      await expect(page.getByRole("heading", { name: "Checklist" })).toBeVisible();
      await page.getByRole("button", { name: `Run its 2 steps in #${number}` }).click();
      await page.getByRole("link", { name: /Checklist running in the incident/ }).click();
      await expect(page.getByRole("heading", { level: 1 })).toContainText(`#${number}`);
      for (const step of [
        "Check the inventory database connections",
        "Roll back the last inventory deployment",
      ]) {
        // The box is controlled by the incident's state, ticked a moment after the click (optimistically,
        // before the server answers): click and wait, where check() would insist on it within the click.
        await page.getByRole("checkbox", { name: step }).click();
        await expect(page.getByRole("checkbox", { name: step })).toBeChecked();
      }
      await expect(
        watcher.getByRole("checkbox", { name: "Roll back the last inventory deployment" }),
      ).toBeChecked({
        timeout: 15_000,
      });
      // A tick and a status change right after it are both saved: they change different things.
      await page.getByRole("checkbox", { name: "Check the inventory database connections" }).click();
      await page.getByLabel("Status").selectOption("identified");
      await expect(page.getByTestId("timeline")).toContainText("Status: investigating → identified");
      await expect(page.getByTestId("timeline")).toContainText(
        "Undone: Check the inventory database connections",
      );
      await expect(watcher.getByLabel("Status")).toHaveValue("identified", { timeout: 15_000 });
      await expect(page.getByText("Someone else changed")).toHaveCount(0);

      // Silence the alert from the incident's link to its services' alerts.
      await page.getByRole("link", { name: "Alerts of these services" }).click();
      // Taking command acknowledged it for the commander (a silence): shown with who has it.
      await page.getByLabel("Show silenced").check();
      const alert = page.getByTestId("alert-HighErrorRatio-inventory");
      await expect(alert).toBeVisible({ timeout: 30_000 });
      await expect(alert.getByTestId("alert-holder")).toContainText(
        `${ROLE_USERS.responder} has it · incident #${number}`,
      );
      await alert.getByRole("button", { name: "Silence" }).click();
      const dialog = page.getByRole("dialog", { name: "Silence HighErrorRatio for inventory" });
      await dialog.getByLabel("Why").fill(`Incident #${number} is handling it`);
      await dialog.getByRole("button", { name: "Create silence" }).click();
      await expect(dialog).toBeHidden();
      await setFault("inventory", { errorRate: 0 });

      // The silence lands in the incident's timeline by itself, on both instances.
      await page.goto(`/incidents/${number}`);
      await expect(page.getByTestId("timeline")).toContainText(`Incident #${number} is handling it`);
      await expect(watcher.getByTestId("timeline")).toContainText(`Incident #${number} is handling it`, {
        timeout: 15_000,
      });

      // Resolve, with a confirmation that names the incident.
      await page.getByLabel("Status").selectOption("resolved");
      const confirm = page.getByRole("alertdialog", { name: `Resolve incident #${number}?` });
      await confirm.getByRole("button", { name: `Resolve #${number}` }).click();
      await expect(confirm).toBeHidden();
      await expect(watcher.getByLabel("Status")).toHaveValue("resolved", { timeout: 15_000 });

      // The postmortem: key events come from the timeline, the rest is written here.
      await page.getByRole("tab", { name: "postmortem" }).click();
      await page.getByLabel("Root cause").fill("A bad config push exhausted the inventory connection pool.");
      await page.getByRole("button", { name: "Add action item" }).click();
      await page.getByLabel("Action item 1", { exact: true }).fill("Alert on connection pool saturation");
      await page.getByLabel("Owner of action item 1").fill("stock team");
      await page.getByRole("button", { name: "Save postmortem" }).click();
      await expect(page.getByText("Postmortem saved.")).toBeVisible();

      const exported = await page.request.get(`/api/incidents/${number}/postmortem`);
      expect(exported.status()).toBe(200);
      expect(exported.headers()["content-disposition"]).toContain(`incident-${number}`);
      const markdown = await exported.text();
      expect(markdown).toContain(`# Postmortem: incident #${number}`);
      expect(markdown).toContain(`| Commander | ${ROLE_USERS.responder} |`);
      expect(markdown).toContain("| Status | resolved |");
      expect(markdown).toContain("A bad config push exhausted the inventory connection pool.");
      expect(markdown).toContain("Alert on connection pool saturation");
      expect(markdown).toContain("HighErrorRatio fired on inventory");

      // Every step is in the audit log, with who did it.
      const admin = await apiAs("admin");
      const audit = (await (await admin.get(`/api/audit?targetType=incident`)).json()) as {
        entries: { action: string; actorEmail: string | null }[];
      };
      const actions = audit.entries.map((e) => `${e.action}:${e.actorEmail}`);
      expect(actions).toEqual(
        expect.arrayContaining([
          "incident.alertmanager_webhook:alertmanager",
          `incident.assign_role:${ROLE_USERS.responder}`,
          `incident.note:${ROLE_USERS.operator}`,
          `incident.check_step:${ROLE_USERS.responder}`,
          `incident.update:${ROLE_USERS.responder}`,
        ]),
      );
      await admin.dispose();

      // The stack's sink got the outbox's notifications of the incident opening and resolving.
      await expect
        .poll(async () => {
          const received = (await (await fetch(`${stackUrls().sink}/received`)).json()) as {
            path: string;
            body: { event?: string; incident?: { number: number } };
          }[];
          return received
            .filter((r) => r.path === "/incidents" && r.body.incident?.number === number)
            .map((r) => r.body.event);
        })
        .toEqual(expect.arrayContaining(["incident.declared", "incident.status_changed"]));
    } finally {
      await setFault("inventory", { errorRate: 0 });
      await expireSilences("inventory");
      await other.close();
      await responder.dispose();
    }
  });

  test("a responder declares an incident by hand; a viewer can read it but not change it", async ({
    page,
    browser,
  }) => {
    await page.goto("/incidents");
    await page.getByRole("button", { name: "Declare incident" }).click();
    const dialog = page.getByRole("dialog", { name: "Declare an incident" });
    await dialog.getByRole("button", { name: "Declare incident" }).click();
    await expect(dialog.getByLabel("Title")).toHaveAttribute("aria-invalid", "true");
    await dialog.getByLabel("Title").fill("Checkout is slow for EU customers");
    await dialog.getByLabel("Affected services").fill("checkout, web");
    await dialog.getByLabel("What is happening").fill("p95 above 2 s since 10:40 UTC.");
    await dialog.getByRole("button", { name: "Declare incident" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Checkout is slow for EU customers");
    const number = /\/incidents\/(\d+)/.exec(page.url())![1];

    const viewer = await browser.newContext({ storageState: storageStateFor("viewer") });
    const viewerPage = await viewer.newPage();
    await viewerPage.goto(`/incidents/${number}`);
    await expect(viewerPage.getByRole("heading", { level: 1 })).toContainText(
      "Checkout is slow for EU customers",
    );
    await expect(viewerPage.getByRole("button", { name: "Take command" })).toHaveCount(0);
    await expect(viewerPage.getByLabel("Add to the timeline")).toHaveCount(0);
    const refused = await viewerPage.request.post(`/api/incidents/${number}/notes`, {
      data: { body: "hi" },
      headers: sameOrigin(),
    });
    expect(refused.status()).toBe(403);
    await viewer.close();
  });

  test("a responder merges one alert's incident into another, and splits that alert back out", async ({
    page,
  }) => {
    // Two alerts of two services nothing relates (no traces between them): two incidents.
    const tag = randomBytes(3).toString("hex");
    const [first, second] = [`merge-a-${tag}`, `merge-b-${tag}`];
    const notify = async (service: string) => {
      const alert = {
        labels: { alertname: "HighErrorRatio", service, severity: "critical" },
        annotations: { summary: `${service} fails 60% of requests` },
      };
      const response = await page.request.post("/api/webhooks/alertmanager", {
        headers: { Authorization: `Bearer ${WEBHOOK_TOKEN}` },
        data: {
          version: "4",
          groupKey: `{}:{alertname="HighErrorRatio", service="${service}"}`,
          status: "firing",
          receiver: "opsdeck",
          groupLabels: { alertname: "HighErrorRatio", service },
          commonLabels: alert.labels,
          commonAnnotations: alert.annotations,
          externalURL: "http://alertmanager",
          alerts: [
            {
              status: "firing",
              ...alert,
              startsAt: new Date().toISOString(),
              endsAt: "0001-01-01T00:00:00Z",
              generatorURL: "http://prometheus/graph",
              fingerprint: tag,
            },
          ],
        },
      });
      expect(response.status()).toBe(200);
      return ((await response.json()) as { incidentNumber: number }).incidentNumber;
    };
    const from = await notify(first);
    const into = await notify(second);
    expect(into).not.toBe(from);

    await page.goto(`/incidents/${from}`);
    await page.getByRole("button", { name: "Merge into…" }).click();
    const choose = page.getByRole("dialog", { name: `Merge #${from} into another incident` });
    await choose.getByLabel("Merge into").selectOption(String(into));
    await choose.getByRole("button", { name: "Continue" }).click();
    // The confirmation names both.
    const confirm = page.getByRole("alertdialog", { name: `Merge #${from} into #${into}?` });
    await confirm.getByRole("button", { name: `Merge into #${into}` }).click();
    await expect(page).toHaveURL(new RegExp(`/incidents/${into}$`));
    const alerts = page.getByRole("list", { name: "Alerts in this incident" });
    const moved = alerts.getByTestId(`alert-group-HighErrorRatio-${first}`);
    await expect(moved).toBeVisible();
    await expect(alerts.getByTestId(`alert-group-HighErrorRatio-${second}`)).toBeVisible();

    // The merged one says where it went.
    await page.goto(`/incidents/${from}`);
    await expect(page.getByRole("link", { name: `Open #${into}`, exact: true })).toBeVisible();

    // Split back out: a new incident of its own.
    await page.goto(`/incidents/${into}`);
    await moved.getByRole("button", { name: "Split out" }).click();
    const split = page.getByRole("alertdialog", { name: new RegExp(`out of #${into}\\?$`) });
    await split.getByRole("button", { name: "Split into a new incident" }).click();
    const made = page.getByRole("status").filter({ hasText: "is now" }).getByRole("link");
    await expect(made).toHaveText(/^incident #\d+$/);
    await expect(moved).toHaveCount(0);
    await made.click();
    await expect(page.getByRole("list", { name: "Alerts in this incident" })).toContainText(first);
  });
});
