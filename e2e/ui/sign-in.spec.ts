import { expect, test, type Page } from "@playwright/test";
import { apiAs, createUserWithPassword } from "../support/fixtures";

const PASSWORD = "a password long enough";

/** The form's message (Next.js's own route announcer also has role=alert, and is empty). */
const formAlert = (page: Page) => page.locator('[role="alert"]:not(#__next-route-announcer__)');

async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

test("signs in, lands where it was going, and signs out", async ({ page }) => {
  const user = await createUserWithPassword("responder", PASSWORD);
  await page.goto("/incidents?from=now-6h");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fincidents%3Ffrom%3Dnow-6h/);
  await signIn(page, user.email, PASSWORD);
  await expect(page).toHaveURL(/\/incidents\?from=now-6h$/);
  await expect(page.getByRole("heading", { name: "Incidents", level: 1 })).toBeVisible();
  await expect(page.getByTestId("current-user")).toHaveText("Test responder");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("You are signed out.")).toBeVisible();
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin/);
});

test("a wrong password says so, without saying which part was wrong", async ({ page }) => {
  const user = await createUserWithPassword("viewer", PASSWORD);
  await page.goto("/signin");
  await signIn(page, user.email, "not the password");
  await expect(formAlert(page)).toHaveText("Wrong email or password.");
  await signIn(page, "nobody@example.com", "not the password");
  await expect(formAlert(page)).toHaveText("Wrong email or password.");
});

test("failed sign-ins slow down the next attempt, with a clear message, but never lock the account", async ({
  page,
}) => {
  const user = await createUserWithPassword("viewer", PASSWORD);
  await page.goto("/signin");
  await signIn(page, user.email, "wrong 1");
  await expect(formAlert(page)).toHaveText("Wrong email or password.");
  await page.waitForTimeout(1_100); // the wait after one failure
  await signIn(page, user.email, "wrong 2");
  await expect(formAlert(page)).toHaveText("Wrong email or password.");
  // Two failures: the next attempt from here waits 2 s, even with the right password.
  await signIn(page, user.email, PASSWORD);
  await expect(formAlert(page)).toContainText(
    "Too many failed sign-in attempts for this account from your address. Try again in",
  );
  await page.waitForTimeout(2_100);
  await signIn(page, user.email, PASSWORD);
  await expect(page.getByTestId("current-user")).toHaveText("Test viewer");
});

test("redirects after sign-in stay on this site", async ({ page, baseURL }) => {
  const user = await createUserWithPassword("viewer", PASSWORD);
  await page.goto("/signin?callbackUrl=https%3A%2F%2Fevil.example.com%2Fphish");
  await signIn(page, user.email, PASSWORD);
  await expect(page).toHaveURL(`${baseURL}/`);
});

test("a disabled user is signed out at once and cannot sign in again", async ({ browser, page }) => {
  const user = await createUserWithPassword("operator", PASSWORD);
  await page.goto("/signin");
  await signIn(page, user.email, PASSWORD);
  await expect(page.getByTestId("current-user")).toHaveText("Test operator");

  const admin = await apiAs("admin");
  expect((await admin.patch(`/api/users/${user.id}`, { data: { status: "disabled" } })).status()).toBe(200);
  await admin.dispose();

  // The open page polls the API too: its own 401 may redirect to sign-in first and abort this navigation.
  // Either way the user must land on the sign-in page.
  await page.goto("/services").catch((error: Error) => {
    if (!error.message.includes("ERR_ABORTED")) throw error;
  });
  await expect(page).toHaveURL(/\/signin\?expired=1/);
  await expect(page.getByText("Your session ended. Sign in again.")).toBeVisible();

  const freshContext = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const fresh = await freshContext.newPage();
  await fresh.goto("/signin");
  await signIn(fresh, user.email, PASSWORD);
  await expect(formAlert(fresh)).toHaveText("This account is disabled. Ask an administrator to enable it.");
  await freshContext.close();
});
