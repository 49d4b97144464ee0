// The methods each API route answers, as Next.js serves them: the handlers its module exports, HEAD where
// it has GET, and OPTIONS (Next.js answers those two itself). `next build` writes the table into the build
// (next.config.js runs scripts/api-methods.ts after compiling), and the Node server in front of Next.js
// answers a method a route does not export from it, with the API's error body and an Allow header, where
// Next.js would answer a bare 405: no body, no Allow (lib/http/node-server.ts).
import { METHODS } from "./operation";

/** Route pattern (`/api/runbooks/[id]`) → the methods it answers, in the order of an Allow header. */
export type ApiMethods = Record<string, string[]>;

/** Where the table is written, in the build's folder (`.next/`). */
export const API_METHODS_FILE = "api-methods.json";

/** What a route module answers, sorted as Next.js sorts its own Allow header (OPTIONS's). */
export function servedMethods(module: object): string[] {
  const exported = METHODS.filter((method) => method in module);
  const served = new Set<string>([...exported, "OPTIONS"]);
  if (served.has("GET")) served.add("HEAD");
  return [...served].sort();
}

/** "GET, HEAD or OPTIONS". */
export function methodList(methods: string[]): string {
  return methods.length > 1 ? `${methods.slice(0, -1).join(", ")} or ${methods.at(-1)}` : (methods[0] ?? "");
}
