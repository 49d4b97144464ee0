import next from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...next,
  ...nextTs,
  {
    ignores: [
      ".next/**",
      "lib/db/generated/**",
      ".data/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
    ],
  },
  {
    rules: {
      // Data access goes through lib/services; see docs/ARCHITECTURE.md.
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/lib/db/generated/*", "@/lib/db/client"],
              message: "Use a service in lib/services instead of the database client.",
            },
          ],
        },
      ],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["lib/**", "scripts/**", "e2e/**", "tests/**", "**/*.test.ts"],
    rules: { "no-restricted-imports": "off" },
  },
];

export default config;
