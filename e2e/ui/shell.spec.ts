import { expect, test } from "@playwright/test";
import { storageStateFor } from "../support/instances";

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
