import { describe, expect, it } from "vitest";
import { secretsEqual } from "./constant-time";

describe("secretsEqual", () => {
  const secret = "webhook-token-0123456789";

  it("is true for the same secret only", () => {
    expect(secretsEqual(secret, secret)).toBe(true);
    expect(secretsEqual(`${secret}`.slice(0), secret)).toBe(true);
    expect(secretsEqual(secret.replace(/.$/, "x"), secret)).toBe(false);
  });

  it("answers false, never throws, whatever the length of what is given", () => {
    for (const given of [
      "",
      "short",
      `${secret}-and-more`,
      `${secret.slice(0, -1)}\u00e9`,
      "\u0000",
      "\uD800",
    ])
      expect(secretsEqual(given, secret), JSON.stringify(given)).toBe(false);
  });
});
