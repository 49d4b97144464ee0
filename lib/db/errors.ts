// Recognises "the database is not there" among the errors of Prisma, its PostgreSQL driver adapter and
// node-postgres, by their codes, so that callers answer 503 naming the database instead of a generic 500.
// The same outage reaches us in several shapes, each of which is looked into:
// - node-postgres: a DatabaseError whose `code` is the SQLSTATE, or a socket error (`ECONNREFUSED`…);
// - the driver adapter (@prisma/adapter-pg): a DriverAdapterError whose `cause` has a `kind`
//   (`DatabaseNotReachable`, `ConnectionClosed`…) or, for other server errors, `kind: "postgres"` with the
//   SQLSTATE as `code` and `originalCode`;
// - Prisma: a known request error with its own code (P1001…), or P2039/P2010 ("Database error", "Raw query
//   failed") with the adapter's error in `meta.driverAdapterError`;
// - the pool (pg-pool): a connection it could not get in time has only a message, so the pool of this app
//   gives every failure to get a connection our own code (lib/db/client.ts);
// - and any of these as the `cause` of another, or among an AggregateError's `errors`.
import { outageLog } from "@/lib/observability/outage";

const PRISMA_UNAVAILABLE = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
const NODE_UNAVAILABLE = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EPIPE",
]);
/** The code of a connection the pool could not get (refused, timed out, every connection busy too long). */
export const CONNECTION_UNAVAILABLE = "OPSDECK_DB_CONNECTION_UNAVAILABLE";

const ADAPTER_UNAVAILABLE = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
]);

/**
 * SQLSTATEs of a server that cannot serve now: class 08 (connection exception), class 53 (insufficient
 * resources: too many connections, disk full, out of memory) and 57P01–57P03 (shutting down by an
 * administrator or a crash, or not accepting connections yet: "the database system is shutting down",
 * "… is starting up").
 */
export function isUnavailableSqlState(code: string): boolean {
  return /^(08|53)[0-9A-Z]{3}$/.test(code) || /^57P0[123]$/.test(code);
}

type Shapes = {
  code?: unknown;
  originalCode?: unknown;
  kind?: unknown;
  cause?: unknown;
  meta?: unknown;
  driverAdapterError?: unknown;
  errors?: unknown;
};

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 6) return false;
  const { code, originalCode, kind, cause, meta, driverAdapterError, errors } = error as Shapes;
  for (const c of [code, originalCode]) {
    if (typeof c !== "string") continue;
    if (c === CONNECTION_UNAVAILABLE) return true;
    if (PRISMA_UNAVAILABLE.has(c) || NODE_UNAVAILABLE.has(c) || isUnavailableSqlState(c)) return true;
  }
  if (typeof kind === "string" && ADAPTER_UNAVAILABLE.has(kind)) return true;
  const nested = [cause, meta, driverAdapterError, ...(Array.isArray(errors) ? errors : [])];
  return nested.some((e) => isDatabaseUnavailable(e, depth + 1));
}

/** The log of the database's outages: one line when it goes, one every 30 s while it stays away, one when back. */
export const databaseOutage = () => outageLog("The database", { upstream: "database" });
