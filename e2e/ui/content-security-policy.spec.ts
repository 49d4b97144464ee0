// Every page answers with a Content-Security-Policy whose script nonce is new on every response, and works
// under it: Next.js's scripts run, and the browser reports no violation while the page loads and fetches
// (charts, virtual lists, the theme script, the trace page's preloaded fetch, the sign-in page). Pages
// are found on disk, so a new one is covered.
import { readdirSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { ROOT } from "../support/app-process";
import { storageStateFor } from "../support/instances";
import { checkoutTraces, sampleIncident } from "../support/samples";

const PUBLIC = new Set(["/signin", "/invite/[token]"]);

/** Every page route under app/, as its path with [segments]. */
function pageRoutes(dir = path.join(ROOT, "app"), prefix = ""): string[] {
  const routes: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "api") continue;
    if (entry.isDirectory()) {
      // Route groups such as (console) do not appear in the URL.
      const segment = /^\(.*\)$/.test(entry.name) ? "" : `/${entry.name}`;
      routes.push(...pageRoutes(path.join(dir, entry.name), `${prefix}${segment}`));
    } else if (entry.name === "page.tsx") routes.push(prefix || "/");
  }
  return routes.sort();
}

/** Collects what the browser reports: violation events and console messages about the policy. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content[- ]Security[- ]Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.exposeFunction("__reportCspViolation", (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      (window as unknown as { __reportCspViolation: (t: string) => void }).__reportCspViolation(
        `${event.violatedDirective} blocked ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber})`,
      );
    });
  });
  return violations;
}

async function visit(page: Page, url: string, violations: string[], nonces: Set<string>) {
  const response = await page.goto(url);
  expect(response, url).not.toBeNull();
  const policy = response!.headers()["content-security-policy"] ?? "";
  expect(policy, `${url} has a Content-Security-Policy`).toMatch(
    /script-src 'self' 'nonce-[^']+' 'strict-dynamic'/,
  );
  expect(policy).toContain("frame-ancestors 'none'");
  const nonce = /'nonce-([^']+)'/.exec(policy)![1]!;
  expect(nonces.has(nonce), `${url}: a nonce is never reused`).toBe(false);
  nonces.add(nonce);
  await page.waitForLoadState("networkidle");
  // Next.js's runtime ran (its scripts carry the nonce): it announces itself on window.
  expect(await page.evaluate(() => typeof (window as unknown as { next?: unknown }).next), url).toBe(
    "object",
  );
  expect(violations, `${url}: no Content-Security-Policy violation`).toEqual([]);
}

test("every page answers with a strict Content-Security-Policy and works under it", async ({ browser }) => {
  test.setTimeout(180_000);
  const { incident, runbook } = await sampleIncident();
  const [trace] = await checkoutTraces();
  const values: Record<string, string> = {
    "[ref]": String(incident),
    "[id]": runbook,
    "[name]": "checkout",
    "[traceId]": trace,
    "[token]": "no-such-invitation-0123456789",
  };
  const routes = pageRoutes();
  expect(routes).toEqual(expect.arrayContaining(["/", "/incidents/[ref]", "/traces/[traceId]", "/signin"]));

  const nonces = new Set<string>();
  for (const signedIn of [true, false]) {
    const context = await browser.newContext({
      storageState: signedIn ? storageStateFor("admin") : { cookies: [], origins: [] },
    });
    const page = await context.newPage();
    const violations = await watchViolations(page);
    for (const route of routes.filter((r) => PUBLIC.has(r) !== signedIn)) {
      const url = route.replace(/\[[^\]]+\]/g, (segment) => values[segment] ?? "x");
      await visit(page, url, violations, nonces);
    }
    if (!signedIn) {
      // The policy is enforced, and a violation would have been seen: injected markup cannot run script.
      await page.evaluate(() =>
        document.body.insertAdjacentHTML(
          "beforeend",
          '<img src="/no-such-image" onerror="window.__injected = true">',
        ),
      );
      await expect.poll(() => violations.length).toBeGreaterThan(0);
      expect(
        await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected),
      ).toBeUndefined();
    }
    await context.close();
  }
});
