// Traces against the real Jaeger of the e2e stack: from a latency exemplar to the slow trace, its critical
// path, a comparison with a fast one, and the trace attached to an incident; search and its URL.
import { expect, test, type Page } from "@playwright/test";
import { apiAs } from "../support/fixtures";
import { APP_B, storageStateFor } from "../support/instances";

test.use({ storageState: storageStateFor("responder") });

type Summary = { traceId: string; durationUs: number; rootOperation: string };

/** The trace page's rows come with its HTML; it takes clicks once hydrated, a moment it marks. */
async function hydrated(page: Page) {
  await page.waitForFunction(() => performance.getEntriesByName("opsdeck:trace-rendered").length > 0);
}

async function openSlowestExemplar(page: Page) {
  await page.goto("/services/web?from=now-15m&refresh=10s");
  await expect(page.getByText("Dots are exemplars")).toBeVisible({ timeout: 60_000 });
  // The Latency panel: its card holds the chart with the exemplar dots.
  const latency = page.getByRole("heading", { name: "Latency", exact: true }).locator("xpath=../..");
  const dots = latency.locator(".recharts-scatter-symbol");
  // On a fresh stack the latency series needs its first minute of rates before it is drawn.
  await expect(dots.first()).toBeVisible({ timeout: 90_000 });
  // The highest dot is the slowest request among the exemplars: a latency spike's trace.
  const boxes = await dots.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().top));
  await dots.nth(boxes.indexOf(Math.min(...boxes))).click();
  await expect(page).toHaveURL(/\/traces\/[0-9a-f]{32}$/);
}

test("from a latency exemplar to the slow trace: critical path, comparison with a fast one, attached to an incident", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const api = await apiAs("responder");
  const declared = await api.post("/api/incidents", {
    data: { title: `Slow web requests ${Date.now()}`, severity: "SEV3", services: ["web"] },
  });
  expect(declared.status()).toBe(201);
  const { incident } = (await declared.json()) as { incident: { number: number } };

  await openSlowestExemplar(page);
  const slowId = page.url().split("/traces/")[1]!;
  // The exemplar can be seconds younger than the trace's arrival in Jaeger: reload until it is there.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("span-count")).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 60_000 });
  await hydrated(page);
  const spanCount = Number((await page.getByTestId("span-count").textContent())!.replace(/\D/g, ""));
  expect(spanCount).toBeGreaterThan(1);

  const waterfall = page.getByTestId("waterfall");
  await expect(waterfall.getByRole("treeitem")).toHaveCount(spanCount);
  // The critical path is on by default and drawn inside the bars.
  await expect(page.getByRole("button", { name: /Hide critical path \(\d+\)/ })).toBeVisible();
  await expect(waterfall.locator("[data-critical]").first()).toBeVisible();

  // Collapse the root: one row left; expand again.
  const root = waterfall.getByRole("treeitem").first();
  await root.getByRole("button", { name: /^Collapse / }).click();
  await expect(waterfall.getByRole("treeitem")).toHaveCount(1);
  await root.getByRole("button", { name: /^Expand / }).click();
  await expect(waterfall.getByRole("treeitem")).toHaveCount(spanCount);

  // A span's details, and its deep link.
  const second = waterfall.getByRole("treeitem").nth(1);
  const spanId = await second.getAttribute("data-span-id");
  await second.click();
  await expect(page).toHaveURL(new RegExp(`span=${spanId}`));
  const details = page.getByTestId("span-details");
  await expect(details.getByRole("heading", { name: "Attributes" })).toBeVisible();
  await expect(details.getByRole("heading", { name: "Resource" })).toBeVisible();
  await expect(details).toContainText("service.name");
  // Keyboard: the tree moves the selection down.
  await waterfall.focus();
  await page.keyboard.press("ArrowDown");
  await expect(page).not.toHaveURL(new RegExp(`span=${spanId}`));

  // Find within the trace by an attribute key no span or service name contains: every server span has it.
  const find = page.getByLabel("Find spans in this trace");
  await find.fill("http.response.status_code");
  await expect(page.getByText(/^0 of \d+$/)).toBeVisible();
  await find.press("Enter");
  await expect(page.getByText(/^1 of \d+$/)).toBeVisible();
  await expect(details.getByText("http.response.status_code")).toBeVisible();
  await find.fill("");

  // A fast trace of the same operation, found through the search API.
  const rootOperation = (await page.getByRole("heading", { level: 1 }).textContent())!.replace(/^web: /, "");
  const search = await api.get(
    `/api/traces?${new URLSearchParams({ service: "web", operation: rootOperation, from: "now-15m", to: "now", limit: "50" })}`,
  );
  expect(search.ok()).toBe(true);
  const { traces } = (await search.json()) as { traces: Summary[] };
  const fast = traces.filter((t) => t.traceId !== slowId).sort((a, b) => a.durationUs - b.durationUs)[0]!;
  expect(fast).toBeDefined();

  await page.getByRole("link", { name: "Compare with…" }).click();
  await expect(page).toHaveURL(new RegExp(`/traces/compare\\?a=${slowId}`));
  await page.getByLabel("Trace B").fill(fast.traceId);
  await page.getByRole("button", { name: "Compare", exact: true }).click();
  const diff = page.getByTestId("trace-diff");
  await expect(diff.locator("tbody tr").first()).toContainText(rootOperation);
  await expect(diff.locator("tbody tr")).not.toHaveCount(0);
  await expect(page.getByText(/\d+ changed/)).toBeVisible();

  // Back to the slow trace, and onto the incident's timeline.
  await page.goto(`/traces/${slowId}`);
  await hydrated(page);
  await page.getByRole("button", { name: "Attach to incident" }).click();
  const dialog = page.getByRole("dialog", { name: "Attach this trace to an incident" });
  await dialog.getByLabel("Incident").selectOption(String(incident.number));
  await dialog.getByLabel("Note").fill("The slow checkout from the latency spike");
  await dialog.getByRole("button", { name: `Attach to #${incident.number}` }).click();
  await expect(dialog.getByText(`Attached to #${incident.number}`)).toBeVisible();
  await dialog.getByRole("link", { name: `Open #${incident.number}` }).click();
  await expect(
    page.getByText(`Attached trace ${slowId}: The slow checkout from the latency spike`),
  ).toBeVisible();
  await expect(page.getByRole("link", { name: "open trace" })).toHaveAttribute("href", `/traces/${slowId}`);
  await api.dispose();
});

