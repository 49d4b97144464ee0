import next from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// The layering of docs/ARCHITECTURE.md ("The layers") as import rules. Type-only imports never reach the
// browser bundle or call anything, so where a layer may not use a module it may still name its types.
const databaseClient = {
  group: ["@/lib/db/generated/*", "@/lib/db/client"],
  message: "Use a service in lib/services instead of the database client.",
};
const upstreamClients = {
  group: [
    "@/lib/prometheus/*",
    "@/lib/alertmanager/*",
    "@/lib/jaeger/*",
    "@/lib/kubernetes/*",
    "@/lib/upstream/*",
    // Pure PromQL building (escaping label values), which links into Explore are made with.
    "!@/lib/prometheus/promql",
  ],
  allowTypeImports: true,
  message:
    "Pages and components reach upstream systems through a service in lib/services; import only types from an upstream client.",
};
// What components may import as values from lib/services: the modules made for forms and the browser
// (zod schemas, constants and pure helpers: no I/O, no configuration), as paths under lib/services/ where
// `*` is one folder. The rest is types only: components get their data through the hooks in lib/client.
const browserSafeServiceModules = ["*/schemas", "search/marks", "search/ranking", "runbooks/checklist"];
const servicesFromComponents = {
  // A regex, because a glob cannot re-admit files below a folder it excludes.
  regex: `^@/lib/services/(?!(${browserSafeServiceModules.map((m) => m.replace("*", "[\\w-]+")).join("|")})$)`,
  allowTypeImports: true,
  message:
    "Components get data through the hooks in lib/client; from lib/services import only types, a domain's schemas, or a module listed as browser-safe in eslint.config.mjs.",
};

const restrictImports = (...patterns) => ({
  "@typescript-eslint/no-restricted-imports": ["error", { patterns }],
});

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
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  { files: ["**/*.ts", "**/*.tsx"], rules: restrictImports(databaseClient) },
  { files: ["app/**"], rules: restrictImports(databaseClient, upstreamClients) },
  {
    files: ["components/**"],
    rules: restrictImports(databaseClient, upstreamClients, servicesFromComponents),
  },
  {
    files: ["lib/**", "scripts/**", "e2e/**", "tests/**", "**/*.test.ts"],
    rules: { "@typescript-eslint/no-restricted-imports": "off" },
  },
  // Links prefetch on intent, not on sight (components/ui/link.tsx says why).
  {
    files: ["app/**", "components/**"],
    ignores: ["components/ui/link.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: [{ name: "next/link", message: "Use Link from @/components/ui/link." }] },
      ],
    },
  },
  // The browser side of lib/ is held to what components are.
  {
    files: ["lib/client/**"],
    ignores: ["**/*.test.ts"],
    rules: restrictImports(databaseClient, upstreamClients, servicesFromComponents),
  },
];

export default config;
