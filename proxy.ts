// Runs before every page (and next-auth's routes, which answer pages too): gives it a request id (the
// caller's if well-formed, else new), a Content-Security-Policy with a fresh nonce
// (lib/http/content-security-policy.ts) and, over https, HSTS; and sends anonymous visitors of pages to
// the sign-in page. It is only a convenience for access: every page and API call is authorized again by
// the service it uses (lib/services/context.ts). The rest of the API skips it: lib/http/node-server.ts
// gives those requests their id and their answers a policy of their own.
import { NextResponse, type NextRequest } from "next/server";
import { acceptedRequestId, REQUEST_ID_HEADER } from "@/lib/auth/request-meta";
import { env } from "@/lib/config/env";
import {
  contentSecurityPolicy,
  newNonce,
  NONCE_HEADER,
  strictTransportSecurity,
} from "@/lib/http/content-security-policy";

const PUBLIC_PAGES = ["/signin", "/invite/"];
const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];

function withSecurityHeaders(response: NextResponse, requestId: string, policy: string): NextResponse {
  response.headers.set(REQUEST_ID_HEADER, requestId);
  response.headers.set("Content-Security-Policy", policy);
  const hsts = strictTransportSecurity(env().NEXTAUTH_URL);
  if (hsts) response.headers.set("Strict-Transport-Security", hsts);
  return response;
}

export function proxy(request: NextRequest) {
  const requestId = acceptedRequestId(request.headers.get(REQUEST_ID_HEADER));
  const { pathname, search } = request.nextUrl;
  const nonce = newNonce();
  const policy = contentSecurityPolicy({
    nonce,
    development: process.env.NODE_ENV === "development",
    imageOrigins: env().MARKDOWN_IMAGE_ORIGINS,
    https: env().NEXTAUTH_URL?.startsWith("https://") ?? false,
  });

  const isPage = !pathname.startsWith("/api/");
  const isPublic = PUBLIC_PAGES.some((p) => pathname === p || (p.endsWith("/") && pathname.startsWith(p)));
  const hasSession = request.cookies
    .getAll()
    .some((c) => SESSION_COOKIES.some((name) => c.name.startsWith(name)));
  if (isPage && !isPublic && !hasSession) {
    const url = new URL("/signin", request.url);
    if (pathname !== "/") url.searchParams.set("callbackUrl", `${pathname}${search}`);
    return withSecurityHeaders(NextResponse.redirect(url), requestId, policy);
  }

  const headers = new Headers(request.headers);
  headers.set(REQUEST_ID_HEADER, requestId);
  // Next.js takes the nonce for its own scripts from the request's policy.
  headers.set("Content-Security-Policy", policy);
  headers.set(NONCE_HEADER, nonce);
  return withSecurityHeaders(NextResponse.next({ request: { headers } }), requestId, policy);
}

export const config = {
  // Pages and next-auth's routes: not static assets, not the rest of the API.
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|icon.svg|robots.txt).*)", "/api/auth/:path*"],
};
