// The Prisma client of this process, over one node-postgres pool (its gauges are exported on /api/metrics).
// Only lib/ imports this; app/ and components/ go through lib/services.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { env } from "@/lib/config/env";
import { codeConnectionFailures, ConnectionCodingClient } from "./connections";
import { databaseOutage } from "./errors";
import { PrismaClient } from "./generated/client";

export type Db = PrismaClient;
/** The client handed to a `$transaction` callback. */
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

type Holder = { pool: pg.Pool; db: PrismaClient };

// Survives Next.js dev reloads, which would otherwise open a new pool per edit.
const globalHolder = globalThis as unknown as { __opsdeckDb?: Holder };

function connectionString(): string {
  const url = env().DATABASE_URL;
  if (!url) {
    throw new Error(
      "DATABASE_URL is not set. Start the app with `npm start` or `npm run dev`, which provide an embedded PostgreSQL, or set DATABASE_URL.",
    );
  }
  return url;
}

function create(): Holder {
  const pool = new pg.Pool({
    connectionString: connectionString(),
    max: env().DATABASE_POOL_MAX,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    // A runaway query must not hold a connection forever.
    statement_timeout: 30_000,
    application_name: "opsdeck",
    // Failures of a lost connection carry a code, so that they answer 503 (connections.ts).
    Client: ConnectionCodingClient,
  });
  codeConnectionFailures(pool);
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on("error", () => undefined);
  // A new connection means the server takes them again: the end of an outage, if there was one.
  pool.on("connect", () => databaseOutage().succeeded());
  return { pool, db: new PrismaClient({ adapter: new PrismaPg(pool) }) };
}

function holder(): Holder {
  globalHolder.__opsdeckDb ??= create();
  return globalHolder.__opsdeckDb;
}

export function db(): PrismaClient {
  return holder().db;
}

export function pool(): pg.Pool {
  return holder().pool;
}

/** Closes the pool if this process opened one. */
export async function disconnect(): Promise<void> {
  const current = globalHolder.__opsdeckDb;
  if (!current) return;
  globalHolder.__opsdeckDb = undefined;
  await current.db.$disconnect().catch(() => undefined);
  await current.pool.end().catch(() => undefined);
}
