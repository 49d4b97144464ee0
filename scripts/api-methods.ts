// Writes the methods each API route answers into the build (lib/http/api-methods.ts): run by next.config.js
// after `next build` compiles, with the build's folder as its argument. A process of its own, because
// loading every route module into the server would give it second copies of their module state.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { API_ROUTES } from "@/app/api/routes";
import { API_METHODS_FILE, servedMethods, type ApiMethods } from "@/lib/http/api-methods";

const distDir = process.argv[2];
if (!distDir) throw new Error("usage: api-methods.ts <the build's folder>");
const table: ApiMethods = Object.fromEntries(
  Object.entries(API_ROUTES).map(([pattern, module]) => [pattern, servedMethods(module)]),
);
writeFileSync(path.join(distDir, API_METHODS_FILE), `${JSON.stringify(table, null, 2)}\n`);
