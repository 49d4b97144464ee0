// The Account page: changing one's own password, and choosing how times are shown. Each test makes a user
// of its own: the role users' passwords and preferences are shared by every other spec.
import { expect, test, type Page } from "@playwright/test";
import { apiAs, createUserWithPassword } from "../support/fixtures";

const PASSWORD = "a password long enough";
const NEW_PASSWORD = "another password, longer still";

/** The form's message (Next.js's own route announcer also has role=alert, and is empty). */
const formAlert = (page: Page) => page.locator('[role="alert"]:not(#__next-route-announcer__)');

async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

test("a viewer changes their password on the Account page and signs in with the new one", async ({
  page,
}) => {
  const user = await createUserWithPassword("viewer", PASSWORD);
  await page.goto("/signin");
  await signIn(page, user.email, PASSWORD);
  await page.getByTestId("current-user").click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("heading", { name: "Account", level: 1 })).toBeVisible();
  const profile = page.getByTestId("account-profile");
  await expect(profile).toContainText(user.email);
  await expect(profile).toContainText("viewer");
  await expect(profile).toContainText("Email and password");

  const form = page.getByRole("form", { name: "Change your password" });
  await form.getByLabel("Current password").fill(PASSWORD);
  await form.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await form.getByLabel("New password again").fill(NEW_PASSWORD);
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Your password is changed.")).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("You are signed out.")).toBeVisible();
  await signIn(page, user.email, PASSWORD);
  await expect(formAlert(page)).toHaveText("Wrong email or password.");
  await page.waitForTimeout(1_100); // the wait after one failed sign-in
  await signIn(page, user.email, NEW_PASSWORD);
  await expect(page.getByTestId("current-user")).toHaveText("Test viewer");
});

test.describe("in a browser far from UTC", () => {
  // Browser-local times would read as New York's: UTC on the page is the preference at work.
  test.use({ locale: "en-US", timezoneId: "America/New_York" });

  test("local times read in the browser's zone, rendered so by the server once it has said which", async ({
    page,
  }) => {
    const errors: string[] = [];
    page.on("console", (m) => void (m.type() === "error" && errors.push(m.text())));
    page.on("pageerror", (e) => errors.push(e.message));
    const user = await createUserWithPassword("viewer", PASSWORD);
    await page.goto("/signin");
    await signIn(page, user.email, PASSWORD);
    await expect(page.getByTestId("current-user")).toBeVisible();
    await page.goto("/account");
    // The server's zone is not New York's: the first render agrees with the server, then the browser's.
    await expect(page.getByTestId("time-preview")).toHaveText("09:42:07 EST");
    // The browser has told its zone: the server now renders the page in it.
    const html = await (await page.request.get("/account")).text();
    expect(html).toContain("09:42:07 EST");
    await page.reload();
    await expect(page.getByTestId("time-preview")).toHaveText("09:42:07 EST");
    expect(errors.filter((e) => /hydrat|did not match/i.test(e))).toEqual([]);
  });

  test("switching to UTC and a 24-hour clock shows every time so, with its zone", async ({ page }) => {
    // Two saves and five page loads: on a loaded machine that is more than the default 30 s.
    test.slow();
    const user = await createUserWithPassword("viewer", PASSWORD);
    const responder = await apiAs("responder");
    const declared = await responder.post("/api/incidents", {
      data: { title: `Times in UTC ${Date.now()}`, severity: "SEV4" },
    });
    expect(declared.status()).toBe(201);
    const { incident } = (await declared.json()) as { incident: { number: number } };
    await responder.dispose();

    await page.goto("/signin");
    await signIn(page, user.email, PASSWORD);
    await expect(page.getByTestId("current-user")).toBeVisible();
    await page.goto("/account");
    // Loaded after hydration: the form keeps what is chosen from here on.
    await expect(page.getByTestId("account-profile")).toBeVisible();
    const form = page.getByRole("form", { name: "How times are shown" });
    await form.getByLabel("Time zone").selectOption("utc");
    await form.getByLabel("Clock").selectOption("h24");
    await expect(page.getByTestId("time-preview")).toHaveText("14:42:07 UTC");
    await form.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("Saved: every time now shows this way.")).toBeVisible();

    await page.goto(`/incidents/${incident.number}`);
    const firstTime = page.getByTestId("timeline").locator("time").first();
    await expect(firstTime).toHaveText(/^\d{2}:\d{2}:\d{2} UTC$/);

    // And on a 12-hour clock, still in UTC.
    await page.goto("/account");
    await expect(page.getByTestId("account-profile")).toBeVisible();
    await form.getByLabel("Clock").selectOption("h12");
    await form.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("Saved: every time now shows this way.")).toBeVisible();
    await page.goto(`/incidents/${incident.number}`);
    await expect(firstTime).toHaveText(/^\d{1,2}:\d{2}:\d{2}\s(AM|PM) UTC$/i);
  });
});
