import { describe, expect, it } from "vitest";
import { Prisma } from "./generated/client";
import { CONNECTION_UNAVAILABLE, isDatabaseUnavailable } from "./errors";

/** The driver adapter's error (@prisma/adapter-pg), as Prisma receives it. */
const adapterError = (cause: Record<string, unknown>) =>
  Object.assign(new Error(String(cause.kind)), { name: "DriverAdapterError", cause });

/** Prisma's known request error around the adapter's, as its runtime builds it (P2039, P2010). */
const prismaError = (code: string, driverAdapterError: Error) =>
  new Prisma.PrismaClientKnownRequestError(`Database error. Code: \`${code}\``, {
    code,
    clientVersion: "7.10.0",
    meta: { driverAdapterError },
  });

/** A server error of node-postgres (pg-protocol's DatabaseError): the SQLSTATE is its `code`. */
const serverError = (code: string, message: string) =>
  Object.assign(new Error(message), { code, severity: "FATAL" });

describe("isDatabaseUnavailable", () => {
  it.each([
    [{ code: "P1001" }],
    [{ code: "ECONNREFUSED" }],
    [{ code: "57P01" }],
    [{ code: "08006" }],
    [new Error("wrapped", { cause: { code: "ECONNRESET" } })],
    [Object.assign(new AggregateError([Object.assign(new Error("v6"), { code: "ECONNREFUSED" })]), {})],
  ])("recognises %o", (error) => expect(isDatabaseUnavailable(error)).toBe(true));

  it.each([[{ code: "P2002" }], [{ code: "23505" }], [new Error("boom")], [null], ["ECONNREFUSED"]])(
    "ignores %o",
    (error) => expect(isDatabaseUnavailable(error)).toBe(false),
  );

  it("finds the SQLSTATE of a server shutting down in Prisma's P2039, nested in the adapter's error", () => {
    const shuttingDown = prismaError(
      "P2039",
      adapterError({
        kind: "postgres",
        code: "57P03",
        originalCode: "57P03",
        severity: "FATAL",
        message: "the database system is shutting down",
        originalMessage: "the database system is shutting down",
      }),
    );
    expect(isDatabaseUnavailable(shuttingDown)).toBe(true);
    // A raw query's failure (P2010) carries it the same way.
    expect(
      isDatabaseUnavailable(prismaError("P2010", adapterError({ kind: "postgres", originalCode: "57P01" }))),
    ).toBe(true);
    // Any other server error in the same shape is not an outage.
    expect(
      isDatabaseUnavailable(prismaError("P2039", adapterError({ kind: "postgres", originalCode: "42P01" }))),
    ).toBe(false);
  });

  it.each(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"])(
    "recognises the adapter's %s",
    (kind) => expect(isDatabaseUnavailable(adapterError({ kind }))).toBe(true),
  );

  it("recognises the server's states of not serving, and connections the pool could not get", () => {
    expect(isDatabaseUnavailable(serverError("57P03", "the database system is starting up"))).toBe(true);
    expect(isDatabaseUnavailable(serverError("53300", "sorry, too many clients already"))).toBe(true);
    expect(isDatabaseUnavailable(serverError("57P02", "terminating connection because of crash"))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("lost"), { code: CONNECTION_UNAVAILABLE }))).toBe(
      true,
    );
    expect(isDatabaseUnavailable(serverError("57014", "canceling statement due to statement timeout"))).toBe(
      false,
    );
    expect(
      isDatabaseUnavailable(adapterError({ kind: "UniqueConstraintViolation", originalCode: "23505" })),
    ).toBe(false);
  });
});
