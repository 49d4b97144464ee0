// Request id, client IP and user agent of the request being served, from its headers.
import { randomUUID } from "node:crypto";
import { env } from "@/lib/config/env";

export const REQUEST_ID_HEADER = "x-request-id";

type HeaderSource = { get(name: string): string | null };

export type RequestMeta = { requestId: string; ip: string | null; userAgent: string | null };

/**
 * The client IP. Each of the TRUSTED_PROXY_HOPS proxies in front appends the address it saw to
 * X-Forwarded-For, so the entry that many places from the right is the client. With no proxy, the one
 * entry is the connection's address, which the server in front of Next.js writes there in place of
 * whatever the client sent (`forwardedForOfConnection`).
 */
export function clientIp(forwardedFor: string | null, hops = env().TRUSTED_PROXY_HOPS): string | null {
  const chain = (forwardedFor ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (chain.length === 0) return null;
  const entry = chain[Math.max(0, chain.length - Math.max(1, hops))]!;
  return entry.replace(/^::ffff:/, "").slice(0, 64);
}

/**
 * The X-Forwarded-For that the server (lib/http/node-server.ts) hands to Next.js, which keeps a header
 * the client sent and adds the connection's address only when there is none. With no trusted proxy, a
 * client-sent header is a claim anyone can make: only the connection's address is passed on. Behind
 * proxies, their chain is passed on as they wrote it.
 */
export function forwardedForOfConnection(
  received: string | undefined,
  connectionAddress: string | undefined,
  hops: number,
): string | undefined {
  return hops === 0 ? connectionAddress : (received ?? connectionAddress);
}

/**
 * A caller may name its request (a proxy or a client, to follow one request through its logs), but the
 * id goes into log lines, audit entries and response headers: one short token of letters, digits and
 * `_.:-`, or a new id in its place.
 */
export function acceptedRequestId(incoming: string | null): string {
  return incoming !== null && /^[\w.:-]{1,128}$/.test(incoming) ? incoming : randomUUID();
}

export function requestMeta(headers: HeaderSource): RequestMeta {
  return {
    requestId: acceptedRequestId(headers.get(REQUEST_ID_HEADER)),
    ip: clientIp(headers.get("x-forwarded-for")),
    userAgent: headers.get("user-agent")?.slice(0, 512) ?? null,
  };
}
