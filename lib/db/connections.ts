// node-postgres reports a connection it lost, or could not get, partly without a code: "Connection
// terminated unexpectedly", "Client has encountered a connection error and is not queryable" (a query on a
// connection that died, in a transaction, say), "timeout exceeded when trying to connect" (pg-pool: the
// server hung, or every connection stayed busy too long). Those would be unexpected errors (500) rather
// than the database being unavailable (503). The pool of this app gives them the code
// CONNECTION_UNAVAILABLE (lib/db/errors.ts), the original as their cause, by where they come from, not by
// what they say: every failure to get a connection, and every failure of a query on a connection that was
// lost.
import pg from "pg";
import { CONNECTION_UNAVAILABLE, databaseOutage, isDatabaseUnavailable } from "./errors";

function coded(error: unknown, what: string): unknown {
  if (!(error instanceof Error) || isDatabaseUnavailable(error)) return error;
  return Object.assign(new Error(`${what}: ${error.message}`, { cause: error }), {
    code: CONNECTION_UNAVAILABLE,
  });
}

type Callback = (error: unknown, ...results: unknown[]) => void;

/**
 * Calls `run` with `args`, passing errors through `map`, whether it answers by callback or promise, and
 * calling `succeeded` when it answers without one.
 */
function mapErrors(
  run: (...args: unknown[]) => unknown,
  args: unknown[],
  map: (error: unknown) => unknown,
  succeeded: () => void = () => undefined,
) {
  const last = args.at(-1);
  if (typeof last === "function") {
    return run(...args.slice(0, -1), (error: unknown, ...results: unknown[]) => {
      if (!error) succeeded();
      (last as Callback)(error && map(error), ...results);
    });
  }
  const result = run(...args);
  return result instanceof Promise
    ? result.then(
        (value) => {
          succeeded();
          return value;
        },
        (error: unknown) => Promise.reject(map(error)),
      )
    : result;
}

/**
 * The pool's client (pg-pool's `Client` option): the failures of its queries once its connection is lost
 * carry the code, and its answers end an outage in the log. It also always listens for errors: a connection that dies while checked out and between
 * queries would otherwise emit an error nobody handles, which ends the process.
 */
export class ConnectionCodingClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    let lost = false;
    this.on("error", () => (lost = true));
    this.on("end", () => (lost = true));
    const query = this.query.bind(this) as (...args: unknown[]) => unknown;
    this.query = ((...args: unknown[]) =>
      mapErrors(
        query,
        args,
        (error) => (lost ? coded(error, "The database connection was lost") : error),
        // Any answer ends an outage: waiting for the pool's next new connection said "back" minutes late
        // when the pool already held enough connections.
        () => databaseOutage().succeeded(),
      )) as typeof this.query;
  }
}

/** Every failure of `pool` to hand out a connection carries the code. */
export function codeConnectionFailures(pool: pg.Pool): void {
  const connect = pool.connect.bind(pool) as (...args: unknown[]) => unknown;
  pool.connect = ((...args: unknown[]) =>
    mapErrors(connect, args, (error) =>
      coded(error, "Could not get a database connection"),
    )) as typeof pool.connect;
}
