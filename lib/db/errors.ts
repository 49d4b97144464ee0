// Recognises "the database is not there" among the errors of Prisma and node-postgres, by their codes,
// so that callers answer 503 naming the database instead of a generic 500.

const PRISMA_UNAVAILABLE = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
const NODE_UNAVAILABLE = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EPIPE",
]);

type Coded = { code?: unknown; cause?: unknown; errors?: unknown };

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 4) return false;
  const { code, cause, errors } = error as Coded;
  if (typeof code === "string") {
    if (PRISMA_UNAVAILABLE.has(code) || NODE_UNAVAILABLE.has(code)) return true;
    // SQLSTATE class 08 (connection exception) and 57P01-57P03 (server shutting down or starting).
    if (/^08/.test(code) || /^57P0[123]$/.test(code)) return true;
  }
  // AggregateError from net.connect trying IPv4 and IPv6.
  if (Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e, depth + 1))) return true;
  return isDatabaseUnavailable(cause, depth + 1);
}
