// Over real connections to the server in front of Next.js, with no trusted proxy: a client's forged
// X-Forwarded-For changes neither the IP that sign-in records in the audit log nor the per-IP limit of
// failed sign-ins. A stand-in for Next.js reads the request as route handlers do (requestMeta).
import { randomUUID } from "node:crypto";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestMeta } from "@/lib/auth/request-meta";
import { env } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { signInWithPassword } from "@/lib/services/auth/sign-in";
import { anonymousContext } from "@/lib/services/context";
import { createAppServer } from "./node-server";

const MAX_FAILURES_PER_IP = 3;

async function signInRoute(request: IncomingMessage, response: ServerResponse) {
  let body = "";
  for await (const chunk of request) body += chunk;
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers))
    if (typeof value === "string") headers.set(name, value);
  try {
    await signInWithPassword(anonymousContext(requestMeta(headers)), JSON.parse(body));
    response.writeHead(200).end();
  } catch (error) {
    response.writeHead(error instanceof AppError ? error.status : 500).end();
  }
}

let server: Server;
let url: string;

beforeAll(async () => {
  Object.assign(env(), {
    TRUSTED_PROXY_HOPS: 0,
    LOGIN_MAX_FAILURES_PER_IP: MAX_FAILURES_PER_IP,
  });
  server = createAppServer(signInRoute, { trustedProxyHops: 0 });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => server.close());

const signIn = (email: string, forwardedFor: string) =>
  fetch(url, {
    method: "POST",
    headers: { "X-Forwarded-For": forwardedFor },
    body: JSON.stringify({ email, password: "not the password" }),
  }).then((r) => r.status);

describe("the server in front of Next.js, with no trusted proxy", () => {
  it("records the connection's address for a sign-in, not the one the client claims", async () => {
    const email = `forger-${randomUUID()}@example.com`;
    expect(await signIn(email, "6.6.6.6")).toBe(401);

    const entries = await db().auditEntry.findMany({ where: { action: "auth.sign_in" } });
    const mine = entries.filter((e) => (e.params as { email?: string }).email === email);
    expect(mine.map((e) => [e.result, e.ip])).toEqual([["failed", "127.0.0.1"]]);
  });

  it("counts failed sign-ins against the connection's address however the client rotates its claim", async () => {
    await db().$executeRaw`DELETE FROM rate_limits`;
    for (let i = 1; i <= MAX_FAILURES_PER_IP; i++)
      expect(await signIn(`rotating-${i}-${randomUUID()}@example.com`, `10.9.0.${i}`)).toBe(401);
    expect(await signIn(`rotating-next-${randomUUID()}@example.com`, "10.9.0.99")).toBe(429);
    // Nor can a client spend someone else's budget: the one address counted is its own.
    const keys = await db().$queryRaw<
      { key: string }[]
    >`SELECT key FROM rate_limits WHERE key LIKE 'login-ip%'`;
    expect(keys.map((k) => k.key)).toEqual(["login-ip:127.0.0.1"]);
  });
});
