import { expect, test, type Locator } from "@playwright/test";
import { storageStateFor } from "../support/instances";
import { pausedCanary } from "../support/kubernetes";
import { checkoutTraces } from "../support/samples";

test.use({ storageState: storageStateFor("operator") });

test("the time range and refresh interval live in the URL and survive navigation", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel("Time range").selectOption("now-6h");
  await expect(page).toHaveURL(/from=now-6h/);
  await page.getByLabel("Refresh interval").selectOption("1m");
  await expect(page).toHaveURL(/refresh=1m/);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Alerts" }).click();
  await expect(page).toHaveURL(/\/alerts\?.*from=now-6h/);
  await expect(page.getByLabel("Time range")).toHaveValue("now-6h");
  await page.reload();
  await expect(page.getByLabel("Refresh interval")).toHaveValue("1m");
});

test("the navigation leads to every area the role may open, and hides the others", async ({ page }) => {
  const nav = page.getByRole("navigation", { name: "Main" });
  await page.goto("/");
  await nav.getByRole("link", { name: /^Deployments/ }).click();
  await expect(page.getByRole("heading", { name: "Deployments", level: 1 })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Users" })).toHaveCount(0);
});

test("on a slow CPU, a rollout waiting shows in the sidebar without upsetting hydration, and the navigation works", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await pausedCanary("e2e-sidebar", "inventory");
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  // Slowed down, hydration takes long enough for the Overview's fetch of the rollouts in progress, the
  // query the sidebar's count reads too, to come back during it. With the sidebar in a Suspense boundary
  // of its own, as it was, this failed every time: React discarded the sidebar, and the click with it.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 6 });
  await page.goto("/");
  await expect(page.getByTestId("waiting-count")).toBeVisible({ timeout: 60_000 });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
  expect(errors).toEqual([]);
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: /^Deployments/ })
    .click();
  await expect(page.getByRole("heading", { name: "Deployments", level: 1 })).toBeVisible();
});

test("the theme switches between system, light and dark", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto("/");
  const html = page.locator("html");
  await page.getByRole("button", { name: /^Theme: system/ }).click();
  await expect(html).toHaveClass(/light/);
  await page.getByRole("button", { name: /^Theme: light/ }).click();
  await expect(html).toHaveClass(/dark/);
  await page.reload();
  await expect(html).toHaveClass(/dark/);
});

test("the shell is usable with the keyboard", async ({ page }) => {
  await page.goto("/");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#main$/);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Services" }).focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/services/);
});

/** Does what opens a dialog until it is open: keys pressed before the page has hydrated do nothing. */
async function untilOpen(dialog: Locator, open: () => Promise<void>) {
  await expect(async () => {
    if (!(await dialog.isVisible())) await open();
    await expect(dialog).toBeVisible({ timeout: 1_000 });
  }).toPass();
}

test("Ctrl-K finds a service by its name and Enter opens it; Esc closes and gives focus back", async ({
  page,
}) => {
  await page.goto("/");
  const trigger = page.getByRole("button", { name: "Search or jump to…" });
  const box = page.getByRole("combobox", { name: "Search or jump to" });
  await untilOpen(box, () => trigger.click());
  await expect(box).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(box).toHaveCount(0);
  await expect(trigger).toBeFocused();

  await page.keyboard.press("ControlOrMeta+k");
  await box.fill("payments");
  const service = page
    .getByRole("group", { name: "Services" })
    .getByRole("option")
    .filter({ has: page.getByText("payments", { exact: true }) });
  await expect(service).toHaveAttribute("aria-selected", "true");
  // A page jump is offered by its name too, and arrow keys move between results.
  await box.fill("alert");
  const jump = page.getByRole("group", { name: "Pages" }).getByRole("option", { name: "Go to Alerts" });
  await expect(jump).toBeVisible();
  await box.fill("payments");
  await expect(service).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("ArrowDown");
  await expect(service).toHaveAttribute("aria-selected", "false");
  await page.keyboard.press("ArrowUp");
  await expect(service).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/services\/payments(\?|$)/);
  await expect(page.getByRole("heading", { name: "payments", level: 1 })).toBeVisible();
});

test("Enter typed before the results arrive opens the top result of what was typed", async ({ page }) => {
  await page.goto("/");
  const box = page.getByRole("combobox", { name: "Search or jump to" });
  await untilOpen(box, () => page.keyboard.press("ControlOrMeta+k"));
  // At once: the server has not answered "payments" yet (only "All results" is on screen).
  await box.fill("payments");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/services\/payments(\?|$)/);
});

test("a pasted trace id is offered at once, checked with Jaeger, and opened", async ({ page }) => {
  const [traceId] = await checkoutTraces();
  await page.goto("/");
  const box = page.getByRole("combobox", { name: "Search or jump to" });
  await untilOpen(box, () => page.keyboard.press("/"));
  await box.fill(`trace_id=${traceId}`);
  const offer = page.getByRole("option", { name: new RegExp(`^Open trace ${traceId}`) });
  await expect(offer).toHaveAttribute("aria-selected", "true");
  // Jaeger's answer adds the trace's duration; "Checking Jaeger…" until then.
  await expect(offer).toContainText(/\d(µs|ms|s|min)\b/);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/traces/${traceId}`));
});

test("? lists the keyboard shortcuts, and / and ? type into fields as characters", async ({ page }) => {
  await page.goto("/search");
  const dialog = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  // Out of the search box, which has the focus when the page opens.
  const heading = page.getByRole("heading", { name: "Search", level: 1 });
  await untilOpen(dialog, async () => {
    await heading.click();
    await page.keyboard.press("?");
  });
  await expect(dialog.getByTestId("shortcut").filter({ hasText: "Search or jump to a page" })).toContainText(
    "/",
  );
  await expect(dialog.getByTestId("shortcut").filter({ hasText: "Run the query" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);

  // The search page has one search box, and what is typed there stays there.
  await expect(page.getByRole("searchbox")).toHaveCount(1);
  const box = page.getByRole("searchbox", { name: "Search" });
  await box.pressSequentially("a/b?");
  await expect(box).toHaveValue("a/b?");
  await expect(page.getByRole("dialog")).toHaveCount(0);
});
