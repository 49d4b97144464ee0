import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname) };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          env: { LOG_LEVEL: "silent" },
          include: [
            "app/**/*.test.ts",
            "proxy.test.ts",
            "lib/**/*.test.ts",
            "components/**/*.test.ts",
            "scripts/**/*.test.ts",
            "stack/**/*.test.ts",
          ],
          exclude: ["**/*.int.test.ts", "**/*.stack.test.ts", "node_modules/**"],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          env: { LOG_LEVEL: "silent", AUDIT_CHAIN_KEY: "integration-tests-audit-chain-key-0123456789" },
          include: [
            "lib/**/*.int.test.ts",
            "scripts/**/*.int.test.ts",
            "stack/**/*.int.test.ts",
            "tests/**/*.int.test.ts",
          ],
          environment: "node",
          // One real PostgreSQL for the run; every test file gets a database of its own.
          globalSetup: ["tests/support/postgres.global-setup.ts"],
          setupFiles: ["tests/support/database.setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "stack",
          include: ["**/*.stack.test.ts"],
          exclude: ["node_modules/**"],
          environment: "node",
          env: { LOG_LEVEL: "silent", AUDIT_CHAIN_KEY: "stack-tests-audit-chain-key-0123456789" },
          // One real stack (Prometheus, Alertmanager, Jaeger, the demo fleet) and one PostgreSQL for the
          // run; files take turns on the stack, and each has its own database.
          globalSetup: ["tests/support/postgres.global-setup.ts", "tests/support/stack.global-setup.ts"],
          setupFiles: ["tests/support/database.setup.ts", "tests/support/stack.setup.ts"],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
