// The outage log hears "back" from any answer of the database, not only from the pool opening a new
// connection: a pool that already holds enough connections would otherwise say "back" minutes late.
import { afterAll, expect, it } from "vitest";
import { pool } from "./client";
import { databaseOutage } from "./errors";

afterAll(() => databaseOutage().succeeded());

it("ends an outage with the first query answered on a connection opened before it", async () => {
  const connection = await pool().connect();
  try {
    databaseOutage().failed(new Error("a failure seen by another request"));
    expect(databaseOutage().down).toBe(true);
    await connection.query("select 1");
    expect(databaseOutage().down).toBe(false);
  } finally {
    connection.release();
  }
});
