// Runbooks: writing, versions, diff and restore, search, and Markdown that cannot run script.
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { apiAs } from "../support/fixtures";
import { storageStateFor } from "../support/instances";

test.use({ storageState: storageStateFor("responder") });

test("a runbook is written, revised, compared, restored and found by search", async ({ page }) => {
  const word = `zebrafish${randomBytes(3).toString("hex")}`;
  const title = `Flush the ${word} cache`;
  await page.goto("/runbooks");
  await page.getByRole("link", { name: "New runbook" }).click();
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Services").fill("cart");
  await page.getByLabel("Alerts").fill("CacheHitRatioLow");
  await page
    .getByLabel("Runbook body (Markdown)")
    .fill(`Steps for the ${word} cache.\n\n- [ ] Drain traffic\n- [ ] Flush\n`);
  await expect(page.getByText("2 checklist steps")).toBeVisible();
  await page.getByRole("tab", { name: "Preview" }).click();
  await expect(page.getByRole("checkbox")).toHaveCount(2);
  await page.getByRole("button", { name: "Create runbook" }).click();
  await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  await expect(page.getByText("version 1")).toBeVisible();

  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByRole("tab", { name: "Write" }).click();
  const body = page.getByLabel("Runbook body (Markdown)");
  await body.fill(
    `Steps for the ${word} cache.\n\n- [ ] Drain traffic\n- [ ] Warm the cache first\n- [ ] Flush\n`,
  );
  await page.getByLabel("What changed").fill("Warm before flushing");
  await page.getByRole("button", { name: "Save as version 2" }).click();
  await expect(page.getByText("version 2")).toBeVisible();
  await expect(page.getByRole("list", { name: "Versions" })).toContainText("Warm before flushing");

  await page.getByRole("link", { name: "Compare with current" }).click();
  const diff = page.getByTestId("runbook-diff");
  await expect(diff.getByText("Warm the cache first")).toBeVisible();
  await expect(page.getByText("+1 −0 lines")).toBeVisible();
  expect(page.url()).toMatch(/from=1&to=2/);

  await page.getByRole("link", { name: title }).click();
  await page.getByRole("button", { name: "Restore" }).click();
  await page
    .getByRole("alertdialog", { name: `Restore version 1 of “${title}”?` })
    .getByRole("button", { name: "Restore v1" })
    .click();
  await expect(page.getByText("version 3")).toBeVisible();
  await expect(page.getByText("Warm the cache first")).toHaveCount(0);

  // The palette's "All results" opens the search page, which finds it by a word of its body and marks it.
  await page.getByRole("button", { name: "Search or jump to…" }).click();
  await page.getByRole("combobox", { name: "Search or jump to" }).fill(word);
  await page.getByRole("option", { name: `All results for “${word}”` }).click();
  const hit = page.getByTestId("search-hit").filter({ hasText: title });
  await expect(hit).toBeVisible();
  await expect(hit.locator("mark").first()).toHaveText(new RegExp(word, "i"));

  // An alert link lists it first.
  await page.goto(`/runbooks?alert=CacheHitRatioLow`);
  await expect(page.getByTestId("runbook-row").first()).toContainText(title);
  await expect(page.getByTestId("runbook-row").first()).toContainText("for this alert");
});

test("a stale edit is refused and says so, keeping the text", async ({ page }) => {
  const api = await apiAs("responder");
  const created = await api.post("/api/runbooks", {
    data: { title: `Conflict ${randomBytes(3).toString("hex")}`, body: "v1" },
  });
  const { runbook } = (await created.json()) as { runbook: { id: string } };
  await page.goto(`/runbooks/${runbook.id}/edit`);
  await page.getByLabel("Runbook body (Markdown)").fill("my careful edit");
  // Someone else saves first.
  await api.put(`/api/runbooks/${runbook.id}`, {
    data: { title: "Conflict, renamed", body: "their edit", expectedVersion: 1 },
  });
  await page.getByRole("button", { name: "Save as version 2" }).click();
  await expect(page.getByText("Someone saved this runbook while you were editing.")).toBeVisible();
  await expect(page.getByLabel("Runbook body (Markdown)")).toHaveValue("my careful edit");
  await api.dispose();
});

test("Markdown is rendered without scripts, handlers or javascript: links", async ({ page }) => {
  const api = await apiAs("responder");
  const created = await api.post("/api/runbooks", {
    data: {
      title: `Hostile ${randomBytes(3).toString("hex")}`,
      body: [
        "# Heading",
        "<script>window.__pwned = 1</script>",
        '<img src=x onerror="window.__pwned = 2">',
        "[click me](javascript:window.__pwned=3)",
        "[docs](https://example.com/docs)",
      ].join("\n\n"),
    },
  });
  const { runbook } = (await created.json()) as { runbook: { id: string } };
  await page.goto(`/runbooks/${runbook.id}`);
  await expect(page.getByRole("heading", { name: "Heading" })).toBeVisible();
  await expect(page.locator(".markdown script")).toHaveCount(0);
  await expect(page.locator(".markdown img")).toHaveCount(0);
  await expect(page.locator('.markdown a[href^="javascript"]')).toHaveCount(0);
  await expect(page.getByRole("link", { name: "docs" })).toHaveAttribute("rel", /noopener/);
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
  await api.dispose();
});

test.describe("as a viewer", () => {
  test.use({ storageState: storageStateFor("viewer") });

  test("runbooks can be read but not written", async ({ page }) => {
    await page.goto("/runbooks");
    await expect(page.getByRole("heading", { name: "Runbooks", level: 1 })).toBeVisible();
    await expect(page.getByRole("link", { name: "New runbook" })).toHaveCount(0);
    await page.goto("/runbooks/new");
    await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
  });
});
