import { expect, test } from "@playwright/test";
import { sameOrigin, uniqueEmail } from "../support/fixtures";
import { APP_A, storageStateFor } from "../support/instances";

test.use({ storageState: storageStateFor("admin") });

test("an admin invites a viewer, who sets a password, signs in and sees only what a viewer may", async ({
  page,
  browser,
}) => {
  const email = uniqueEmail("invited");
  await page.goto("/admin/users");
  await page.getByRole("button", { name: "Invite user" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite a user" });
  await dialog.getByLabel("Email").fill("not an email");
  await dialog.getByRole("button", { name: "Invite" }).click();
  await expect(dialog.getByText("Enter a valid email address.")).toBeVisible();

  await dialog.getByLabel("Email").fill(email);
  await dialog.getByLabel("Name (optional)").fill("Vera Viewer");
  await dialog.getByRole("button", { name: "Invite" }).click();
  const link = await page.getByTestId("one-time-link").inputValue();
  expect(link).toMatch(/\/invite\/[\w-]{40,}$/);
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByTestId(`user-row-${email}`)).toContainText("invited");

  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const invitee = await context.newPage();
  await invitee.goto(link);
  await expect(invitee.getByText(email)).toBeVisible();
  await invitee.getByLabel("Password", { exact: true }).fill("vera's long password");
  await invitee.getByLabel("Repeat the password").fill("vera's long password");
  await invitee.getByRole("button", { name: "Set password" }).click();
  await expect(invitee.getByText("Your password is set. Sign in with it.")).toBeVisible();
  await invitee.getByLabel("Email").fill(email);
  await invitee.getByLabel("Password").fill("vera's long password");
  await invitee.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(invitee.getByTestId("current-user")).toHaveText("Vera Viewer");

  const nav = invitee.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Incidents" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Audit" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Users" })).toHaveCount(0);
  await invitee.goto("/admin/users");
  await expect(invitee.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();

  // The link worked once.
  await invitee.goto(link);
  await expect(invitee.getByText("This link is not valid any more.")).toBeVisible();
  await context.close();

  // Promote to operator; the confirmation names the person.
  await page.getByLabel(`Role of ${email}`).selectOption("operator");
  const confirm = page.getByRole("alertdialog", { name: `Make ${email} operator?` });
  await expect(confirm).toBeVisible();
  await confirm.getByRole("button", { name: "Make operator" }).click();
  await expect(page.getByLabel(`Role of ${email}`)).toHaveValue("operator");
});

test("disabling asks first, naming the user", async ({ page, request }) => {
  const email = uniqueEmail("to-disable");
  const invite = await request.post("/api/users", { data: { email, role: "viewer" }, headers: sameOrigin() });
  expect(invite.status()).toBe(201);
  await page.goto("/admin/users");
  // Invited users cannot be disabled before they are active; give this one a password first.
  const token = ((await invite.json()) as { passwordLink: { url: string } }).passwordLink.url.split(
    "/invite/",
  )[1];
  expect(
    (
      await request.post("/api/invitations/accept", {
        data: { token, password: "another long password" },
        headers: sameOrigin(),
      })
    ).ok(),
  ).toBe(true);
  await page.reload();
  const row = page.getByTestId(`user-row-${email}`);
  await row.getByRole("button", { name: "Disable" }).click();
  const confirm = page.getByRole("alertdialog", { name: `Disable ${email}?` });
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(row).toContainText("active");
  await row.getByRole("button", { name: "Disable" }).click();
  await confirm.getByRole("button", { name: `Disable ${email}` }).click();
  await expect(row).toContainText("disabled");
});

test("Settings → Connections shows each upstream as this instance sees it, and tests one on request", async ({
  page,
}) => {
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();

  // The stack's Prometheus and Alertmanager say their versions; Jaeger's API has none to say.
  const prometheus = page.getByTestId("connection-prometheus");
  await expect(prometheus.getByText("up", { exact: true })).toBeVisible();
  await expect(prometheus).toContainText(/\d+\.\d+\.\d+/);
  await expect(page.getByTestId("connection-alertmanager")).toContainText(/\d+\.\d+\.\d+/);
  await expect(page.getByTestId("connection-jaeger").getByText("up", { exact: true })).toBeVisible();
  await expect(page.getByTestId("connection-database")).toContainText("PostgreSQL");
  await expect(page.getByTestId("connection-database").getByText("up", { exact: true })).toBeVisible();
  // Each cluster of the kubeconfig is a connection of its own, with the API server's version.
  await expect(page.locator('[data-testid^="connection-kubernetes:"]').first()).toContainText(/v1\.\d+/);

  await prometheus.getByRole("button", { name: "Test Prometheus" }).click();
  await expect(prometheus.getByText(/checked \ds ago/)).toBeVisible();
  await expect(prometheus.getByText("up", { exact: true })).toBeVisible();

  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `test-results/screenshots/connections-${scheme}.png`, fullPage: true });
  }
});

test("a service Opsdeck does not know is a 404 page that says where services come from", async ({ page }) => {
  await page.goto("/services/no-such-service-anywhere");
  await expect(page.getByRole("heading", { name: "There is no service of that name" })).toBeVisible();
  await expect(page.getByRole("link", { name: "See every service" })).toHaveAttribute("href", "/services");
  // Not the editable page of an empty service.
  await expect(page.getByRole("button", { name: /edit/i })).toHaveCount(0);
});

test("/favicon.ico is served to anyone", async ({ playwright }) => {
  const anonymous = await playwright.request.newContext({ baseURL: APP_A.url });
  const response = await anonymous.get("/favicon.ico", { maxRedirects: 0 });
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toMatch(/image\//);
  await anonymous.dispose();
});
