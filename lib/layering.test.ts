// The layering rules of eslint.config.mjs fire where they should and stay quiet where imports are allowed.
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: process.cwd() });
});

/** The import rules that fire for `source` as the file at `filePath`. */
async function importProblems(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return result!.messages
    .filter((m) => m.ruleId === "@typescript-eslint/no-restricted-imports")
    .map((m) => m.message);
}

// Loading the configuration (Next.js's and typescript-eslint's) takes a few seconds, once.
const SLOW = 60_000;

describe("components", () => {
  it.each([
    ["a service function", `import { listIncidents } from "@/lib/services/incidents";\nlistIncidents;`],
    [
      "a service module's value",
      `import { getOverview } from "@/lib/services/health/overview";\ngetOverview;`,
    ],
    ["an upstream client", `import { prometheus } from "@/lib/prometheus/client";\nprometheus;`],
    ["the shared upstream layer", `import { jaeger } from "@/lib/upstream/configured";\njaeger;`],
    ["the database client", `import { db } from "@/lib/db/client";\ndb;`],
  ])(
    "may not import %s",
    async (_what, source) => {
      expect(await importProblems("components/example.tsx", source)).toHaveLength(1);
    },
    SLOW,
  );

  it.each([
    ["a service's types", `import type { IncidentDetail } from "@/lib/services/incidents";`],
    ["a type imported inline", `import { type Me } from "@/lib/services/me";`],
    ["an upstream client's types", `import type { RangeSeries } from "@/lib/prometheus/client";`],
    ["a domain's schemas", `import { SEVERITIES } from "@/lib/services/incidents/schemas";\nSEVERITIES;`],
    [
      "a browser-safe helper",
      `import { checklistSteps } from "@/lib/services/runbooks/checklist";\nchecklistSteps;`,
    ],
    ["the PromQL builder", `import { matcher } from "@/lib/prometheus/promql";\nmatcher;`],
  ])(
    "may import %s",
    async (_what, source) => {
      expect(await importProblems("components/example.tsx", source)).toEqual([]);
    },
    SLOW,
  );

  it(
    "may not re-export a service function either",
    async () => {
      const problems = await importProblems(
        "components/example.tsx",
        `export { listIncidents } from "@/lib/services/incidents";`,
      );
      expect(problems).toEqual([expect.stringContaining("hooks in lib/client")]);
    },
    SLOW,
  );
});

describe("query hooks", () => {
  it(
    "run in the browser, so they are held to what components are",
    async () => {
      const service = `import { listIncidents } from "@/lib/services/incidents";\nlistIncidents;`;
      expect(await importProblems("lib/client/example.ts", service)).toHaveLength(1);
      const types = `import type { IncidentDetail } from "@/lib/services/incidents";`;
      expect(await importProblems("lib/client/example.ts", types)).toEqual([]);
    },
    SLOW,
  );
});

describe("pages and route handlers", () => {
  it(
    "may call services (server components), but not upstream clients or the database",
    async () => {
      const service = `import { listIncidents } from "@/lib/services/incidents";\nlistIncidents;`;
      expect(await importProblems("app/(console)/example/page.tsx", service)).toEqual([]);
      const upstream = `import { alertmanager } from "@/lib/alertmanager/client";\nalertmanager;`;
      expect(await importProblems("app/api/example/route.ts", upstream)).toEqual([
        expect.stringContaining("through a service in lib/services"),
      ]);
      const database = `import { db } from "@/lib/db/client";\ndb;`;
      expect(await importProblems("app/api/example/route.ts", database)).toHaveLength(1);
    },
    SLOW,
  );
});

describe("services", () => {
  it(
    "use upstream clients and the database",
    async () => {
      const source = `import { db } from "@/lib/db/client";\nimport { prometheus } from "@/lib/prometheus/client";\ndb;\nprometheus;`;
      expect(await importProblems("lib/services/example.ts", source)).toEqual([]);
    },
    SLOW,
  );
});
