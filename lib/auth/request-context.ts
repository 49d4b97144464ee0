// Builds the ServiceContext for the request being served (route handlers and server components). The
// session comes through the session cache (session-cache.ts), which every change of it reaches at once;
// the cookie's claims are decrypted once a minute at most (decoded-tokens.ts).
import { cookies, headers } from "next/headers";
import { getToken } from "next-auth/jwt";
import { env } from "@/lib/config/env";
import { decodedTokens } from "./decoded-tokens";
import { sessionCache } from "./session-cache";
import type { ServiceContext } from "@/lib/services/context";
import { requestMeta } from "./request-meta";

export async function requestContext(): Promise<ServiceContext> {
  const [h, c] = await Promise.all([headers(), cookies()]);
  const meta = requestMeta(h);
  const token = await getToken({
    req: {
      headers: Object.fromEntries(h.entries()),
      cookies: Object.fromEntries(c.getAll().map((x) => [x.name, x.value])),
    } as never,
    secret: env().NEXTAUTH_SECRET,
    secureCookie: env().NEXTAUTH_URL?.startsWith("https://") ?? false,
    decode: decodedTokens().decode,
  });
  const actor = typeof token?.sid === "string" ? await sessionCache().resolve(token.sid) : null;
  return { ...meta, actor };
}
