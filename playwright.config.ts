import { defineConfig } from "@playwright/test";
import { APP_A, APP_B } from "./e2e/support/instances";

// Debian's Chromium (ENVIRONMENT.md: Playwright cannot download browsers here). The flags keep it from
// reaching for the internet, which this machine's closed network refuses.
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
  ],
};

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e",
  globalSetup: "./e2e/support/global-setup.ts",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  workers: 2,
  // The JSON report feeds the suite's closing count (scripts/test-summary.mjs).
  reporter: [
    ["list"],
    ["json", { outputFile: "test-results/e2e.json" }],
    ...(process.env.CI
      ? [["html", { open: "never", outputFolder: "test-results/e2e-report" }] as const]
      : []),
  ],
  use: {
    baseURL: APP_A.url,
    launchOptions: chromium,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    { name: "setup", testMatch: /support\/.*\.setup\.ts/ },
    { name: "api", testMatch: /api\/.*\.spec\.ts/, dependencies: ["setup"] },
    { name: "ui", testMatch: /ui\/.*\.spec\.ts/, dependencies: ["setup"] },
    // Schemathesis over /api/openapi.json as each role (e2e/fuzz/); `npm run test:fuzz` runs it longer.
    { name: "fuzz", testMatch: /e2e\/fuzz\/.*\.spec\.ts/, dependencies: ["setup"] },
  ],
  metadata: { instances: [APP_A.url, APP_B.url] },
});
