// The app's HTTP metrics (opsdeck_http_requests_total, opsdeck_http_request_duration_seconds), taken by
// the Node server in front of Next.js (lib/http/node-server.ts) as each answer finishes, labelled by route
// pattern from the build's routes manifest so that label values stay bounded. They used to come from
// Next.js's spans, which meant recording every request's spans even with no trace exporter: about 0.6 ms
// of CPU per answer, 15 % of an API answer under load.
import type { IncomingMessage, ServerResponse } from "node:http";
import { metrics } from "./metrics";

/** The part of Next.js's `.next/routes-manifest.json` read here. */
export type RoutesManifest = {
  staticRoutes: { page: string }[];
  /** In the order Next.js matches them. */
  dynamicRoutes: { page: string; regex: string }[];
};

/** The route pattern a path is served by (`/incidents/[ref]`), or undefined (static files, unknown paths). */
export type RouteOf = (pathname: string) => string | undefined;

export function routeMatcher(manifest: RoutesManifest): RouteOf {
  const exact = new Set(manifest.staticRoutes.map((r) => r.page));
  const dynamic = manifest.dynamicRoutes.map((r) => ({ page: r.page, regex: new RegExp(r.regex) }));
  return (pathname) => {
    const path = pathname.length > 1 && pathname.endsWith("/") ? pathname.slice(0, -1) : pathname;
    if (exact.has(path)) return path;
    return dynamic.find((r) => r.regex.test(path))?.page;
  };
}

/** Counts the answer to `request` and its duration once it has been sent (or the client went away). */
export function observeAnswer(request: IncomingMessage, response: ServerResponse, routeOf: RouteOf): void {
  const url = request.url ?? "/";
  const query = url.indexOf("?");
  const route = routeOf(query === -1 ? url : url.slice(0, query));
  if (route === undefined) return;
  const started = process.hrtime.bigint();
  response.once("close", () => {
    const labels = { method: request.method ?? "GET", route, status: String(response.statusCode) };
    metrics().httpRequests.inc(labels);
    metrics().httpDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
  });
}