test("search by service, operation and attribute is a shareable URL; two results compare", async ({
  page,
}) => {
  await page.goto("/traces?from=now-15m");
  await expect(page.getByRole("heading", { name: "Choose a service to search its traces" })).toBeVisible();
  await page.getByLabel("Service", { exact: true }).selectOption("web");
  await page.getByLabel("Operation", { exact: true }).selectOption("GET /product/:id");
  await page.getByLabel("Attributes").fill("http.route=/product/:id");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page).toHaveURL(/service=web/);
  await expect(page).toHaveURL(/attr=http\.route/);
  const results = page.getByTestId("trace-results").locator("li");
  await expect(results.first()).toContainText("web: GET /product/:id", { timeout: 30_000 });

  // The same URL in a new page gives the same search.
  const shared = await page.context().newPage();
  await shared.goto(page.url());
  await expect(shared.getByTestId("trace-results").locator("li").first()).toContainText("GET /product/:id");
  await shared.close();

  await results.nth(0).getByRole("checkbox").check();
  await results.nth(1).getByRole("checkbox").check();
  await page.getByRole("button", { name: "Compare", exact: true }).click();
  await expect(page).toHaveURL(/\/traces\/compare\?a=[0-9a-f]{32}&b=[0-9a-f]{32}/);
  await expect(page.getByTestId("trace-diff").locator("tbody tr").first()).toContainText("GET /product/:id");

  // A bad duration is explained next to its field.
  await page.goto("/traces?service=web&minDuration=soon");
  await expect(page.getByText('must be a duration such as "250ms", "1.5s" or "2m"')).toBeVisible();
});

