import { describe, expect, it } from "vitest";
import { entryHash, GENESIS_HASH, redact, unkeyedEntryHash, type ChainedFields } from "./chain";

const key = Buffer.from("a test key of at least thirty-two characters");

const entry: ChainedFields = {
  seq: 1n,
  at: new Date("2026-11-27T10:00:00.123Z"),
  actorId: null,
  actorEmail: "a@example.com",
  actorRole: "admin",
  authMethod: "credentials",
  action: "user.invite",
  targetType: "user",
  targetId: "u1",
  params: { b: 1, a: { d: [1, 2], c: "x" } },
  result: "success",
  reason: null,
  requestId: "r1",
  ip: "127.0.0.1",
  userAgent: "test",
};

describe("audit chain", () => {
  it("does not depend on key order (jsonb reorders keys)", () => {
    const reordered = { ...entry, params: { a: { c: "x", d: [1, 2] }, b: 1 } };
    expect(entryHash(key, GENESIS_HASH, reordered)).toBe(entryHash(key, GENESIS_HASH, entry));
  });

  it("changes with any field and with the previous hash", () => {
    const base = entryHash(key, GENESIS_HASH, entry);
    expect(entryHash(key, GENESIS_HASH, { ...entry, result: "denied" })).not.toBe(base);
    expect(entryHash(key, GENESIS_HASH, { ...entry, seq: 2n })).not.toBe(base);
    expect(entryHash(key, GENESIS_HASH, { ...entry, at: new Date(entry.at.getTime() + 1) })).not.toBe(base);
    expect(entryHash(key, "f".repeat(64), entry)).not.toBe(base);
  });

  it("is keyed: without the key, the hash cannot be recomputed", () => {
    const keyed = entryHash(key, GENESIS_HASH, entry);
    expect(
      entryHash(Buffer.from("another key of at least thirty-two characters"), GENESIS_HASH, entry),
    ).not.toBe(keyed);
    expect(unkeyedEntryHash(GENESIS_HASH, entry)).not.toBe(keyed);
    // Entries written before the chain was keyed keep their plain SHA-256 over the same text.
    expect(unkeyedEntryHash(GENESIS_HASH, entry)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("redacts secret-looking keys at any depth", () => {
    expect(
      redact({
        email: "a",
        password: "p",
        nested: [{ apiKey: "k", token: "t", name: "n" }],
        Authorization: "Bearer x",
      }),
    ).toEqual({
      email: "a",
      password: "[redacted]",
      nested: [{ apiKey: "[redacted]", token: "[redacted]", name: "n" }],
      Authorization: "[redacted]",
    });
  });
});
