import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./errors";

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
});