test("a trace id Jaeger does not have says so, with a way on", async ({ page }) => {
  await page.goto(`/traces/${"0".repeat(31)}7`);
  await expect(page.getByRole("heading", { name: "Jaeger has no such trace" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Search traces" })).toBeVisible();
  await page.goto("/traces/not-a-trace");
  await expect(page.getByRole("heading", { name: "That is not a trace id" })).toBeVisible();
});

test("a trace's header and first rows come with the page, before its scripts run, and the browser does not ask for the trace again", async ({
  page,
}) => {
  const api = await apiAs("responder");
  type Found = Summary & { rootService: string; spanCount: number };
  let found: Found | undefined;
  // Only traces that ended half a minute ago: a newer one may still be missing spans (each service
  // exports in batches), and its root could change between this search and the page.
  await expect(async () => {
    const search = await api.get(
      `/api/traces?${new URLSearchParams({ service: "web", from: "now-15m", to: "now-30s", limit: "20" })}`,
    );
    expect(search.ok()).toBe(true);
    const { traces } = (await search.json()) as { traces: Found[] };
    found = traces.find((t) => t.spanCount > 1);
    expect(found).toBeDefined();
  }).toPass({ timeout: 60_000 });
  await api.dispose();
  const { traceId, rootService, rootOperation } = found!;

  // Without the page's scripts (React, the query client, the fetch) only what the server sent can show.
  const scripts = (url: URL) => url.pathname.startsWith("/_next/static/") && url.pathname.endsWith(".js");
  await page.route(scripts, (route) => route.abort());
  await page.goto(`/traces/${traceId}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${rootService}: ${rootOperation}`);
  await expect(page.getByTestId("span-count")).toHaveText(/^[1-9][\d,]*$/);
  const firstRow = page.getByTestId("waterfall").getByRole("treeitem").first();
  await expect(firstRow).toContainText(rootOperation);
  // The span details are on their way before any script runs. React sometimes writes the link twice, the
  // element and the preload hint the RSC payload carries for it; the browser fetches it once (below).
  await expect(
    page.locator(`link[rel="preload"][href="/api/traces/${traceId}/details"]`).first(),
  ).toBeAttached();
  await page.unroute(scripts);

  // With them, the page takes over from those rows without asking for the trace, and takes up the
  // preloaded span details instead of asking for them again.
  const asked: string[] = [];
  page.on("request", (request) => asked.push(new URL(request.url()).pathname));
  await page.goto(`/traces/${traceId}`);
  await hydrated(page);
  await page.getByTestId("waterfall").getByRole("treeitem").nth(1).click();
  const details = page.getByTestId("span-details");
  await expect(details.getByRole("heading", { name: "Attributes" })).toBeVisible();
  await expect(details).toContainText("service.name");
  expect(asked.filter((path) => path === `/api/traces/${traceId}`)).toEqual([]);
  expect(asked.filter((path) => path === `/api/traces/${traceId}/details`)).toHaveLength(1);
});

test("a trace gives the same view over Jaeger's gRPC query API (instance A) and over /api/v3 (instance B)", async () => {
  const [grpc, http] = await Promise.all([apiAs("responder"), apiAs("responder", APP_B.url)]);
  // Once the trace has stopped growing: each instance keeps a view for 20 s.
  await expect(async () => {
    const search = await grpc.get(
      `/api/traces?${new URLSearchParams({ service: "web", operation: "POST /checkout", from: "now-15m", to: "now", limit: "5" })}`,
    );
    const { traces } = (await search.json()) as { traces: Summary[] };
    const traceId = traces.at(-1)?.traceId;
    expect(traceId).toBeDefined();
    const views = await Promise.all(
      [grpc, http].map(async (api) => {
        const response = await api.get(`/api/traces/${traceId}`);
        expect(response.ok()).toBe(true);
        return ((await response.json()) as { trace: { spanIds: string[] } }).trace;
      }),
    );
    expect(views[0]!.spanIds.length).toBeGreaterThan(1);
    expect(views[0]).toEqual(views[1]);
  }).toPass({ timeout: 60_000 });
  await Promise.all([grpc.dispose(), http.dispose()]);
});

test("a search's results come with the page, before its scripts run", async ({ page }) => {
  const scripts = (url: URL) => url.pathname.startsWith("/_next/static/") && url.pathname.endsWith(".js");
  await page.route(scripts, (route) => route.abort());
  // Traffic reaches web all the time in the e2e stack; the search may need a moment after start-up.
  await expect(async () => {
    await page.goto("/traces?service=web&from=now-15m");
    await expect(page.getByTestId("trace-results").locator("li").first()).toContainText("web", {
      timeout: 5_000,
    });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByLabel("Service", { exact: true })).toHaveValue("web");
});
