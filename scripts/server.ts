// Serves the app: Next.js behind our own Node.js HTTP server (lib/http/node-server.ts), which sees the
// connection's address that `next start` would leave to a client-sent X-Forwarded-For. The launcher
// (scripts/opsdeck.ts) runs it as `node --import tsx scripts/server.ts dev|start [--port N] [--hostname H]`
// once the database is ready; it takes the configuration from the environment, as the app does.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { env } from "../lib/config/env";
import { API_METHODS_FILE, type ApiMethods } from "../lib/http/api-methods";
import { createAppServer } from "../lib/http/node-server";
import { routeMatcher, type RoutesManifest } from "../lib/observability/http-metrics";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { port: { type: "string", default: "3000" }, hostname: { type: "string" } },
});
const dev = positionals[0] === "dev";
// As `next dev` and `next start` do, before anything reads it (React picks its build when first loaded).
Object.assign(process.env, { NODE_ENV: dev ? "development" : "production" });
const { default: next } = await import("next");
const port = Number(values.port);
const hostname = values.hostname;

const dir = path.resolve(import.meta.dirname, "..");
const app = next({
  dev,
  dir,
  hostname: hostname ?? "localhost",
  port,
});
await app.prepare();
// Route patterns for the HTTP metrics, as this build's router matches them (`next dev` writes its own).
const manifest = path.join(dir, ".next", ...(dev ? ["dev"] : []), "routes-manifest.json");
// The methods each API route answers, written by `next build` (none under `next dev`: a 405 goes without Allow).
const methods = path.join(dir, ".next", API_METHODS_FILE);
const server = createAppServer(app.getRequestHandler(), {
  trustedProxyHops: env().TRUSTED_PROXY_HOPS,
  appUrl: env().NEXTAUTH_URL,
  routeOf: existsSync(manifest)
    ? routeMatcher(JSON.parse(readFileSync(manifest, "utf8")) as RoutesManifest)
    : undefined,
  apiMethods:
    !dev && existsSync(methods) ? (JSON.parse(readFileSync(methods, "utf8")) as ApiMethods) : undefined,
});
server.listen(port, hostname, () =>
  console.log(`Listening on ${hostname ?? "every interface"}, port ${port}`),
);

let stopping = false;
const stop = (code: number) => {
  if (stopping) return;
  stopping = true;
  // Stop taking connections, let Next.js finish (instrumentation, pending work), then leave: open event
  // streams would otherwise keep the server alive.
  server.close();
  void app.close().finally(() => process.exit(code));
};
process.on("SIGINT", () => stop(130));
process.on("SIGTERM", () => stop(143));
