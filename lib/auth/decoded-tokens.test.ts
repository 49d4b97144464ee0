import { decode, encode, type JWTDecodeParams } from "next-auth/jwt";
import { describe, expect, it, vi } from "vitest";
import { DecodedTokens } from "./decoded-tokens";

const secret = "a secret for the tests, long enough";

function counting() {
  const calls: string[] = [];
  const decoder = vi.fn(async (params: JWTDecodeParams) => {
    calls.push(params.token ?? "");
    return decode(params);
  });
  return { calls, decoder };
}

describe("DecodedTokens", () => {
  it("decrypts a cookie once, then answers from memory with the same claims", async () => {
    const { calls, decoder } = counting();
    const tokens = new DecodedTokens(decoder);
    const token = await encode({ token: { sid: "s1" }, secret });
    const first = await tokens.decode({ token, secret });
    const second = await tokens.decode({ token, secret });
    expect(first?.sid).toBe("s1");
    expect(second).toEqual(first);
    expect(calls).toHaveLength(1);
  });

  it("decrypts again after its time to live", async () => {
    const { calls, decoder } = counting();
    let now = Date.now();
    const tokens = new DecodedTokens(decoder, 1_000, () => now);
    const token = await encode({ token: { sid: "s1" }, secret });
    await tokens.decode({ token, secret });
    now += 1_001;
    await tokens.decode({ token, secret });
    expect(calls).toHaveLength(2);
  });

  it("never serves a token past its expiry, and then refuses it as next-auth does", async () => {
    const { calls, decoder } = counting();
    let now = Date.now();
    const tokens = new DecodedTokens(decoder, 3_600_000, () => now);
    const token = await encode({ token: { sid: "s1" }, secret, maxAge: 30 });
    expect((await tokens.decode({ token, secret }))?.sid).toBe("s1");
    now += 30_000 + 15_001; // past exp and next-auth's 15 s tolerance
    await tokens.decode({ token, secret }).catch(() => null);
    expect(calls).toHaveLength(2);
  });

  it("does not keep a cookie it could not decrypt, nor one altered by a byte", async () => {
    const { calls, decoder } = counting();
    const tokens = new DecodedTokens(decoder);
    const token = await encode({ token: { sid: "s1" }, secret });
    await tokens.decode({ token, secret });
    const altered = token.slice(0, -3) + (token.endsWith("AAA") ? "BBB" : "AAA");
    await expect(tokens.decode({ token: altered, secret })).rejects.toThrow();
    await expect(tokens.decode({ token: altered, secret })).rejects.toThrow();
    expect(calls).toHaveLength(3);
    expect(tokens.size).toBe(1);
  });
});
