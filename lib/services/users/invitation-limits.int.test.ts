// Invitation and password links are attempts against a slow password hash: they are counted per client
// IP and per token, and an unknown link is refused, before anything is hashed.
import { randomBytes, randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db/client";
import { NotFoundError, RateLimitedError } from "@/lib/errors";
import { anonymousContext } from "@/lib/services/context";
import { contextFor } from "@/tests/support/actors";
import { uniqueEmail } from "@/tests/support/db";
import { acceptInvitation, inviteUser } from ".";

vi.mock("@/lib/auth/password", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/auth/password")>();
  return { ...real, hashPassword: vi.fn(real.hashPassword) };
});

const PASSWORD = "a long enough new password";
const fromIp = (ip: string) => anonymousContext({ requestId: randomUUID(), ip, userAgent: "vitest" });
const unknownToken = () => randomBytes(24).toString("base64url");
const attempt = (ip: string, token: string) =>
  acceptInvitation(fromIp(ip), { token, password: PASSWORD }).catch((e: Error) => e);

beforeEach(() => {
  vi.mocked(hashPassword).mockClear();
});

describe("accepting an invitation", () => {
  it("refuses an unknown link without hashing the password", async () => {
    expect(await attempt("10.20.0.1", unknownToken())).toBeInstanceOf(NotFoundError);
    expect(hashPassword).not.toHaveBeenCalled();
  });

  it("limits attempts per client IP (20 per 15 minutes), before the hash", async () => {
    for (let i = 0; i < 20; i++)
      expect(await attempt("10.20.0.2", unknownToken())).toBeInstanceOf(NotFoundError);
    const limited = (await attempt("10.20.0.2", unknownToken())) as RateLimitedError;
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect(limited.message).toMatch(
      /^Too many attempts with invitation links\. Try again in 1[45] minutes\.$/,
    );
    expect(limited.retryAfterSeconds).toBeGreaterThan(800);
    // Another address is not affected.
    expect(await attempt("10.20.0.3", unknownToken())).toBeInstanceOf(NotFoundError);
    expect(hashPassword).not.toHaveBeenCalled();
  });

  it("limits attempts per token (5 per 15 minutes), from however many addresses", async () => {
    const token = unknownToken();
    for (let i = 0; i < 5; i++) expect(await attempt(`10.21.0.${i}`, token)).toBeInstanceOf(NotFoundError);
    expect(await attempt("10.21.1.1", token)).toBeInstanceOf(RateLimitedError);
    expect(hashPassword).not.toHaveBeenCalled();
  });

  it("still sets the password with a good link, hashing it once", async () => {
    const admin = await contextFor("admin");
    const email = uniqueEmail("accepts");
    const { token } = await inviteUser(admin, { email, role: "viewer" });
    await expect(acceptInvitation(fromIp("10.22.0.1"), { token, password: PASSWORD })).resolves.toEqual({
      email,
    });
    expect(hashPassword).toHaveBeenCalledTimes(1);
    expect((await db().user.findUniqueOrThrow({ where: { email } })).status).toBe("active");
  });
});
