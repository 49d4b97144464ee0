// Signs in once per role through the real sign-in page and keeps the session for the other projects.
import { expect, test as setup } from "@playwright/test";
import { PASSWORD, ROLE_USERS, storageStateFor, type RoleName } from "./instances";

for (const role of Object.keys(ROLE_USERS) as RoleName[]) {
  setup(`sign in as ${role}`, async ({ page }) => {
    await page.goto("/signin");
    await page.getByLabel("Email").fill(ROLE_USERS[role]);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByTestId("current-user")).toHaveText(`E2E ${role}`);
    await page.context().storageState({ path: storageStateFor(role) });
  });
}
