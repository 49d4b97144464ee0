// Single sign-on against a real OpenID Connect provider (e2e/support/oidc-idp.ts).
import { expect, test, type Page } from "@playwright/test";
import { apiAs, createUserWithPassword } from "../support/fixtures";

test.use({ storageState: { cookies: [], origins: [] } });

async function signInWithSso(page: Page, login: string) {
  await page.goto("/signin");
  await page.getByRole("button", { name: "Continue with Test IdP" }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
}

test("an SSO user is provisioned with the role mapped from their groups", async ({ page }) => {
  await signInWithSso(page, "sso-sre");
  await expect(page.getByTestId("current-user")).toHaveText("SSO sso-sre");
  await expect(page.getByText("operator", { exact: true })).toBeVisible();

  const admin = await apiAs("admin");
  const users = (await (await admin.get("/api/users")).json()) as {
    users: { email: string; role: string; sso: boolean }[];
  };
  expect(users.users.find((u) => u.email === "sso-sre@sso.example.com")).toMatchObject({
    role: "operator",
    sso: true,
  });
  const audit = await (
    await admin.get("/api/audit?actor=sso-sre@sso.example.com&action=auth.sign_in")
  ).json();
  expect(audit.entries[0]).toMatchObject({ authMethod: "oidc", result: "success" });
  await admin.dispose();
});

test("an SSO user whose groups map to no role is refused with a clear message", async ({ page }) => {
  await signInWithSso(page, "sso-marketing");
  await expect(page).toHaveURL(/\/signin\?error=sso_no_role/);
  await expect(
    page.getByText(
      "Your account has no Opsdeck role. Ask an administrator to grant one at your identity provider.",
    ),
  ).toBeVisible();
});

test("an SSO sign-in with a local administrator's email does not become that administrator", async ({
  page,
}) => {
  const local = await createUserWithPassword("admin", "the local admin's long password");
  // The identity provider vouches for the email: someone there has an account with the admin's address.
  await signInWithSso(page, local.email);
  await expect(page).toHaveURL(/\/signin\?error=sso_account_exists/);
  await expect(page.getByText("An Opsdeck account with this email exists")).toBeVisible();
  await expect(page.getByTestId("current-user")).toHaveCount(0);

  const admin = await apiAs("admin");
  const users = (await (await admin.get("/api/users")).json()) as {
    users: { email: string; role: string; sso: boolean }[];
  };
  expect(users.users.find((u) => u.email === local.email)).toMatchObject({ role: "admin", sso: false });
  await admin.dispose();
});

test("an SSO sign-in whose email the identity provider has not verified is refused", async ({ page }) => {
  await signInWithSso(page, "unverified:someone-new@example.com");
  await expect(page).toHaveURL(/\/signin\?error=sso_unverified_email/);
  await expect(page.getByText("Your identity provider has not verified your email address")).toBeVisible();
});
