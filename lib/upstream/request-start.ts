// When the request being served arrived: the Node server in front of Next.js (lib/http/node-server.ts)
// runs each request inside `servingSince`, and waits on shared upstream loads (cache.ts) end a margin
// before that request's own time budget, not only the load's. So a page that reads two values one after
// the other while their upstream hangs waits the budget once, not twice; and, answered a margin before
// it, the viewers released together still have their answers within it. The upstream itself always gets
// half the budget, however long the request waited before asking.
// One store per process: the server is loaded as it is, the app's code bundled by Next.js, and both
// copies of this module must share it.
import { AsyncLocalStorage } from "node:async_hooks";

const KEY = Symbol.for("opsdeck.request-start");
const starts = ((globalThis as { [KEY]?: AsyncLocalStorage<number> })[KEY] ??=
  new AsyncLocalStorage<number>());

/** Runs `serve` as a request that arrived now (or at `since`, ms since the epoch). */
export function servingSince<T>(serve: () => T, since = Date.now()): T {
  return starts.run(since, serve);
}

/** When the request being served arrived, in ms since the epoch; undefined outside one. */
export function requestStartedAt(): number | undefined {
  return starts.getStore();
}

/** How long before its budget a request's waits end, to leave time for answering: a quarter, at most 500 ms. */
export function answerMargin(budgetMs: number): number {
  return Math.min(500, budgetMs / 4);
}
