import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { sameOrigin, uniqueEmail } from "../support/fixtures";
import { ROLE_USERS, storageStateFor } from "../support/instances";

test.use({ storageState: storageStateFor("admin") });

test("every action is on the Audit page, filterable, exportable and verifiable", async ({
  page,
  request,
}) => {
  const email = uniqueEmail("audited");
  const invited = await request.post("/api/users", {
    data: { email, role: "responder" },
    headers: sameOrigin(),
  });
  expect(invited.status()).toBe(201);
  const userId = ((await invited.json()) as { user: { id: string } }).user.id;

  await page.goto("/audit");
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  const rows = page.getByTestId("audit-row");
  await expect(rows.first()).toBeVisible();

  await page.getByLabel("Actor email").fill(ROLE_USERS.admin);
  await page.getByLabel("Action").selectOption("user.invite");
  // Other tests invite users at the same time; the target id singles this one out.
  await page.getByLabel("Target id").fill(userId);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/actor=e2e-admin(%40|@)example\.com/);
  await expect(page).toHaveURL(/action=user\.invite/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("user.invite");
  await expect(rows.first()).toContainText(ROLE_USERS.admin);

  await rows.first().click();
  await expect(page.getByText(`"email": "${email}"`)).toBeVisible();

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const csv = readFileSync(await (await download).path(), "utf8");
  expect(csv.split("\n")[0]).toBe(
    "seq,at,actorEmail,actorRole,authMethod,action,targetType,targetId,result,reason,params,requestId,ip,userAgent",
  );
  expect(csv).toContain(email);
  expect(csv).not.toContain("auth.sign_in"); // the filter applies to the export too

  await page.getByRole("button", { name: "Verify integrity" }).click();
  await expect(page.getByText(/The audit chain is intact: \d+ entries checked\./)).toBeVisible();
});

test("a viewer is refused the audit log, in the page and in the API", async ({ browser }) => {
  const context = await browser.newContext({ storageState: storageStateFor("viewer") });
  const page = await context.newPage();
  await page.goto("/audit");
  await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
  await expect(page.getByText("admin", { exact: true }).first()).toBeVisible();
  const api = await context.request.get("/api/audit");
  expect(api.status()).toBe(403);
  await context.close();
});
